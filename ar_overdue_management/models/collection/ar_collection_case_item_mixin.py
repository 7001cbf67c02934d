from odoo import fields, models


class ArCollectionCaseItemMixin(models.AbstractModel):
    """Something recorded on a collection case (a contact, a promise, a
    decision, evidence, a plan, a letter): its case, and the case's
    customer, company and currency, stored for searches and record rules."""

    _name = "ar.collection.case.item.mixin"
    _description = "Item of a Collection Case"
    _check_company_auto = True

    case_id = fields.Many2one(
        "ar.collection.case",
        required=True,
        index=True,
        ondelete="restrict",
        check_company=True,
    )
    company_id = fields.Many2one(related="case_id.company_id", store=True)
    partner_id = fields.Many2one(related="case_id.partner_id", store=True, index=True)
    currency_id = fields.Many2one(related="case_id.currency_id")
