from odoo import fields, models


class MailActivity(models.Model):
    """A tier warning knows the customer status and the tier it was given
    for, so that it is closed, with a note, once the customer really left
    that tier."""

    _inherit = "mail.activity"

    ar_status_id = fields.Many2one(
        "ar.partner.status",
        string="Overdue Status",
        readonly=True,
        index="btree_not_null",
        ondelete="cascade",
    )
    ar_tier_id = fields.Many2one(
        "ar.overdue.tier", string="Warned Tier", readonly=True, ondelete="set null"
    )
