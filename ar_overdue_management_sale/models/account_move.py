from odoo import models


class AccountMove(models.Model):
    _inherit = "account.move"

    def _ar_credit_is_prepayment_invoice(self):
        """A down payment invoice may be posted for a customer held only for
        prepayment: it is how the customer prepays.  Every line must bill a
        down payment of a confirmed order of this customer, for no more than
        that down payment: a line added by hand, or a line merely linked to
        some down payment, is credit again."""
        self.ensure_one()
        lines = self.invoice_line_ids.filtered(
            lambda line: line.display_type == "product"
        )
        if not lines:
            return False
        customer = self.commercial_partner_id
        for line in lines:
            down_payments = line.sale_line_ids.filtered(
                lambda sol: (
                    sol.is_downpayment
                    and sol.order_id.state == "sale"
                    and sol.order_id.partner_id.commercial_partner_id == customer
                    and sol.order_id.company_id == self.company_id
                )
            )
            if not down_payments or down_payments != line.sale_line_ids:
                return False
            allowed = sum(down_payments.mapped("price_unit"))
            if self.currency_id.compare_amounts(abs(line.price_unit), allowed) > 0:
                return False
            if self.currency_id.compare_amounts(line.quantity, 1.0) > 0:
                return False
        return True

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
