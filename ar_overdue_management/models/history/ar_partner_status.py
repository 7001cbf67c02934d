from odoo import api, models


class ArPartnerStatus(models.Model):
    """The receivable history follows the daily run: once the day's work of
    the other features is done, the day is written down."""

    _inherit = "ar.partner.status"

    @api.model
    def _overdue_after_run(self, as_of):
        """The day's receivable snapshot and, the first run on or after a
        month end, the month's customer figures."""
        res = super()._overdue_after_run(as_of)
        self.env["ar.receivable.snapshot"].sudo()._history_after_run(as_of)
        return res
