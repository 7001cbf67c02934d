from odoo import fields, models


class ArOverdueDisputeWizard(models.TransientModel):
    """Ask the reason before taking invoices out of overdue follow-up."""

    _name = "ar.overdue.dispute.wizard"
    _description = "Dispute Invoices"

    move_ids = fields.Many2many("account.move", string="Invoices", required=True)
    reason = fields.Text(required=True)

    def action_confirm(self):
        """Flag the invoices as disputed with the reason given."""
        self.ensure_one()
        self.move_ids._overdue_set_dispute(self.reason)
        return {"type": "ir.actions.act_window_close"}
