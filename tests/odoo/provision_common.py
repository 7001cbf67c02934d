"""Set-up shared by the provision and write-off tests: the company's
allowance and bad-debt expense accounts, its provision journal, and a
finance user (accounting administrator) who books them."""

from credit_common import TODAY, CreditCommon, days

__all__ = ["TODAY", "ProvisionCommon", "days"]

MANAGER = "account.group_account_manager"


class ProvisionCommon(CreditCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the histories below are partly over 60 days overdue: no hold stops them
        cls.company.ar_credit_hold_enforced = False
        cls.customer = cls._customer("Harbour Foods")
        cls.finance = cls._user("ar_finance", MANAGER)
        cls.expense = cls.env["account.account"].create(
            {"name": "Bad-debt expense", "code": "681500", "account_type": "expense"}
        )
        cls.allowance = cls.env["account.account"].create(
            {
                "name": "Allowance for doubtful accounts",
                "code": "491000",
                "account_type": "asset_current",
            }
        )
        cls.company.write(
            {
                "ar_provision_expense_account_id": cls.expense.id,
                "ar_provision_allowance_account_id": cls.allowance.id,
                "ar_provision_journal_id": cls.company_data["default_journal_misc"].id,
            }
        )
