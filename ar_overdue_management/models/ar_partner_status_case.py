from odoo import api, models


class ArPartnerStatus(models.Model):
    """Collection cases follow the customers' tiers and debts."""

    _inherit = "ar.partner.status"

    @api.model
    def _overdue_after_refresh(self, changes):
        """Open a case for a customer that entered a tier, keep its figures
        in step, close it once nothing is overdue."""
        changes = super()._overdue_after_refresh(changes)
        self.env["ar.collection.case"]._case_sync(changes)
        return changes
