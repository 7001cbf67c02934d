from odoo import api, models


class AccountPartialReconcile(models.Model):
    _inherit = "account.partial.reconcile"

    @api.model_create_multi
    def create(self, vals_list):
        """A payment or credit note applied: the invoices leave their tier at
        once instead of at the next daily run."""
        partials = super().create(vals_list)
        partials._overdue_moves()._overdue_refresh()
        return partials

    def unlink(self):
        """An unreconciled payment puts the invoices back into their tier."""
        moves = self._overdue_moves()
        res = super().unlink()
        moves.exists()._overdue_refresh()
        return res

    def _overdue_moves(self):
        """Customer moves on either side of these partial reconciliations."""
        moves = (self.debit_move_id | self.credit_move_id).move_id
        return moves.filtered(lambda m: m.is_sale_document(include_receipts=True))
