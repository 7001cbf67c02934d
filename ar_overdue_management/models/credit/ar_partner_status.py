from odoo import api, models


class ArPartnerStatus(models.Model):
    """Holds follow the customers' tiers and balances."""

    _inherit = "ar.partner.status"

    @api.model
    def _overdue_after_refresh(self, changes):
        """A tier change, a payment or a new invoice can put on hold or lift:
        re-evaluate the holds of every customer refreshed, with the figures
        the refresh already read."""
        changes = super()._overdue_after_refresh(changes)
        self.env["ar.partner.credit"]._credit_refresh_holds_pairs(
            changes.pairs, summaries=changes.summaries, as_of=changes.as_of
        )
        return changes
