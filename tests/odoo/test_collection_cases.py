"""Collection cases on real Odoo: the daily run opens one case per customer
and company when it enters a tier, keeps its figures and stage in step,
closes it once nothing is overdue and opens a new one when a debt comes
back; the team leader is told past three months, and past six the case is
formal with its own reference."""

from common import OverdueCommon, days
from freezegun import freeze_time
from odoo.exceptions import AccessError, UserError

COLLECTION_USER = "ar_overdue_management.group_ar_collection_user"


class TestCollectionCases(OverdueCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer = cls._customer("Harbour Foods", salesperson=cls.salesperson)
        cls.collector = cls._user("ar_case_collector", COLLECTION_USER)

    def _cases(self, partner=None, company=None):
        return self.env["ar.collection.case"].search(
            [
                ("partner_id", "=", (partner or self.customer).id),
                ("company_id", "=", (company or self.company).id),
            ]
        )

    def test_entering_a_tier_opens_one_case(self):
        self._invoice(self.customer, 500.00, days(-10))
        self._invoice(self.customer, 300.00, days(-5))
        case = self._cases()
        self.assertEqual(len(case), 1)
        self.assertEqual(
            (case.stage, case.tier_id, case.overdue_amount, case.days_overdue),
            ("reminder", self.mild, 800.00, 10),
        )
        self.assertEqual(case.user_id, self.salesperson)
        self.assertEqual(case.leader_id, self.collection_lead)
        self.assertTrue(case.name.startswith("CASE/"))
        self.assertEqual(len(case.invoice_ids), 2)

    def test_rerun_adds_no_case(self):
        self._invoice(self.customer, 500.00, days(-10))
        self._cron(days(0))
        self._cron(days(1))
        self.assertEqual(len(self._cases()), 1)

    def test_figures_and_stage_follow_the_debt(self):
        first = self._invoice(self.customer, 500.00, days(-10))
        self._invoice(self.customer, 200.00, days(-40))
        case = self._cases()
        self.assertEqual((case.stage, case.overdue_amount), ("dunning", 700.00))
        self._pay(first, amount=100.00)
        self.assertEqual(case.overdue_amount, 600.00)
        # the stage does not go down with the tier
        self._cron(days(25))
        self.assertEqual(case.stage, "escalated")

    def test_paid_customer_closes_its_case_and_a_new_debt_opens_another(self):
        invoice = self._invoice(self.customer, 500.00, days(-10))
        case = self._cases()
        self._pay(invoice)
        self.assertEqual((case.stage, case.closed_date), ("closed", days(0)))
        self.assertFalse(case.invoice_ids)
        self._invoice(self.customer, 80.00, days(-3))
        cases = self._cases()
        self.assertEqual(len(cases), 2)
        self.assertEqual(len(cases.filtered(lambda c: c.stage != "closed")), 1)

    def test_leader_is_told_past_three_months(self):
        self._invoice(self.customer, 500.00, days(-60))
        case = self._cases()
        self.assertFalse(case.leader_informed)
        self._cron(days(31))
        self.assertTrue(case.leader_informed)
        activities = case.activity_ids.filtered(
            lambda a: a.user_id == self.collection_lead
        )
        self.assertEqual(len(activities), 1)
        self._cron(days(32))
        self.assertEqual(len(case.activity_ids), 1)

    def test_past_six_months_the_case_is_formal(self):
        self._invoice(self.customer, 500.00, days(-185))
        case = self._cases()
        self.assertTrue(case.formal_ref.startswith("FORMAL/"))
        self.assertEqual(case.user_id, self.collection_lead)
        self.assertIn(case.formal_ref, case.message_ids[0].body)

    def test_a_case_is_not_closed_by_hand_nor_doubled(self):
        self._invoice(self.customer, 500.00, days(-10))
        case = self._cases().with_user(self.collector)
        with self.assertRaises(UserError):
            case.write({"stage": "closed"})
        with self.assertRaises(AccessError):
            self.env["ar.collection.case"].with_user(self.collector).create(
                {"partner_id": self.customer.id, "company_id": self.company.id}
            )
        with self.assertRaises(UserError):
            self.env["ar.collection.case"].create(
                {"partner_id": self.customer.id, "company_id": self.company.id}
            )

    def test_collector_moves_the_stage(self):
        self._invoice(self.customer, 500.00, days(-10))
        case = self._cases().with_user(self.collector)
        case.write({"stage": "legal", "next_action": "Lawyer's letter"})
        with freeze_time(days(1)):
            self._cron(days(50))
        self.assertEqual(case.stage, "legal")

    def test_other_company_does_not_see_the_case(self):
        self._invoice(self.customer, 500.00, days(-10))
        other = self.setup_other_company(name="Harbour Two")["company"]
        outsider = self._user("ar_case_outsider", COLLECTION_USER, company=other)
        self.assertFalse(self.env["ar.collection.case"].with_user(outsider).search([]))
