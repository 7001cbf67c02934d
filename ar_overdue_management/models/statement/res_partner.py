from odoo import fields, models

from ..core.ar_customer_documents import count_by_customer, open_for_customer
from ..core.ar_security import DOCUMENT_GROUPS, RECEIVABLE_GROUPS

FREQUENCIES = [
    ("monthly", "Monthly"),
    ("quarterly", "Quarterly"),
    ("never", "Never"),
]


class ResPartner(models.Model):
    """How often the customer gets its statement of account."""

    _inherit = "res.partner"

    ar_statement_frequency = fields.Selection(
        FREQUENCIES,
        string="Statement of Account",
        default="monthly",
        groups=RECEIVABLE_GROUPS,
        help="The scheduled statement of the past period, e-mailed with a link to "
        "confirm or dispute it.",
    )
    ar_statement_ids = fields.One2many(
        "ar.statement", "partner_id", string="Statements", groups=RECEIVABLE_GROUPS
    )
    ar_statement_count = fields.Integer(
        string="Statement Count",
        compute="_compute_ar_statement_count",
        groups=DOCUMENT_GROUPS,
    )

    def _compute_ar_statement_count(self):
        counts = count_by_customer(self.env, "ar.statement", self)
        for partner in self:
            partner.ar_statement_count = counts.get(partner.commercial_partner_id, 0)

    def action_ar_statements(self):
        self.ensure_one()
        return open_for_customer(
            self.env,
            "ar_overdue_management.action_ar_statement",
            self,
            {"default_partner_ids": [self.commercial_partner_id.id]},
        )

    def action_ar_statement_make(self):
        """The statement window for these customers, for who makes them."""
        self.env["ar.statement.wizard"].check_access("create")
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "ar_overdue_management.action_ar_statement_wizard"
        )
        action["context"] = {
            "active_model": "res.partner",
            "active_ids": self.commercial_partner_id.ids,
        }
        return action
