"""Who may see and change what: invoicing users read, Collections Users read
the aging analysis, only Collections Managers configure tiers, each company
sees its own data, and the automatic refresh needs no collection rights."""

from common import OverdueCommon, days
from odoo import Command
from odoo.exceptions import AccessError


class TestOverdueSecurity(OverdueCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_2 = cls.setup_other_company()["company"]
        cls.customer = cls._customer("Harbour Foods", salesperson=cls.salesperson)
        cls.invoicing_user = cls._user("ar_invoicing", "account.group_account_invoice")
        cls.collector = cls._user(
            "ar_collector", "ar_overdue_management.group_ar_collection_user"
        )
        cls.collection_manager = cls._user(
            "ar_coll_manager", "ar_overdue_management.group_ar_collection_manager"
        )

    # ------------------------------------------------------------------
    # Invoicing users
    # ------------------------------------------------------------------
    def test_invoicing_user_reads_tiers(self):
        tiers = self.env["ar.overdue.tier"].with_user(self.invoicing_user).search([])
        self.assertEqual(tiers, self.tiers)
        self.assertEqual(tiers.mapped("range_display"), ["1-30", "31-60", "61+"])

    def test_invoicing_user_reads_customer_figures(self):
        self._invoice(self.customer, 800.0, days(-40))
        customer = self.customer.with_user(self.invoicing_user)
        self.assertEqual(customer.overdue_amount, 800.0)
        self.assertEqual(customer.overdue_max_days, 40)
        self.assertEqual(customer.aging_31_60, 800.0)
        self.assertEqual(customer.overdue_tier_id.name, "Moderate")
        self.assertEqual(customer.overdue_traffic_light, "orange")

    def test_invoicing_user_cannot_configure_tiers(self):
        Tier = self.env["ar.overdue.tier"].with_user(self.invoicing_user)
        with self.assertRaises(AccessError):
            Tier.create(
                {"name": "Critical", "days_from": 181, "company_id": self.company.id}
            )
        with self.assertRaises(AccessError):
            self.mild.with_user(self.invoicing_user).write({"ratio_threshold": 10.0})
        self.assertEqual(self.mild.ratio_threshold, 0.0)

    def test_invoicing_user_disputes_invoice(self):
        invoice = self._invoice(self.customer, 800.0, days(-40))
        wizard = (
            self.env["ar.overdue.dispute.wizard"]
            .with_user(self.invoicing_user)
            .create({"move_ids": [Command.set(invoice.ids)], "reason": "Wrong price"})
        )
        wizard.action_confirm()
        self.assertTrue(invoice.overdue_disputed)
        self.assertFalse(invoice.overdue_tier_id)

    # ------------------------------------------------------------------
    # Collections groups
    # ------------------------------------------------------------------
    def test_collector_reads_aging_report(self):
        invoice = self._invoice(self.customer, 800.0, days(-40))
        rows = (
            self.env["ar.aging.report"]
            .with_user(self.collector)
            .search([("partner_id", "=", self.customer.id)])
        )
        self.assertEqual(rows.move_id, invoice)
        self.assertEqual(rows.amount_31_60, 800.0)

    def test_collector_cannot_change_tier(self):
        with self.assertRaises(AccessError):
            self.moderate.with_user(self.collector).write({"ratio_threshold": 40.0})

    def test_collection_manager_changes_tiers(self):
        self.moderate.with_user(self.collection_manager).write(
            {
                "ratio_threshold": 40.0,
                "owner_role": "collection_team",
                "traffic_light": "red",
            }
        )
        self.assertEqual(self.moderate.ratio_threshold, 40.0)
        self.assertEqual(self.moderate.owner_role, "collection_team")
        self.assertEqual(self.moderate.traffic_light, "red")

    def test_accounting_administrator_is_collection_manager(self):
        admin = self._user("ar_acc_admin", "account.group_account_manager")
        self.assertTrue(
            admin.has_group("ar_overdue_management.group_ar_collection_manager")
        )
        self.severe.with_user(admin).write({"ratio_threshold": 90.0})
        self.assertEqual(self.severe.ratio_threshold, 90.0)

    # ------------------------------------------------------------------
    # Companies
    # ------------------------------------------------------------------
    def test_other_company_user_does_not_see_our_tiers_or_statuses(self):
        self._invoice(self.customer, 800.0, days(-40))
        self.assertTrue(self._status(self.customer))
        outsider = self._user(
            "ar_outsider",
            "ar_overdue_management.group_ar_collection_manager",
            company=self.company_2,
        )
        tiers = self.env["ar.overdue.tier"].with_user(outsider).search([])
        self.assertEqual(tiers, self.company_2.overdue_tier_ids)
        self.assertFalse(
            self.env["ar.partner.status"]
            .with_user(outsider)
            .search([("partner_id", "=", self.customer.id)])
        )
        self.assertFalse(
            self.env["ar.aging.report"]
            .with_user(outsider)
            .search([("partner_id", "=", self.customer.id)])
        )
        with self.assertRaises(AccessError):
            self.mild.with_user(outsider).read(["name"])

    # ------------------------------------------------------------------
    # Automatic refresh without collection rights
    # ------------------------------------------------------------------
    def test_daily_run_as_invoicing_user(self):
        invoice = self._invoice(self.customer, 800.0, days(0))
        result = self._cron(days(5), user=self.invoicing_user)
        self.assertEqual(result, {"done": 1, "remaining": 0})
        self.assertEqual(invoice.overdue_tier_id, self.mild)
        self.assertEqual(self._warnings(self.customer).user_id, self.salesperson)

    def test_payment_registration_as_invoicing_user(self):
        invoice = self._invoice(self.customer, 800.0, days(-40))
        self._pay(invoice, amount=800.0, user=self.invoicing_user)
        self.assertFalse(invoice.overdue_tier_id)
        self.assertFalse(self.customer.overdue_tier_id)
        self.assertEqual(self.customer.overdue_traffic_light, "green")

    def test_posting_as_invoicing_user_classifies_invoice(self):
        invoice = self._invoice(self.customer, 800.0, days(-40), post=False)
        invoice.with_user(self.invoicing_user).action_post()
        self.assertEqual(invoice.overdue_tier_id, self.moderate)
        self.assertWarnedOnceTo(self.risk_manager)

    def assertWarnedOnceTo(self, owner):
        warnings = self._warnings(self.customer)
        self.assertEqual(len(warnings), 1)
        self.assertEqual(warnings.user_id, owner)
