"""Promises to pay and grace periods on real Odoo: settled by the daily run
with partial payments counted, a broken one moves the case up, restores the
hold, gives the owner an activity and counts in the rating; a running one
relaxes the tier hold only where the company says so."""

from unittest.mock import patch

from collection_common import CollectionCommon, days
from freezegun import freeze_time
from odoo.exceptions import AccessError, UserError
from odoo.tools import mute_logger


class TestPromises(CollectionCommon):
    def test_partial_payments_add_up_and_keep_the_promise(self):
        invoice = self._invoice(self.customer, 900.00, days(-10))
        case = self._case()
        promise = self._promise(case, 600.00, days(5))
        self._pay(invoice, amount=250.00, payment_date=days(1))
        self._cron(days(2))
        self.assertEqual((promise.state, promise.paid_amount), ("open", 250.00))
        self._pay(invoice, amount=350.00, payment_date=days(4))
        self._cron(days(4))
        self.assertEqual(
            (promise.state, promise.paid_amount, promise.settled_date),
            ("kept", 600.00, days(4)),
        )
        self.assertEqual(case.stage, "reminder")
        self.assertEqual(
            len(case.message_ids.filtered(lambda m: "Promise kept" in m.body)), 1
        )

    def test_broken_promise_moves_the_case_up_once(self):
        invoice = self._invoice(self.customer, 900.00, days(-10))
        case = self._case()
        promise = self._promise(case, 600.00, days(5))
        self._pay(invoice, amount=100.00, payment_date=days(3))
        # paid after the promised day: does not count
        self._pay(invoice, amount=500.00, payment_date=days(6))
        self._cron(days(5))
        self.assertEqual(promise.state, "open")
        for _rerun in range(2):
            self._cron(days(6))
        self.assertEqual(
            (promise.state, promise.paid_amount, promise.settled_date),
            ("broken", 100.00, days(6)),
        )
        self.assertEqual((case.stage, case.broken_promise_count), ("dunning", 1))
        decision = case.decision_ids
        self.assertEqual(
            decision.mapped(lambda d: (d.kind, d.stage)),
            [("broken_promise", "dunning")],
        )
        self.assertIn("100.00", decision.description)
        # dates in the user's words, in the chatter, the decision and the name
        self.assertIn("promised by 06/20/2026", decision.description)
        posted = case.message_ids.filtered(lambda m: "by 06/20/2026 (" in m.body)
        self.assertEqual(len(posted), 1)
        self.assertFalse(case.message_ids.filtered(lambda m: "2026-06-20" in m.body))
        self.assertTrue(promise.name.endswith(" 06/20/2026"))
        activities = self._owner_activities(case, "Promise broken")
        self.assertEqual(len(activities), 1)
        self.assertEqual(activities.user_id, self.salesperson)

    def test_a_run_cut_short_settles_nothing_twice(self):
        self._invoice(self.customer, 900.00, days(-10))
        case = self._case()
        promise = self._promise(case, 600.00, days(1))
        Case = type(self.env["ar.collection.case"])
        original = Case._case_promise_broken

        def crash(records, notes, as_of):
            original(records, notes, as_of)
            raise RuntimeError("worker killed")

        with (
            patch.object(Case, "_case_promise_broken", crash),
            mute_logger(
                "odoo.addons.ar_overdue_management.models.core.account_move_classify"
            ),
        ):
            # the tiers of the day are kept, the collection work undone
            self._cron(days(3))
        self.env.invalidate_all()
        self.assertEqual((promise.state, case.stage), ("open", "reminder"))
        self.assertFalse(case.decision_ids)
        self._cron(days(3))
        self._cron(days(4))
        self.assertEqual((promise.state, case.broken_promise_count), ("broken", 1))
        self.assertEqual(len(case.decision_ids), 1)
        self.assertEqual(len(self._owner_activities(case, "Promise broken")), 1)

    def test_one_payment_keeps_one_promise(self):
        invoice = self._invoice(self.customer, 900.00, days(-10))
        case = self._case()
        first = self._promise(case, 300.00, days(5))
        second = self._promise(case, 300.00, days(6))
        self._pay(invoice, amount=300.00, payment_date=days(1))
        self._cron(days(7))
        self.assertEqual(
            [(p.state, p.paid_amount) for p in (first, second)],
            [("kept", 300.0), ("broken", 0.0)],
        )
        self.assertEqual(case.broken_promise_count, 1)

    def test_broken_promises_count_in_the_rating(self):
        self._invoice(self.customer, 900.00, days(-10))
        case = self._case()
        self._promise(case, 600.00, days(1))
        self._cron(days(2))
        facts = self.env["ar.partner.credit"]._credit_facts(
            {(self.customer.id, self.company.id)}, days(3)
        )
        self.assertEqual(
            facts[(self.customer.id, self.company.id)]["broken_promises"], 1
        )

    def test_bad_promises_are_refused(self):
        self._invoice(self.customer, 900.00, days(-10))
        case = self._case()
        for amount, date, kind, fragment in (
            (0.0, days(3), "promise", "positive amount"),
            (100.0, days(-1), "promise", "before the day it is given"),
            (100.0, days(16), "grace", "16 days is longer than the 15 days"),
            (100.0, days(61), "promise", "61 days is further away than the 60"),
        ):
            with self.subTest(fragment=fragment), self.assertRaises(UserError) as err:
                self._promise(case, amount, date, kind=kind)
            self.assertIn(fragment, str(err.exception))
        self.assertEqual(
            self._promise(case, 100.0, days(15), kind="grace").state, "open"
        )

    def test_only_the_owner_grants_a_grace_period(self):
        self._invoice(self.customer, 900.00, days(-10))
        case = self._case()
        with self.assertRaises(AccessError):
            self._promise(case, 900.0, days(5), kind="grace", user=self.collector)
        # a plain promise heard by the collector is recorded
        self._promise(case, 900.0, days(5), user=self.collector)

    def test_promise_is_part_of_the_record(self):
        self._invoice(self.customer, 900.00, days(-10))
        promise = self._promise(self._case(), 600.0, days(5))
        for record in (promise.with_user(self.salesperson), promise.sudo()):
            with self.assertRaises(UserError):
                record.write({"amount": 1.0})
            with self.assertRaises(UserError):
                record.unlink()
        # its settlement is the daily run's
        for vals in ({"state": "kept"}, {"paid_amount": 600.0}, {"partner_id": 1}):
            with self.subTest(vals=vals), self.assertRaises(UserError):
                promise.with_user(self.collector).write(vals)
        self.assertEqual(promise.state, "open")

    def test_promise_logged_with_a_contact(self):
        self._invoice(self.customer, 900.00, days(-10))
        case = self._case()
        contact = self._log(case, promise_amount=300.0, promise_date=days(4))
        self.assertEqual(
            (
                contact.promise_id.amount,
                contact.promise_id.date,
                case.dunning_paused_until,
            ),
            (300.0, days(4), days(4)),
        )
        with self.assertRaises(UserError):
            self._log(case, promise_amount=300.0)


