from odoo import models


class ArDunningLetter(models.Model):
    """A letter offers to pay online each invoice it lists that is still
    open when it is read (e-mailed, printed, or printed again)."""

    _inherit = "ar.dunning.letter"

    def _pay_links(self):
        """The "Pay now" links of the letter's invoices still open, in the
        letter's order (``account.move._ar_pay_links``)."""
        self.ensure_one()
        debts = self.line_ids.filtered(lambda line: line.kind == "debt")
        return debts.move_id._ar_pay_links(self.partner_id, self.company_id)
