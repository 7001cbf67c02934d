"""Collection cases on real Odoo: the daily run opens one case per customer
and company when it enters a tier, keeps its figures and stage in step,
closes it once nothing is overdue and opens a new one when a debt comes
back; the team leader is told past three months, and past six the case is
formal with its own reference."""

from common import OverdueCommon, days
from freezegun import freeze_time
from lxml import etree
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

    def test_a_closed_case_keeps_its_closing_figures_and_owes_nothing(self):
        invoice = self._invoice(self.customer, 12000.00, days(-40))
        self._cron(days(0))
        case = self._cases()
        self.assertEqual((case.overdue_amount, case.days_overdue), (12000.00, 40))
        invoice._overdue_set_dispute("Goods returned")
        self.assertEqual((case.stage, case.closed_date), ("closed", days(0)))
        self.assertEqual(
            (case.overdue_amount, case.open_amount, case.days_overdue), (0.0, 0.0, 0)
        )
        self.assertEqual(
            (
                case.closed_overdue_amount,
                case.closed_open_amount,
                case.closed_oldest_due_date,
                case.closed_days_overdue,
            ),
            (12000.00, 12000.00, days(-40), 40),
        )
        form = self.env["ar.collection.case"].get_views([(False, "form")])
        self.assertIn("When Closed", form["views"]["form"]["arch"])

    def test_the_count_above_the_contacts_has_its_label(self):
        form = self.env["ar.collection.case"].get_views([(False, "form")])
        arch = etree.fromstring(form["views"]["form"]["arch"])
        [count] = arch.xpath(
            "//page[@name='contacts']//field[@name='written_contact_count']"
        )
        # inside a group, a field is shown with its label
        self.assertEqual(count.getparent().tag, "group")
        self.assertEqual(
            self.env["ar.collection.case"]._fields["written_contact_count"].string,
            "Written Contacts",
        )

    def test_leader_is_told_past_three_months(self):
        self._invoice(self.customer, 500.00, days(-60))
        case = self._cases()
        self.assertFalse(case.leader_informed)
        self._cron(days(31))
        self.assertTrue(case.leader_informed)

        def told():
            return case.activity_ids.filtered(
                lambda a: (
                    a.user_id == self.collection_lead
                    and "three months" in (a.note or "")
                )
            )

        self.assertEqual(len(told()), 1)
        self._cron(days(32))
        self.assertEqual(len(told()), 1)

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

    def test_collector_moves_the_stage_and_the_move_is_recorded(self):
        self._invoice(self.customer, 500.00, days(-10))
        case = self._cases().with_user(self.collector)
        case.write({"stage": "escalated", "next_action": "Lawyer's letter"})
        self.assertEqual(
            case.decision_ids.mapped(lambda d: (d.kind, d.stage, d.user_id)),
            [("stage", "escalated", self.collector)],
        )
        with freeze_time(days(1)):
            self._cron(days(50))
        self.assertEqual(case.stage, "escalated")

    def test_figures_dates_and_record_are_not_written_by_hand(self):
        self._invoice(self.customer, 500.00, days(-10))
        case = self._cases().with_user(self.collector)
        for vals in (
            {"closed_date": days(-5000)},
            {"overdue_amount": 1.0},
            {"late": False},
            {"chain_head": "forged"},
            {"legal_outcome": "paid"},
        ):
            with self.subTest(vals=vals), self.assertRaises(UserError):
                case.write(vals)
        self.assertFalse(case.retention_until)

    def test_legal_plan_and_closed_stages_are_not_dragged_into(self):
        self._invoice(self.customer, 500.00, days(-10))
        case = self._cases().with_user(self.collector)
        for stage, fragment in (
            ("legal", "through Escalate"),
            ("plan", "when a plan is agreed"),
            ("closed", "closes by itself"),
        ):
            with self.subTest(stage=stage), self.assertRaises(UserError) as caught:
                case.write({"stage": stage})
            self.assertIn(fragment, str(caught.exception))
        self.assertEqual(
            (case.stage, case.decision_ids), ("reminder", case.decision_ids.browse())
        )

    def test_other_company_does_not_see_the_case(self):
        self._invoice(self.customer, 500.00, days(-10))
        other = self.setup_other_company(name="Harbour Two")["company"]
        outsider = self._user("ar_case_outsider", COLLECTION_USER, company=other)
        self.assertFalse(self.env["ar.collection.case"].with_user(outsider).search([]))


class TestCollectionContacts(OverdueCommon):
    """The contact log: what was done on a case, kept as evidence."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer = cls._customer("Harbour Foods", salesperson=cls.salesperson)
        cls.collector = cls._user("ar_contact_collector", COLLECTION_USER)

    def _case(self):
        self._invoice(self.customer, 500.00, days(-10))
        return self.env["ar.collection.case"].search(
            [("partner_id", "=", self.customer.id)]
        )

    def _log(self, case, **vals):
        return (
            self.env["ar.collection.contact"]
            .with_user(self.collector)
            .create({"case_id": case.id, "answer": "Will pay Friday", **vals})
        )

    def test_logging_a_contact_closes_the_owners_activity_and_plans_the_next(self):
        case = self._case()
        case.activity_schedule(
            "mail.mail_activity_data_todo", user_id=self.salesperson.id
        )
        self._log(
            case,
            channel="phone",
            next_action="Call back",
            next_action_date=days(3),
        )
        self.assertEqual(case.next_action_date, days(3))
        pending = case.activity_ids
        self.assertEqual(len(pending), 1)
        self.assertEqual(
            (pending.summary, pending.date_deadline, pending.user_id),
            ("Call back", days(3), self.salesperson),
        )
        self.assertIn("Will pay Friday", case.message_ids[0].body)

    def test_written_contacts_are_counted(self):
        case = self._case()
        for channel in ("phone", "letter", "email", "lawyer_letter", "visit"):
            self._log(case, channel=channel)
        self.assertEqual(case.written_contact_count, 3)

    def test_a_contact_is_never_changed_nor_deleted_but_corrected(self):
        case = self._case()
        contact = self._log(case)
        for env_contact in (contact.with_user(self.collector), contact.sudo()):
            with self.assertRaises(UserError):
                env_contact.write({"answer": "Will pay Monday"})
            with self.assertRaises(UserError):
                env_contact.unlink()
        action = contact.with_user(self.collector).action_correct()
        self.assertEqual(action["context"]["default_correction_of_id"], contact.id)
        fix = self._log(case, answer="Will pay Monday", correction_of_id=contact.id)
        self.assertEqual(contact.answer, "Will pay Friday")
        self.assertEqual((fix.correction_of_id, fix.chain_seq), (contact, 2))

    def test_no_contact_in_the_future(self):
        case = self._case()
        with self.assertRaises(UserError):
            self._log(case, date=days(2))

    def test_log_a_call_from_the_customer_form(self):
        case = self._case()
        action = self.customer.with_user(self.collector).action_log_collection_contact()
        self.assertEqual(
            (action["res_model"], action["context"]["default_case_id"]),
            ("ar.collection.contact", case.id),
        )
        paid = self._customer("Paid Up Ltd")
        with self.assertRaises(UserError):
            paid.with_user(self.collector).action_log_collection_contact()
