from odoo import api, fields, models

from .ar_provision_run import SOURCES


class ResCompany(models.Model):
    """Settings of the bad-debt provision; each new company gets the
    policy's rates."""

    _inherit = "res.company"

    ar_provision_expense_account_id = fields.Many2one(
        "account.account",
        string="Bad-Debt Expense Account",
        check_company=True,
        domain="[('account_type', 'in', ('expense', 'expense_other'))]",
    )
    ar_provision_allowance_account_id = fields.Many2one(
        "account.account",
        string="Allowance for Doubtful Accounts",
        check_company=True,
        help="The allowance the provision books, a contra-asset account.",
    )
    ar_provision_journal_id = fields.Many2one(
        "account.journal",
        string="Provision Journal",
        check_company=True,
        domain="[('type', '=', 'general')]",
    )
    ar_provision_auto_reverse = fields.Boolean(
        string="Reverse the Provision Next Month",
        help="Each month's entry is reversed on the first day of the next month; "
        "the next run books the whole allowance again.",
    )
    ar_provision_rate_source = fields.Selection(
        SOURCES,
        string="Book the Provision at",
        default="fixed",
        required=True,
        help="The monthly run books the policy's rates or the rates learned from "
        "the company's history.",
    )
    ar_provision_rate_ids = fields.One2many(
        "ar.provision.rate", "company_id", string="Provision Rates"
    )

    @api.model_create_multi
    def create(self, vals_list):
        companies = super().create(vals_list)
        self.env["ar.provision.rate"]._create_defaults(companies)
        return companies
