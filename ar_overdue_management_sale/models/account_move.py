from odoo import models


class AccountMove(models.Model):
    _inherit = "account.move"

    def _ar_credit_is_prepayment_invoice(self):
        """A down payment invoice may be posted for a customer held only for
        prepayment: it is how the customer prepays."""
        self.ensure_one()
        return any(line.is_downpayment for line in self.line_ids.sale_line_ids)
