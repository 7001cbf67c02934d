from odoo import fields, models

from ..core.ar_customer_documents import count_by_customer, open_for_customer
from ..core.ar_security import DOCUMENT_GROUPS


class ResPartner(models.Model):
    """The customer's write-off requests, one click away from its form."""

    _inherit = "res.partner"

    ar_writeoff_count = fields.Integer(
        string="Write-Offs",
        compute="_compute_ar_writeoff_count",
        groups=DOCUMENT_GROUPS,
    )

    def _compute_ar_writeoff_count(self):
        counts = count_by_customer(self.env, "ar.writeoff.request", self)
        for partner in self:
            partner.ar_writeoff_count = counts.get(partner.commercial_partner_id, 0)

    def action_ar_writeoffs(self):
        self.ensure_one()
        return open_for_customer(
            self.env, "ar_overdue_management.ar_writeoff_request_action", self
        )
