from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ArCollectionAgreement(models.Model):
    """The agreement under which a law firm or a collection agency works
    for the company: its fee and its share of what it recovers."""

    _name = "ar.collection.agreement"
    _description = "Collection Agreement"
    _order = "partner_id, date_start desc"
    _check_company_auto = True

    name = fields.Char(required=True)
    partner_id = fields.Many2one(
        "res.partner", string="Law Firm or Agency", required=True, index=True
    )
    kind = fields.Selection(
        [("law_firm", "Law Firm"), ("agency", "Collection Agency")],
        required=True,
        default="agency",
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    fee = fields.Monetary(string="Fixed Fee", currency_field="currency_id")
    success_share = fields.Float(
        string="Success Share (%)", help="Share of the amounts it recovers."
    )
    date_start = fields.Date(required=True, default=fields.Date.context_today)
    date_end = fields.Date()
    active = fields.Boolean(default=True)

    @api.constrains("fee", "success_share", "date_start", "date_end")
    def _check_terms(self):
        for agreement in self:
            if agreement.fee < 0 or not 0 <= agreement.success_share <= 100:
                raise ValidationError(
                    self.env._(
                        "The fee cannot be negative and the success share is a "
                        "percentage from 0 to 100."
                    )
                )
            if agreement.date_end and agreement.date_end < agreement.date_start:
                raise ValidationError(
                    self.env._("The agreement ends before it starts.")
                )

    def _in_force(self, day):
        return self.filtered(
            lambda a: (
                a.active
                and a.date_start <= day
                and (not a.date_end or a.date_end >= day)
            )
        )
