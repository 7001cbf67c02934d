from odoo import api, fields, models
from odoo.tools import SQL


class ArReceivableSnapshot(models.Model):
    """With Sales, the receivable history is also kept per sales team."""

    _inherit = "ar.receivable.snapshot"

    team_id = fields.Many2one(
        "crm.team",
        string="Sales Team",
        readonly=True,
        ondelete="set null",
        help="The sales team of the invoices.",
    )

    @api.model
    def _history_line_dimensions(self):
        """The sales team of each invoice (written to the database first:
        the snapshot reads it in SQL)."""
        self.env["account.move"].flush_model(["team_id"])
        return {**super()._history_line_dimensions(), "team_id": SQL("m.team_id")}
