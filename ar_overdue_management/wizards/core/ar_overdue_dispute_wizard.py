from odoo import fields, models

from ...models.core.account_move_dispute import DISPUTE_KINDS


class ArOverdueDisputeWizard(models.TransientModel):
    """Ask the reason, the type and who resolves it before taking invoices
    out of overdue follow-up."""

    _name = "ar.overdue.dispute.wizard"
    _description = "Dispute Invoices"

    move_ids = fields.Many2many("account.move", string="Invoices", required=True)
    kind = fields.Selection(
        DISPUTE_KINDS, string="Dispute Type", required=True, default="price"
    )
    resolver_id = fields.Many2one(
        "res.users",
        string="Resolved By",
        help="Who fixes the price, quantity, quality or bookkeeping difference: "
        "gets an activity on each invoice.",
    )
    reason = fields.Text(required=True)

    def action_confirm(self):
        """Flag the invoices as disputed with the reason given, and assign
        the dispute."""
        self.ensure_one()
        self.move_ids._overdue_set_dispute(self.reason)
        self.move_ids._overdue_assign_dispute(self.kind, self.resolver_id)
        return {"type": "ir.actions.act_window_close"}
