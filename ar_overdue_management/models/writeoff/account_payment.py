from odoo import fields, models
from odoo.exceptions import UserError


class AccountPayment(models.Model):
    """A payment from a customer whose debts were written off, left open on
    its receivable, can be booked as bad-debt recovery from the payment
    itself."""

    _inherit = "account.payment"

    ar_recovery_request_id = fields.Many2one(
        "ar.writeoff.request",
        string="Written-Off Debt",
        compute="_compute_ar_recovery_request_id",
        groups="account.group_account_manager",
    )

    def _ar_open_receivable_line(self):
        self.ensure_one()
        return self.move_id.line_ids.filtered(
            lambda line: (
                line.account_id.account_type == "asset_receivable"
                and not line.reconciled
                and line.balance < 0
            )
        )[:1]

    def _compute_ar_recovery_request_id(self):
        requests = self.env["ar.writeoff.request"].search(
            [
                ("state", "=", "posted"),
                ("partner_id", "in", self.partner_id.commercial_partner_id.ids),
            ],
            order="posted_date, id",
        )
        for payment in self:
            open_line = (
                payment.state in ("in_process", "paid")
                and payment.partner_type == "customer"
                and bool(payment._ar_open_receivable_line())
            )
            payment.ar_recovery_request_id = (
                open_line
                and requests.filtered(
                    lambda r, p=payment: (
                        r.partner_id == p.partner_id.commercial_partner_id
                        and r.company_id == p.company_id
                        and r.recovered_amount < r.amount_company
                    )
                )[:1]
            )

    def action_ar_book_recovery(self):
        self.ensure_one()
        request = self.ar_recovery_request_id
        line = self._ar_open_receivable_line()
        if not request or not line:
            raise UserError(
                self.env._(
                    "This payment is matched already, or the customer has no debt written off."
                )
            )
        action = request.action_open_recovery()
        action["context"].update(
            {
                "default_payment_line_id": line.id,
                "default_amount": min(
                    -line.amount_residual,
                    request.amount_company - request.recovered_amount,
                ),
            }
        )
        return action
