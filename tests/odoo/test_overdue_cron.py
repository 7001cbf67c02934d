"""The daily run: invoices move into the tier they reached, and a customer
entering a higher tier warns the tier's owner once (an activity and a chatter
message), in batches, touching only the invoices whose day has come.

Invoices are posted due today or later, so nothing is overdue when they are
posted; the run is then made "as of" a later day.
"""

from common import TODAY, OverdueCommon, days
from freezegun import freeze_time
from odoo import Command


class TestOverdueCron(OverdueCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer = cls._customer("Harbour Foods", salesperson=cls.salesperson)

    def assertWarnedOnce(self, partner, owner, tier):
        warnings = self._warnings(partner)
        self.assertEqual(len(warnings), 1)
        self.assertEqual(warnings.user_id, owner)
        self.assertEqual(warnings.summary, f"Overdue: entered tier {tier.name}")

    # ------------------------------------------------------------------
    # Who is warned
    # ------------------------------------------------------------------
    def test_mild_tier_warns_the_salesperson(self):
        self._invoice(self.customer, 1000.0, TODAY)
        self._cron(days(5))
        self.assertWarnedOnce(self.customer, self.salesperson, self.mild)
        self.assertEqual(self._warnings(self.customer).date_deadline, days(8))

    def test_moderate_tier_warns_the_risk_manager(self):
        self._invoice(self.customer, 1000.0, TODAY)
        self._cron(days(35))
        self.assertWarnedOnce(self.customer, self.risk_manager, self.moderate)

    def test_severe_tier_warns_the_collection_team(self):
        self._invoice(self.customer, 1000.0, TODAY)
        self._cron(days(70))
        self.assertWarnedOnce(self.customer, self.collection_lead, self.severe)

    def test_customer_without_salesperson_warns_the_risk_manager(self):
        customer = self._customer("No Owner Ltd")
        self._invoice(customer, 1000.0, TODAY)
        self._cron(days(5))
        self.assertWarnedOnce(customer, self.risk_manager, self.mild)

    def test_owner_role_is_configurable(self):
        self.mild.owner_role = "collection_team"
        self._invoice(self.customer, 1000.0, TODAY)
        self._cron(days(5))
        self.assertWarnedOnce(self.customer, self.collection_lead, self.mild)

    def test_chatter_lists_invoices_with_amount_days_and_tier(self):
        late = self._invoice(self.customer, 1234.56, TODAY)
        later = self._invoice(self.customer, 100.0, days(20))
        not_due = self._invoice(self.customer, 50.0, days(40))
        self._cron(days(35))
        message = self._messages_about(self.customer, late)
        self.assertEqual(len(message), 1)
        text = message.preview
        self.assertIn("Harbour Foods entered overdue tier Moderate", text)
        self.assertIn("1,334.56 overdue", text)
        # one row per invoice in a tier: name, overdue amount, days, tier
        rows = message.body.split("<tr>")[2:]
        self.assertEqual(len(rows), 2)
        self.assertIn(late.name, rows[0])
        self.assertIn("1,234.56", rows[0])
        self.assertIn("<td>35</td>", rows[0])
        self.assertIn("<td>Moderate</td>", rows[0])
        self.assertIn(later.name, rows[1])
        self.assertIn("<td>15</td>", rows[1])
        self.assertIn("<td>Mild</td>", rows[1])
        self.assertNotIn(not_due.name, message.body)

    # ------------------------------------------------------------------
    # Once per entry
    # ------------------------------------------------------------------
    def test_rerun_same_day_and_next_day_adds_nothing(self):
        invoice = self._invoice(self.customer, 1000.0, TODAY)
        self._cron(days(35))
        messages = len(self.customer.message_ids)
        self._cron(days(35))
        self._cron(days(36))
        self.assertEqual(len(self._warnings(self.customer)), 1)
        self.assertEqual(len(self.customer.message_ids), messages)
        self.assertEqual(len(self._messages_about(self.customer, invoice)), 1)

    def test_invoice_moving_up_inside_warned_tier_is_silent(self):
        first = self._invoice(self.customer, 1000.0, TODAY)
        second = self._invoice(self.customer, 500.0, days(20))
        self._cron(days(35))
        self.assertEqual(second.overdue_tier_id, self.mild)
        messages = len(self.customer.message_ids)
        # day 51: the second invoice reaches 31 days, the customer stays moderate
        result = self._cron(days(51))
        self.assertEqual(result["done"], 1)
        self.assertEqual(second.overdue_tier_id, self.moderate)
        self.assertEqual(first.overdue_tier_id, self.moderate)
        self.assertEqual(len(self._warnings(self.customer)), 1)
        self.assertEqual(len(self.customer.message_ids), messages)

    def test_each_higher_tier_warns_again(self):
        self._invoice(self.customer, 1000.0, TODAY)
        self._cron(days(5))
        self._cron(days(31))
        warnings = self._warnings(self.customer)
        self.assertEqual(len(warnings), 2)
        self.assertEqual(
            sorted(warnings.mapped("user_id").ids),
            sorted((self.salesperson | self.risk_manager).ids),
        )

    def test_customer_falling_back_and_rising_again_is_warned_again(self):
        first = self._invoice(self.customer, 1000.0, TODAY)
        self._cron(days(5))
        self.assertEqual(len(self._warnings(self.customer)), 1)
        with freeze_time(days(6)):
            self._pay(first, payment_date=days(6))
        self.assertFalse(self.customer.overdue_tier_id)
        # left the warned tier on day 6: warned again only after a night below
        self.assertEqual(self._status(self.customer).below_since, days(6))
        second = self._invoice(self.customer, 400.0, days(6))
        self._cron(days(10))
        # the warning of the tier it left is closed, the new one given
        [warning] = self._warnings(self.customer)
        self.assertEqual(warning.date_deadline, days(13))
        self.assertEqual(len(self._messages_about(self.customer, second)), 1)

    def test_a_customer_who_paid_has_its_warning_closed_with_a_note(self):
        invoice = self._invoice(self.customer, 5200.0, days(-35))
        self._cron(days(0))
        [warning] = self._warnings(self.customer)
        self.assertIn(f"as of {days(0).strftime('%m/%d/%Y')}", warning.note)
        with freeze_time(days(1)):
            self._pay(invoice, amount=800.0, payment_date=days(1))
        self._cron(days(1))
        self.assertTrue(self._warnings(self.customer))  # still in the tier
        with freeze_time(days(2)):
            self._pay(invoice, payment_date=days(2))
        self._cron(days(2))
        self.assertTrue(self._warnings(self.customer))  # left today: not yet
        self._cron(days(3))
        self.assertFalse(self._warnings(self.customer))
        note = self.customer.message_ids.filtered(
            lambda m: "left tier Moderate" in (m.body or "")
        )
        self.assertEqual(len(note), 1)
        self.assertIn("0.00", note.body)

    # ------------------------------------------------------------------
    # Ratio threshold
    # ------------------------------------------------------------------
    def test_ratio_threshold_lifts_customer_into_tier(self):
        self.moderate.ratio_threshold = 50.0
        self._invoice(self.customer, 1000.0, TODAY)
        self._invoice(self.customer, 1000.0, days(60))
        # day 5: 1,000 of 2,000 overdue (50 %) at 5 days: mild by days,
        # moderate by ratio
        self._cron(days(5))
        with freeze_time(days(5)):
            self.assertEqual(self.customer.overdue_ratio, 50.0)
            self.assertEqual(self.customer.overdue_tier_id, self.moderate)
        self.assertWarnedOnce(self.customer, self.risk_manager, self.moderate)

    def test_ratio_below_threshold_does_not_lift(self):
        self.moderate.ratio_threshold = 50.0
        self._invoice(self.customer, 1000.0, TODAY)
        self._invoice(self.customer, 1000.01, days(60))
        # 1,000.00 of 2,000.01 is just under 50 %
        self._cron(days(5))
        self.assertEqual(self.customer.overdue_tier_id, self.mild)
        self.assertWarnedOnce(self.customer, self.salesperson, self.mild)

    # ------------------------------------------------------------------
    # Batches and the work done
    # ------------------------------------------------------------------
    def test_batches_until_done(self):
        customers = [self._customer(f"Batch customer {i}") for i in range(3)]
        invoices = [
            self._invoice(customer, 100.0, TODAY)
            for customer, count in zip(customers, (2, 2, 1), strict=True)
            for _i in range(count)
        ]
        progress = [self._cron(days(5), batch_size=2) for _i in range(3)]
        self.assertEqual(
            progress,
            [
                {"done": 2, "remaining": 3},
                {"done": 2, "remaining": 1},
                {"done": 1, "remaining": 0},
            ],
        )
        self.assertEqual({inv.overdue_tier_id for inv in invoices}, {self.mild})
        for customer in customers:
            self.assertEqual(len(self._warnings(customer)), 1, customer.name)

    def test_batch_takes_a_customer_whole(self):
        # 5 invoices of one customer with batches of 2: one batch of 5, so
        # the customer is classified and warned once
        invoices = [self._invoice(self.customer, 100.0, TODAY) for _i in range(5)]
        self.assertEqual(self._cron(days(5), batch_size=2), {"done": 5, "remaining": 0})
        self.assertEqual({inv.overdue_tier_id for inv in invoices}, {self.mild})
        self.assertEqual(len(self._warnings(self.customer)), 1)
        self.assertEqual(len(self._messages_about(self.customer, invoices[0])), 1)

    def test_resumed_run_warns_once(self):
        customers = [self._customer(f"Customer {i}") for i in range(5)]
        for customer in customers:
            self._invoice(customer, 100.0, TODAY)
        self.assertEqual(self._cron(days(5), batch_size=2)["remaining"], 3)
        # the run stopped here; the next run picks up the rest
        self.assertEqual(self._cron(days(5)), {"done": 3, "remaining": 0})
        self.assertEqual(self._cron(days(5)), {"done": 0, "remaining": 0})
        for customer in customers:
            self.assertEqual(len(self._warnings(customer)), 1, customer.name)
            self.assertEqual(len(customer.message_ids), 1, customer.name)

    def test_next_day_run_touches_only_invoices_crossing_a_boundary(self):
        crossing_into_mild = self._invoice(self.customer, 100.0, TODAY)
        crossing_into_moderate = self._invoice(self.customer, 100.0, days(-30))
        self._invoice(self.customer, 100.0, days(-10))
        self._invoice(self.customer, 100.0, days(-45))
        self._invoice(self.customer, 100.0, days(10))
        self.assertEqual(self._cron(TODAY)["done"], 0)
        self.assertEqual(self._cron(days(1))["done"], 2)
        self.assertEqual(crossing_into_mild.overdue_tier_id, self.mild)
        self.assertEqual(crossing_into_moderate.overdue_tier_id, self.moderate)
        self.assertEqual(self._cron(days(1))["done"], 0)
        self.assertEqual(self._cron(days(2))["done"], 0)

    def test_paid_invoice_is_not_checked_again(self):
        invoice = self._invoice(self.customer, 100.0, days(-10))
        self._pay(invoice)
        self.assertFalse(invoice.overdue_check_date)
        self.assertEqual(self._cron(days(30))["done"], 0)

    def test_tier_change_reclassifies_at_next_run(self):
        invoice = self._invoice(self.customer, 100.0, days(-25))
        self.assertEqual(invoice.overdue_tier_id, self.mild)
        self.company.write(
            {
                "overdue_tier_ids": [
                    Command.update(self.mild.id, {"days_to": 20}),
                    Command.update(self.moderate.id, {"days_from": 21}),
                ]
            }
        )
        self.assertEqual(self._cron(TODAY)["done"], 1)
        self.assertEqual(invoice.overdue_tier_id, self.moderate)

    # ------------------------------------------------------------------
    # Refresh actions
    # ------------------------------------------------------------------
    def test_refresh_action_on_invoices(self):
        invoice = self._invoice(self.customer, 1000.0, days(-25))
        self.assertEqual(invoice.overdue_tier_id, self.mild)
        collector = self._user(
            "ar_collector", "ar_overdue_management.group_ar_collection_user"
        )
        action = self.env.ref(
            "ar_overdue_management.account_move_action_overdue_refresh"
        )
        with freeze_time(days(10)):
            action.with_user(collector).with_context(
                active_model="account.move", active_ids=invoice.ids
            ).run()
            self.assertEqual(invoice.overdue_tier_id, self.moderate)
            self.assertEqual(self.customer.overdue_tier_id, self.moderate)
        # mild when posted, moderate on refresh
        self.assertEqual(
            self._warnings(self.customer).user_id, self.salesperson | self.risk_manager
        )

    def test_refresh_action_on_partners(self):
        """Odoo runs a server action only for users who may write the
        records, hence a collector who may also edit contacts."""
        invoice = self._invoice(self.customer, 1000.0, days(-25))
        collector = self._user(
            "ar_collector",
            "ar_overdue_management.group_ar_collection_user,base.group_partner_manager",
        )
        action = self.env.ref(
            "ar_overdue_management.res_partner_action_overdue_refresh"
        )
        with freeze_time(days(40)):
            action.with_user(collector).with_context(
                active_model="res.partner", active_ids=self.customer.ids
            ).run()
            self.assertEqual(invoice.overdue_tier_id, self.severe)
            self.assertEqual(self.customer.overdue_traffic_light, "red")
        self.assertIn(self.collection_lead, self._warnings(self.customer).user_id)

    def test_refresh_button_on_customer_form(self):
        invoice = self._invoice(self.customer, 1000.0, days(-25))
        collector = self._user(
            "ar_collector", "ar_overdue_management.group_ar_collection_user"
        )
        with freeze_time(days(10)):
            self.customer.with_user(collector).action_overdue_refresh()
            self.assertEqual(invoice.overdue_tier_id, self.moderate)
            self.assertEqual(self.customer.overdue_tier_id, self.moderate)
