from odoo import models


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    def write(self, vals):
        """A due date moved on a posted receivable line changes the tier of
        its invoice now, not at the invoice's old check date."""
        res = super().write(vals)
        if "date_maturity" in vals:
            self.move_id.filtered(
                lambda m: (
                    m.state == "posted" and m.is_sale_document(include_receipts=True)
                )
            )._overdue_refresh()
        return res