class TestPromiseHolds(CollectionCommon):
    """The severe tier holds; a running promise relaxes that hold only where
    the company says so, never a manual hold; a broken one restores it."""

    def _held_case(self):
        self._invoice(self.customer, 900.00, days(-70))
        self.assertTrue(self._credit(self.customer).on_hold)
        return self._case()

    def test_hold_stays_unless_the_company_relaxes_it(self):
        case = self._held_case()
        self._promise(case, 900.0, days(5))
        self.assertTrue(self._credit(self.customer).on_hold)

    def test_promise_relaxes_then_broken_promise_restores_the_hold(self):
        self.company.ar_promise_relaxes_hold = True
        case = self._held_case()
        self._promise(case, 900.0, days(5), user=self.collector)
        credit = self._credit(self.customer)
        self.assertFalse(credit.on_hold)
        with freeze_time(days(6)):
            self._cron(days(6))
        self.assertEqual(case.promise_ids.state, "broken")
        self.assertTrue(credit.on_hold)
        self.assertIn("tier", credit.hold_causes)

    def test_a_promise_relaxes_only_when_it_covers_soon_from_a_collector(self):
        self.company.ar_promise_relaxes_hold = True
        case = self._held_case()
        credit = self._credit(self.customer)
        for amount, due, user in (
            (0.01, days(5), self.collector),  # does not cover the overdue
            (900.0, days(45), self.collector),  # further than 30 days
            (900.0, days(5), self.salesperson),  # the customer's own salesperson
        ):
            with self.subTest(amount=amount, due=due, user=user.login):
                promise = self._promise(case, amount, due, user=user)
                self.assertFalse(promise.relaxes_hold)
                self.assertTrue(credit.on_hold)

    def test_a_credit_manager_approves_a_promise_and_only_two_relax_a_case(self):
        self.company.ar_promise_relaxes_hold = True
        case = self._held_case()
        credit = self._credit(self.customer)
        manager = self._user(
            "ar_promise_credit_mgr",
            "ar_overdue_management.group_ar_collection_user,"
            "ar_overdue_management.group_ar_credit_manager",
        )
        first = self._promise(case, 900.0, days(5), user=manager)
        second = self._promise(case, 900.0, days(6), user=self.collector)
        third = self._promise(case, 900.0, days(7), user=self.collector)
        self.assertEqual(
            [p.relaxes_hold for p in (first, second, third)], [True, True, False]
        )
        self.assertFalse(credit.on_hold)

    def test_manual_hold_is_never_relaxed(self):
        self.company.ar_promise_relaxes_hold = True
        case = self._held_case()
        self._put_on_hold(self.customer, "Bounced cheque")
        self._promise(case, 900.0, days(5), user=self.collector)
        credit = self._credit(self.customer)
        self.assertTrue(credit.on_hold)
        self.assertEqual(credit.hold_causes, "manual")
