from odoo import fields, models
from odoo.exceptions import AccessError

from ...policy import history as history_policy
from ..core.ar_security import COLLECTION_MANAGER_GROUP


class ResCompany(models.Model):
    """The last month end of the receivable history, and its backfill."""

    _inherit = "res.company"

    ar_history_month_end = fields.Date(
        string="History Written up to",
        readonly=True,
        help="The last month end whose receivable snapshot and customer figures "
        "are written.",
    )
    ar_history_backfill_months = fields.Integer(
        string="Months to Rebuild",
        default=history_policy.BACKFILL_MONTHS,
        help="How many past month ends the backfill rebuilds from the ledger.",
    )

    def action_ar_history_backfill(self):
        """Rebuild the past month ends of these companies from the ledger
        (what was open on each of them), replacing what was written."""
        if not self.env.user.has_group(COLLECTION_MANAGER_GROUP):
            raise AccessError(
                self.env._("Only collection managers can rebuild the history.")
            )
        for months, companies in self.grouped("ar_history_backfill_months").items():
            companies._ar_history_backfill(months)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._("The receivable history is rebuilt."),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    def _ar_history_backfill(self, months=None, as_of=None):
        """Write the last ``months`` month ends on or before ``as_of``
        (default today), three statements a month end for all of these
        companies."""
        as_of = as_of or fields.Date.context_today(self)
        snapshots = self.env["ar.receivable.snapshot"].sudo()
        if months is None:
            months = history_policy.BACKFILL_MONTHS
        for day in history_policy.month_ends(as_of, months):
            snapshots._history_write_month(self.sudo(), day)
