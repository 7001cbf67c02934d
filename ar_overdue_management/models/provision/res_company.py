from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ...policy import provision as provision_policy
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
    ar_provision_min_history_months = fields.Integer(
        string="Learned Rates: Minimum Months of History",
        default=provision_policy.DEFAULT_MIN_HISTORY_MONTHS,
        help="A learned rate seen in fewer months of the last twelve is replaced by "
        "the fixed rate (0: no minimum).",
    )
    ar_provision_min_history_invoices = fields.Integer(
        string="Learned Rates: Minimum Invoices",
        default=provision_policy.DEFAULT_MIN_HISTORY_INVOICES,
        help="A learned rate that rests on fewer invoices is replaced by the fixed "
        "rate (0: no minimum).",
    )
    ar_provision_rate_ids = fields.One2many(
        "ar.provision.rate", "company_id", string="Provision Rates"
    )

    @api.constrains(
        "ar_provision_min_history_months", "ar_provision_min_history_invoices"
    )
    def _check_ar_provision_min_history(self):
        for company in self:
            try:
                provision_policy.check_history_minimum(
                    company.ar_provision_min_history_months,
                    company.ar_provision_min_history_invoices,
                )
            except provision_policy.ProvisionPolicyError as error:
                if error.code == "history_months":
                    raise ValidationError(
                        self.env._(
                            "The minimum history of a learned rate is between 0 and "
                            "%(maximum)s months (the learning reads the last "
                            "%(maximum)s months).",
                            maximum=error.params["maximum"],
                        )
                    ) from error
                raise ValidationError(
                    self.env._(
                        "The minimum number of invoices behind a learned rate cannot "
                        "be negative."
                    )
                ) from error

    @api.model_create_multi
    def create(self, vals_list):
        companies = super().create(vals_list)
        self.env["ar.provision.rate"]._create_defaults(companies)
        return companies
