from odoo import fields, models
from odoo.exceptions import UserError

DISPUTE_KINDS = [
    ("price", "Price"),
    ("quantity", "Quantity"),
    ("quality", "Quality"),
    ("bookkeeping", "Bookkeeping Difference"),
    ("other", "Other"),
]


class AccountMove(models.Model):
    """A dispute goes to the person who resolves it, who gets an activity;
    the invoice stays out of tiers and dunning until the dispute is
    cleared."""

    _inherit = "account.move"

    overdue_dispute_kind = fields.Selection(
        DISPUTE_KINDS, string="Dispute Type", readonly=True, copy=False
    )
    overdue_dispute_user_id = fields.Many2one(
        "res.users",
        string="Dispute Resolved By",
        readonly=True,
        copy=False,
        help="The person who resolves the dispute.",
    )

    def _overdue_assign_dispute(self, kind, resolver):
        """Record the dispute's type and resolver; the resolver gets an
        activity on each invoice."""
        if kind not in dict(DISPUTE_KINDS):
            raise UserError(self.env._("Choose the type of the dispute."))
        self.sudo().write(
            {"overdue_dispute_kind": kind, "overdue_dispute_user_id": resolver.id}
        )
        if not resolver:
            return
        for move in self.sudo():
            move.activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=resolver.id,
                summary=self.env._("Resolve the dispute on %(name)s", name=move.name),
                note=move.overdue_dispute_reason,
            )

    def action_overdue_clear_dispute(self):
        res = super().action_overdue_clear_dispute()
        self.sudo().write(
            {"overdue_dispute_kind": False, "overdue_dispute_user_id": False}
        )
        return res
