from odoo import api, models


class ArPartnerStatus(models.Model):
    """Collection cases follow the customers' tiers and debts, and do the
    day's collection work once the daily run is done."""

    _inherit = "ar.partner.status"

    @api.model
    def _overdue_after_refresh(self, changes):
        """Open a case for a customer that entered a tier, keep its figures
        in step, close it once nothing is overdue."""
        changes = super()._overdue_after_refresh(changes)
        self.env["ar.collection.case"]._case_sync(changes)
        return changes

    @api.model
    def _overdue_after_run(self, as_of):
        """Promises settled, plans followed, late cases flagged, the monthly
        overdue reasons asked for."""
        res = super()._overdue_after_run(as_of)
        self.env["ar.collection.case"].sudo()._case_daily(as_of)
        return res
