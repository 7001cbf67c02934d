from odoo import models


class AccountMove(models.Model):
    _inherit = "account.move"

    def _ar_credit_is_prepayment_invoice(self):
        """A down payment invoice may be posted for a customer held only for
        prepayment: it is how the customer prepays."""
        self.ensure_one()
        return any(line.is_downpayment for line in self.line_ids.sale_line_ids)

    def _ar_credit_exempt(self, credit):
        """The invoice of orders paid in full online gives no credit: it is
        posted whatever the hold (automatic invoicing after online payment).
        Every line must come from such an order: a line added by hand is
        credit again."""
        lines = self.invoice_line_ids.filtered(
            lambda line: line.display_type == "product"
        )
        orders = lines.sale_line_ids.order_id
        paid = (
            orders
            and all(line.sale_line_ids for line in lines)
            and all(o.amount_paid and o._is_paid() for o in orders)
        )
        if paid:
            return True
        return super()._ar_credit_exempt(credit)
