from odoo import fields, models


class ResCompany(models.Model):
    """Settings of the write-offs (their journal and accounts are the
    provision's)."""

    _inherit = "res.company"

    ar_writeoff_use_allowance = fields.Boolean(
        string="Write Off Against the Allowance",
        default=True,
        help="A write-off is booked against the allowance for doubtful accounts; "
        "unticked, or without an allowance account, against the bad-debt expense.",
    )
    ar_writeoff_recovery_account_id = fields.Many2one(
        "account.account",
        string="Bad-Debt Recovery Income",
        check_company=True,
        domain="[('account_type', 'in', ('income', 'income_other'))]",
        help="Money received after a write-off is booked to this account.",
    )
    ar_writeoff_same_person_allowed = fields.Boolean(
        string="One Person May Ask, Approve and Book a Write-Off",
        help="For small companies: the requester, an approver and the poster of a "
        "write-off may be the same person (never the requester approving his own "
        "request); each time it happens it is logged on the request. Off, they "
        "are different people.",
    )
