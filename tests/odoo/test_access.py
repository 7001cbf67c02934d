"""Who may do what on each model of the addon, and who may read receivables
at all: customer data is private to invoicing, accounting, collections (and,
with Sales, salespeople for their own customers)."""

from common import OverdueCommon, days
from odoo.exceptions import AccessError

EMPLOYEE = "base.group_user"
INVOICING = "account.group_account_invoice"
READONLY = "account.group_account_readonly"
COLLECTION_USER = "ar_overdue_management.group_ar_collection_user"
COLLECTION_MANAGER = "ar_overdue_management.group_ar_collection_manager"
CREDIT_MANAGER = "ar_overdue_management.group_ar_credit_manager"
AUDITOR = "ar_overdue_management.group_ar_auditor"

R, W, C, U = "read", "write", "create", "unlink"

#: model -> {group: operations its ACL allows}; anything not listed is refused
MATRIX = {
    "ar.overdue.tier": {
        EMPLOYEE: {R},
        INVOICING: {R},
        READONLY: {R},
        COLLECTION_USER: {R},
        COLLECTION_MANAGER: {R, W, C, U},
        CREDIT_MANAGER: {R},
        AUDITOR: {R},
    },
    "ar.partner.status": {
        INVOICING: {R},
        READONLY: {R},
        COLLECTION_USER: {R},
        COLLECTION_MANAGER: {R},
        CREDIT_MANAGER: {R},
        AUDITOR: {R},
    },
    "ar.partner.credit": {
        INVOICING: {R},
        READONLY: {R},
        COLLECTION_USER: {R},
        COLLECTION_MANAGER: {R, W, C},
        CREDIT_MANAGER: {R, W, C},
        AUDITOR: {R},
    },
    "ar.credit.rating": {
        INVOICING: {R},
        READONLY: {R},
        COLLECTION_USER: {R},
        COLLECTION_MANAGER: {R},
        CREDIT_MANAGER: {R},
        AUDITOR: {R},
    },
    "ar.credit.grade.policy": {
        EMPLOYEE: {R},
        INVOICING: {R},
        READONLY: {R},
        COLLECTION_USER: {R},
        COLLECTION_MANAGER: {R, W, C, U},
        CREDIT_MANAGER: {R},
        AUDITOR: {R},
    },
    "ar.aging.report": {
        READONLY: {R},
        COLLECTION_USER: {R},
        COLLECTION_MANAGER: {R},
        AUDITOR: {R},
    },
    "ar.collection.target": {
        READONLY: {R},
        COLLECTION_USER: {R},
        COLLECTION_MANAGER: {R, W, C, U},
        AUDITOR: {R},
    },
    "ar.collection.scorecard": {
        READONLY: {R},
        COLLECTION_USER: {R},
        COLLECTION_MANAGER: {R},
        AUDITOR: {R},
    },
    "ar.receivable.snapshot": {
        READONLY: {R},
        COLLECTION_USER: {R},
        COLLECTION_MANAGER: {R},
        AUDITOR: {R},
    },
    "ar.customer.month": {
        READONLY: {R},
        COLLECTION_USER: {R},
        COLLECTION_MANAGER: {R},
        AUDITOR: {R},
    },
    "ar.forecast.run": {
        READONLY: {R},
        COLLECTION_USER: {R},
        COLLECTION_MANAGER: {R},
        AUDITOR: {R},
    },
    "ar.forecast.line": {
        READONLY: {R},
        COLLECTION_USER: {R},
        COLLECTION_MANAGER: {R},
        AUDITOR: {R},
    },
    "ar.forecast.accuracy": {
        READONLY: {R},
        COLLECTION_USER: {R},
        COLLECTION_MANAGER: {R},
        AUDITOR: {R},
    },
    "ar.credit.hold.event": {
        INVOICING: {R},
        READONLY: {R},
        COLLECTION_USER: {R},
        COLLECTION_MANAGER: {R},
        CREDIT_MANAGER: {R},
        AUDITOR: {R},
    },
    "ar.audit.sample": {COLLECTION_MANAGER: {R}, AUDITOR: {R, W, C, U}},
    "ar.audit.stratum": {COLLECTION_MANAGER: {R}, AUDITOR: {R}},
    "ar.audit.sample.line": {COLLECTION_MANAGER: {R}, AUDITOR: {R}},
    "ar.audit.check": {COLLECTION_MANAGER: {R}, AUDITOR: {R}},
    "ar.audit.finding": {COLLECTION_MANAGER: {R}, AUDITOR: {R, C}},
}

PRIVATE_PARTNER_FIELDS = (
    "overdue_open_amount",
    "overdue_amount",
    "overdue_ratio",
    "overdue_max_days",
    "aging_over_180",
    "credit_grade",
    "credit_on_hold",
    "credit_hold_description",
)


class TestAccess(OverdueCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.users = {
            group: cls._user(f"ar_acl_{index}", group)
            for index, group in enumerate(
                (
                    EMPLOYEE,
                    INVOICING,
                    READONLY,
                    COLLECTION_USER,
                    COLLECTION_MANAGER,
                    CREDIT_MANAGER,
                    AUDITOR,
                )
            )
        }
        cls.customer = cls._customer("Harbour Foods", salesperson=cls.salesperson)

    def test_access_rights_of_each_group_on_each_model(self):
        for model, allowed in MATRIX.items():
            for group, user in self.users.items():
                for operation in (R, W, C, U):
                    with self.subTest(model=model, group=group, operation=operation):
                        granted = (
                            self.env["ir.model.access"]
                            .with_user(user)
                            .check(model, operation, raise_exception=False)
                        )
                        self.assertEqual(
                            granted, operation in allowed.get(group, set())
                        )

    def test_employee_cannot_read_receivables_of_a_customer(self):
        self._invoice(self.customer, 500.00, days(-40))
        employee = self.users[EMPLOYEE]
        for field_name in PRIVATE_PARTNER_FIELDS:
            with self.subTest(field=field_name), self.assertRaises(AccessError):
                self.customer.with_user(employee).read([field_name])

    def test_employee_cannot_search_customers_by_tier(self):
        with self.assertRaises(AccessError):
            self.env["res.partner"].with_user(self.users[EMPLOYEE]).search(
                [("overdue_tier_id", "!=", False)]
            )

    def test_invoicing_and_accounting_readonly_users_read_receivables(self):
        self._invoice(self.customer, 500.00, days(-40))
        for group in (INVOICING, READONLY):
            with self.subTest(group=group):
                values = self.customer.with_user(self.users[group]).read(
                    list(PRIVATE_PARTNER_FIELDS)
                )[0]
                self.assertEqual(values["overdue_amount"], 500.00)
                self.assertEqual(values["overdue_max_days"], 40)
