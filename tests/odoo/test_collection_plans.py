"""Repayment plans on real Odoo: instalments must add up, agreeing moves
the case to the plan stage on the record, each instalment follows the
customer's payments, a missed one breaks the plan like a broken promise."""

from collection_common import CollectionCommon, days
from odoo import Command
from odoo.exceptions import UserError


class TestRepaymentPlans(CollectionCommon):
    def _plan(self, case, amount, instalments, kind="cash", **vals):
        return (
            self.env["ar.collection.plan"]
            .with_user(self.collector)
            .create(
                {
                    "case_id": case.id,
                    "kind": kind,
                    "amount": amount,
                    "line_ids": [
                        Command.create({"date": date, "amount": value})
                        for date, value in instalments
                    ],
                    **vals,
                }
            )
        )

    def test_instalments_must_add_up(self):
        self._invoice(self.customer, 900.00, days(-40))
        case = self._case()
        plan = self._plan(case, 900.0, [(days(10), 300.0), (days(40), 500.0)])
        with self.assertRaises(UserError) as caught:
            plan.action_activate()
        self.assertIn("add up to", str(caught.exception))
        self.assertEqual((plan.state, case.stage), ("draft", "dunning"))
        empty = self._plan(case, 900.0, [])
        with self.assertRaises(UserError):
            empty.action_activate()
        # only the agreement makes a plan active, never a direct write
        with self.assertRaises(UserError):
            plan.with_user(self.collector).write({"state": "active"})
        self.assertEqual(plan.state, "draft")

    def test_agreed_plan_moves_the_case_and_follows_payments(self):
        invoice = self._invoice(self.customer, 900.00, days(-40))
        case = self._case()
        plan = self._plan(
            case,
            900.0,
            [(days(30), 300.0), (days(10), 300.0), (days(50), 300.0)],
            kind="guarantee",
            guarantee="Personal guarantee of the director",
        )
        plan.action_activate()
        self.assertEqual((plan.state, case.stage), ("active", "plan"))
        with self.assertRaises(UserError):
            case.with_user(self.collector).write({"stage": "dunning"})
        with self.assertRaises(UserError):
            plan.line_ids[0].with_user(self.collector).write({"state": "paid"})
        decision = case.decision_ids
        self.assertEqual((decision.kind, decision.stage), ("plan", "plan"))
        self.assertIn("Personal guarantee", decision.description)
        with self.assertRaises(UserError):
            plan.with_user(self.collector).write({"amount": 10.0})
        with self.assertRaises(UserError):
            plan.line_ids[0].with_user(self.collector).write({"amount": 10.0})
        self.assertEqual(
            self.env["ar.collection.plan"]._plan_covered(
                {(self.customer.id, self.company.id)}, days(0)
            ),
            {(self.customer.id, self.company.id): 900.0},
        )
        self._pay(invoice, amount=450.0, payment_date=days(5))
        self._cron(days(12))
        by_date = {line.date: (line.paid_amount, line.state) for line in plan.line_ids}
        self.assertEqual(
            by_date,
            {
                days(10): (300.0, "paid"),
                days(30): (150.0, "partial"),
                days(50): (0.0, "due"),
            },
        )
        self.assertEqual((plan.state, plan.paid_amount), ("active", 450.0))

    def test_missed_instalment_breaks_the_plan_once(self):
        invoice = self._invoice(self.customer, 900.00, days(-40))
        case = self._case()
        plan = self._plan(case, 900.0, [(days(10), 450.0), (days(40), 450.0)])
        plan.action_activate()
        self._pay(invoice, amount=200.0, payment_date=days(5))
        self._cron(days(11))
        self._cron(days(12))
        first = plan.line_ids.sorted("date")[0]
        self.assertEqual(
            (first.state, first.paid_amount, first.settled_date),
            ("missed", 200.0, days(11)),
        )
        self.assertEqual(
            (plan.state, case.stage, case.broken_promise_count),
            ("broken", "escalated", 1),
        )
        self.assertEqual(len(self._owner_activities(case, "Promise broken")), 1)
        facts = self.env["ar.partner.credit"]._credit_facts(
            {(self.customer.id, self.company.id)}, days(12)
        )
        self.assertEqual(
            facts[(self.customer.id, self.company.id)]["broken_promises"], 1
        )

    def test_agreed_plan_is_not_deleted(self):
        self._invoice(self.customer, 900.00, days(-40))
        case = self._case()
        draft = self._plan(case, 900.0, [(days(10), 900.0)])
        plan = self._plan(case, 900.0, [(days(10), 900.0)])
        plan.action_activate()
        with self.assertRaises(UserError):
            plan.with_user(self.collector).unlink()
        with self.assertRaises(UserError):
            draft.action_activate()
        draft.with_user(self.collector).unlink()
