from odoo import models
from odoo.exceptions import UserError


class ResPartner(models.Model):
    """The customer's collection case, one click away from its form."""

    _inherit = "res.partner"

    def action_log_collection_contact(self):
        """Log a call on the customer's open collection case (current
        company)."""
        self.ensure_one()
        case = self.env["ar.collection.case"].search(
            [
                ("partner_id", "=", self.commercial_partner_id.id),
                ("company_id", "=", self.env.company.id),
                ("stage", "!=", "closed"),
            ],
            limit=1,
        )
        if not case:
            raise UserError(
                self.env._(
                    "%(customer)s has no open collection case: nothing is overdue.",
                    customer=self.commercial_partner_id.display_name,
                )
            )
        return case.action_log_contact()
