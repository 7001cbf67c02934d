from odoo import fields, models
from odoo.addons.ar_overdue_management.models.core.res_partner import RECEIVABLE_GROUPS

#: Salespeople see the holds and grades of customers (never the amounts).
SALES_GROUPS = f"{RECEIVABLE_GROUPS},sales_team.group_sale_salesman"
SEE_ALL = (
    "account.group_account_invoice",
    "account.group_account_readonly",
    "sales_team.group_sale_salesman_all_leads",
)


class ResPartner(models.Model):
    _inherit = "res.partner"

    credit_grade = fields.Selection(groups=SALES_GROUPS)
    credit_on_hold = fields.Boolean(groups=SALES_GROUPS)
    credit_hold_description = fields.Char(groups=SALES_GROUPS)
    credit_hold_enforced = fields.Boolean(groups=SALES_GROUPS)
    credit_prepayment_required = fields.Boolean(groups=SALES_GROUPS)

    def _ar_credit_visible(self):
        """A salesperson who sees only his own documents sees the standing
        of his own customers only."""
        visible = super()._ar_credit_visible()
        user = self.env.user
        if self.env.su or any(user.has_group(group) for group in SEE_ALL):
            return visible
        return visible.filtered(
            lambda p: p.commercial_partner_id.user_id == user or p.user_id == user
        )
