from odoo import models


class PaymentTransaction(models.Model):
    _inherit = "payment.transaction"

    def _check_amount_and_confirm_order(self):
        """Payment processing never raises for a credit hold: an order paid
        in full is confirmed (no credit is given); a held quotation paid in
        part stays a quotation and its customer's credit manager gets an
        activity to decide."""
        confirmed = super()._check_amount_and_confirm_order()
        waiting = self.sale_order_ids.filtered(
            lambda o: o.state in ("draft", "sent") and o.amount_paid
        )
        for order in waiting:
            blocks = order._ar_credit_blocks()
            if blocks:
                order._ar_credit_schedule_review(blocks[0][2])
        return confirmed
