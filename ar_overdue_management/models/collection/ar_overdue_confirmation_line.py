from odoo import fields, models
from odoo.exceptions import UserError

REASON_SIDES = [
    ("internal", "Internal"),
    ("external", "External"),
    ("both", "Both"),
]
SUB_REASONS = [
    ("bookkeeping", "Bookkeeping Difference"),
    ("price", "Price Dispute"),
    ("quantity", "Quantity Dispute"),
    ("quality", "Quality Dispute"),
    ("cash_shortage", "Customer Cash Shortage"),
    ("deliberate", "Deliberate Delay"),
    ("other", "Other"),
]
#: What the account owner fills in.
REASON_FIELDS = {
    "reason_side",
    "sub_reason",
    "expected_amount",
    "expected_date",
    "note",
}


class ArOverdueConfirmationLine(models.Model):
    """One overdue invoice on an owner's monthly list: why it is overdue,
    how much is expected back and when."""

    _name = "ar.overdue.confirmation.line"
    _description = "Overdue Reason"
    _order = "partner_id, due_date, id"

    confirmation_id = fields.Many2one(
        "ar.overdue.confirmation", required=True, index=True, ondelete="cascade"
    )
    user_id = fields.Many2one(related="confirmation_id.user_id", store=True)
    company_id = fields.Many2one(related="confirmation_id.company_id", store=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    move_id = fields.Many2one(
        "account.move", string="Invoice", readonly=True, index=True
    )
    move_name = fields.Char(string="Invoice Number", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    due_date = fields.Date(readonly=True)
    amount = fields.Monetary(
        string="Overdue Amount", readonly=True, currency_field="currency_id"
    )
    reason_side = fields.Selection(REASON_SIDES, string="Reason")
    sub_reason = fields.Selection(SUB_REASONS)
    expected_amount = fields.Monetary(
        string="Expected to Recover", currency_field="currency_id"
    )
    expected_date = fields.Date(string="Expected On")
    note = fields.Char()

    def write(self, vals):
        if not self.env.su:
            if set(vals) - REASON_FIELDS:
                raise UserError(
                    self.env._("Only the reason, the expected amount and date change.")
                )
            if self.filtered(lambda line: line.confirmation_id.state == "confirmed"):
                raise UserError(self.env._("This list is already confirmed."))
            if self.filtered(lambda line: line.user_id != self.env.user):
                raise UserError(
                    self.env._("Only the account owner fills in his overdue reasons.")
                )
        res = super().write(vals)
        for line in self:
            if line.expected_amount < 0 or line.expected_amount > line.amount + 0.005:
                raise UserError(
                    self.env._(
                        "The amount expected back on %(invoice)s is between zero and "
                        "its overdue amount.",
                        invoice=line.move_name,
                    )
                )
        return res

    def _missing(self):
        """The lines not filled in yet."""
        return self.filtered(
            lambda line: (
                not (line.reason_side and line.sub_reason and line.expected_date)
            )
        )
