"""Overdue reasons on real Odoo: on the company's day each account owner
gets his list of overdue invoices by activity and e-mail, confirms reason,
expected amount and date; what is unconfirmed after the deadline goes to
the team leader. Disputes go to whoever resolves them."""

from collection_common import CollectionCommon, days
from odoo.exceptions import AccessError, UserError


class TestMonthlyConfirmation(CollectionCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_rep = cls._user("ar_rep_two", "account.group_account_invoice")
        cls.other_customer = cls._customer("Quay Traders", salesperson=cls.other_rep)

    def _lists(self, user=None):
        model = self.env["ar.overdue.confirmation"]
        if user:
            model = model.with_user(user)
        return model.search([("company_id", "=", self.company.id)])

    def test_day_three_asks_each_owner_once(self):
        first = self._invoice(self.customer, 500.00, days(-10))
        self._invoice(self.customer, 300.00, days(-40))
        self._invoice(self.other_customer, 200.00, days(-20))
        self._invoice(self.customer, 100.00, days(30))  # not overdue on 3 July
        self._cron("2026-07-02")
        self.assertFalse(self._lists())
        self._cron("2026-07-03")
        self._cron("2026-07-04")
        lists = self._lists()
        self.assertEqual(
            sorted(lists.user_id.mapped("login")), ["ar_rep_two", "ar_sales"]
        )
        mine = lists.filtered(lambda c: c.user_id == self.salesperson)
        self.assertEqual(sorted(mine.line_ids.mapped("amount")), [300.00, 500.00])
        # 5 working days from Friday 3 July: Friday 10 July
        self.assertEqual(str(mine.deadline), "2026-07-10")
        self.assertEqual(mine.activity_ids.user_id, self.salesperson)
        mail = mine.message_ids.filtered(
            lambda m: self.salesperson.partner_id in m.partner_ids
        )
        self.assertEqual(len(mail), 1)
        # the owner's e-mail waits in the mail queue: the run does not send it
        self.assertEqual(mail.mail_ids.mapped("state"), ["outgoing"])
        # each owner sees his own list only
        self.assertEqual(self._lists(self.other_rep).user_id, self.other_rep)
        self.assertIn(first.name, mine.line_ids.mapped("move_name"))

    def test_a_list_made_by_the_daily_run_belongs_to_a_person(self):
        # a customer without salesperson, its invoice made by a scheduled
        # action: OdooBot is the invoice's salesperson, never the owner
        walk_in = self._customer("Walk-in Buyer")
        invoice = self._invoice(walk_in, 500.00, days(-10))
        invoice.invoice_user_id = self.env.ref("base.user_root")
        self._cron("2026-07-03")
        mine = self._lists()
        self.assertEqual(mine.user_id, self.risk_manager)
        self.assertEqual(mine.name, f"July 2026 {self.risk_manager.name}")
        asked = mine.message_ids.filtered(lambda m: "Please confirm by" in m.body)
        self.assertIn("Please confirm by 07/10/2026 the reason", asked.body)

    def test_owner_confirms_every_line(self):
        self._invoice(self.customer, 500.00, days(-10))
        self._cron("2026-07-03")
        mine = self._lists(self.salesperson)
        with self.assertRaises(UserError) as caught:
            mine.action_confirm()
        self.assertIn("Give the reason", str(caught.exception))
        with self.assertRaises(UserError):
            mine.line_ids.write({"expected_amount": 900.0})
        with self.assertRaises(UserError):
            mine.line_ids.write({"amount": 1.0})
        with self.assertRaises(AccessError):
            mine.with_user(self.other_rep).action_confirm()
        # a collector reads every list, and fills in none of another's
        for line_vals in ({"reason_side": "internal"},):
            with self.assertRaises(UserError):
                mine.line_ids.with_user(self.collector).write(line_vals)
        mine.line_ids.write(
            {
                "reason_side": "external",
                "sub_reason": "cash_shortage",
                "expected_amount": 400.0,
                "expected_date": days(40),
            }
        )
        mine.action_confirm()
        self.assertEqual(mine.state, "confirmed")
        self.assertFalse(mine.activity_ids)
        with self.assertRaises(UserError):
            mine.line_ids.write({"expected_amount": 100.0})

    def test_unconfirmed_after_the_deadline_goes_to_the_leader(self):
        invoice = self._invoice(self.customer, 500.00, days(-10))
        self._cron("2026-07-03")
        self._cron("2026-07-10")
        mine = self._lists()
        self.assertEqual(mine.state, "to_confirm")
        self._cron("2026-07-13")
        self._cron("2026-07-14")
        self.assertEqual(mine.state, "late")
        # read as the run sees them: this user's own reading of the list's
        # activities is filtered by their access rules
        leader = mine.sudo().activity_ids.filtered(
            lambda a: a.user_id == self.collection_lead
        )
        self.assertEqual(len(leader), 1)
        self.assertIn(invoice.name, leader.note)

    def test_last_months_answers_are_carried_over(self):
        self._invoice(self.customer, 500.00, days(-10))
        self._cron("2026-07-03")
        mine = self._lists()
        mine.line_ids.with_user(self.salesperson).write(
            {
                "reason_side": "internal",
                "sub_reason": "price",
                "expected_date": days(90),
            }
        )
        self._cron("2026-08-03")
        august = self._lists().filtered(lambda c: str(c.period) == "2026-08-01")
        self.assertEqual(
            (august.line_ids.reason_side, august.line_ids.sub_reason),
            ("internal", "price"),
        )


class TestDisputeAssignment(CollectionCommon):
    def test_dispute_goes_to_its_resolver_and_out_of_the_case(self):
        invoice = self._invoice(self.customer, 500.00, days(-10))
        self._invoice(self.customer, 200.00, days(-12))
        resolver = self._user("ar_resolver", "account.group_account_invoice")
        wizard = (
            self.env["ar.overdue.dispute.wizard"]
            .with_user(self.salesperson)
            .create(
                {
                    "move_ids": [(6, 0, invoice.ids)],
                    "kind": "quality",
                    "resolver_id": resolver.id,
                    "reason": "Broken crates",
                }
            )
        )
        wizard.action_confirm()
        self.assertEqual(
            (invoice.overdue_dispute_kind, invoice.overdue_dispute_user_id),
            ("quality", resolver),
        )
        self.assertEqual(invoice.activity_ids.user_id, resolver)
        self.assertEqual(self._case().overdue_amount, 200.00)
        with self.assertRaises(UserError):
            invoice.with_user(self.salesperson).write(
                {"overdue_dispute_user_id": False}
            )
