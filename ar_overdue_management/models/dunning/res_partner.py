from odoo import fields, models

from ..core.ar_customer_documents import count_by_customer, open_for_customer
from ..core.ar_security import DOCUMENT_GROUPS


class ResPartner(models.Model):
    """The customer's dunning letters, one click away from its form."""

    _inherit = "res.partner"

    ar_letter_count = fields.Integer(
        string="Dunning Letters",
        compute="_compute_ar_letter_count",
        groups=DOCUMENT_GROUPS,
    )

    def _compute_ar_letter_count(self):
        counts = count_by_customer(self.env, "ar.dunning.letter", self)
        for partner in self:
            partner.ar_letter_count = counts.get(partner.commercial_partner_id, 0)

    def action_ar_letters(self):
        self.ensure_one()
        return open_for_customer(
            self.env, "ar_overdue_management.ar_dunning_letter_action", self
        )
