from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    ar_writeoff_recovery_account_id = fields.Many2one(
        "account.account",
        string="Bad-Debt Recovery Income",
        check_company=True,
        domain="[('account_type', 'in', ('income', 'income_other'))]",
        help="Money received after a write-off is booked to this account.",
    )
