"""Credit rating on real Odoo: scores from a customer's history, the settings
that drive them, the rating history, grade overrides and the monthly review.

The reference history (``_history``), as of ``TODAY``:

=========  ========  ===============  ================================
invoice    amount    due              state
=========  ========  ===============  ================================
on_time    1,500.00  100 days ago     paid on its due date
late       500.00    80 days ago      paid 62 days ago: 18 days late
overdue    300.00    36 days ago      open
disputed   200.00    10 days ago      open, disputed
not_due    700.00    in 10 days       open
=========  ========  ===============  ================================

Facts: fell due in 12 months 1,500 + 500 + 300 + 200 = 2,500, of which
1,500 paid on time: 60.00 %; average days late 500 x 18 / 500 = 18.00;
open 300 + 200 + 700 = 1,200, overdue (dispute excluded) 300: 25.00 %;
oldest overdue 36 days; 1 disputed invoice; no broken promise.

Sub-scores: on-time 60, days late 100 - 18 x 100/90 = 80, overdue ratio
75, max days 100 - 36 x 100/180 = 80, disputes 75, broken promises 100.
Score (60x30 + 80x20 + 75x20 + 80x15 + 75x5 + 100x10) / 100 = 74.75: B.
"""

from credit_common import TODAY, CreditCommon, days
from freezegun import freeze_time
from odoo.exceptions import AccessError, UserError
from odoo.tools import mute_logger
from psycopg2 import IntegrityError

REFERENCE_SCORE = 74.75


class TestCreditRating(CreditCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer = cls._customer("Harbour Foods", salesperson=cls.salesperson)

    def _history(self, customer):
        """Build the reference history of the module docstring."""
        on_time = self._invoice(customer, 1500.00, days(-100))
        self._pay(on_time, payment_date=days(-100))
        late = self._invoice(customer, 500.00, days(-80))
        self._pay(late, payment_date=days(-62))
        self._invoice(customer, 300.00, days(-36))
        disputed = self._invoice(customer, 200.00, days(-10))
        disputed._overdue_set_dispute("Two pallets damaged")
        self._invoice(customer, 700.00, days(10))

    def _paid_on_time(self, customer, amount=1000.00):
        """One invoice due 20 days ago, paid on its due date: a perfect
        payer (score 100, grade A)."""
        invoice = self._invoice(customer, amount, days(-20))
        self._pay(invoice, payment_date=days(-20))
        return invoice

    def _industry(self, name, risk):
        return self.env["res.partner.industry"].create(
            {"name": name, "ar_credit_risk": risk}
        )

    # ------------------------------------------------------------------
    # Scores against hand-computed cases
    # ------------------------------------------------------------------
    def test_history_row_holds_every_fact_and_sub_score(self):
        self._history(self.customer)
        credit = self._rerate(self.customer)
        row = credit.rating_ids
        self.assertEqual(len(row), 1)
        self.assertRecordValues(
            row,
            [
                {
                    "date": TODAY,
                    "on_time_share": 60.00,
                    "avg_days_late": 18.00,
                    "overdue_ratio": 25.00,
                    "max_days_overdue": 36,
                    "disputed_count": 1,
                    "broken_promises": 0,
                    "industry_risk": 0.0,
                    "manual_adjustment": 0.0,
                    "score_on_time": 60.00,
                    "score_days_late": 80.00,
                    "score_overdue_ratio": 75.00,
                    "score_max_days": 80.00,
                    "score_disputes": 75.00,
                    "score_broken_promises": 100.00,
                    "score": REFERENCE_SCORE,
                    "computed_grade": "B",
                    "grade": "B",
                }
            ],
        )

    def test_customer_form_shows_score_grade_and_date(self):
        self._history(self.customer)
        self._rerate(self.customer)
        self.assertEqual(self.customer.credit_score, REFERENCE_SCORE)
        self.assertEqual(self.customer.credit_grade, "B")
        self.assertEqual(self.customer.credit_rating_date, TODAY)
        self.assertFalse(self.customer.credit_grade_overridden)

    def test_contact_shows_the_grade_of_its_company(self):
        contact = self.env["res.partner"].create(
            {"name": "Ann Buyer", "parent_id": self.customer.id}
        )
        self._history(self.customer)
        self._rerate(contact)
        self.assertEqual(contact.credit_grade, "B")
        self.assertEqual(self.customer.credit_score, REFERENCE_SCORE)

    def test_customer_without_history_is_rated_a(self):
        credit = self._rerate(self.customer)
        # no invoice: every sub-score is 100
        self.assertEqual((credit.score, credit.grade), (100.0, "A"))
        self.assertEqual(credit.rating_ids.on_time_share, 100.0)

    def test_payments_after_the_rating_date_do_not_count(self):
        # due 20 days ago, paid today; as of 5 days ago it was still unpaid
        invoice = self._invoice(self.customer, 1000.00, days(-20))
        self._pay(invoice, payment_date=TODAY)
        with freeze_time(days(-5)):
            credit = self.env["ar.partner.credit"]._credit_rate(
                {(self.customer.id, self.company.id)}, as_of=days(-5)
            )
        row = credit.rating_ids
        # 0 % on time; no amount late yet
        self.assertEqual((row.on_time_share, row.avg_days_late), (0.0, 0.0))

    def test_industry_risk_lowers_the_score(self):
        self.customer.industry_id = self._industry("Construction", 40.0)
        self._history(self.customer)
        credit = self._rerate(self.customer)
        # risk (100 - 74.75) x 1.4 = 35.35 -> 64.65: C
        self.assertEqual((credit.score, credit.grade), (64.65, "C"))
        self.assertEqual(credit.rating_ids.industry_risk, 40.0)

    def test_industry_risk_of_20_percent(self):
        self.customer.industry_id = self._industry("Foreign trade", 20.0)
        self._history(self.customer)
        # risk 25.25 x 1.2 = 30.30 -> 69.70
        self.assertEqual(self._rerate(self.customer).score, 69.70)

    def test_industry_risk_defaults_to_zero(self):
        self.assertEqual(
            self.env["res.partner.industry"].create({"name": "Retail"}).ar_credit_risk,
            0.0,
        )

    def test_industry_risk_above_100_refused(self):
        with self.assertRaises(IntegrityError) as caught, mute_logger("odoo.sql_db"):
            with self.env.cr.savepoint():
                self._industry("Speculation", 150.0)
        self.assertIn("ar_credit_risk_range", str(caught.exception))

    def test_negative_industry_risk_refused(self):
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"):
            with self.env.cr.savepoint():
                self._industry("Utilities", -5.0)

    def test_manual_adjustment_by_credit_manager(self):
        self._history(self.customer)
        credit = self._rerate(self.customer)
        credit.with_user(self.credit_manager).adjustment = 10.25
        self._rerate(self.customer)
        # 74.75 + 10.25 = 85.00: exactly the A threshold
        self.assertEqual((credit.score, credit.grade), (85.0, "A"))
        self.assertEqual(credit.rating_ids.sorted()[0].manual_adjustment, 10.25)

    # ------------------------------------------------------------------
    # Settings
    # ------------------------------------------------------------------
    def test_weights_of_the_company_are_used(self):
        self._history(self.customer)
        self.company.write(
            {
                "credit_weight_on_time": 1,
                "credit_weight_days_late": 0,
                "credit_weight_overdue_ratio": 0,
                "credit_weight_max_days": 0,
                "credit_weight_disputes": 0,
                "credit_weight_broken_promises": 0,
            }
        )
        credit = self._rerate(self.customer)
        # only the on-time share counts: 60.00 -> C
        self.assertEqual((credit.score, credit.grade), (60.0, "C"))

    def test_thresholds_of_the_company_are_used(self):
        self._history(self.customer)
        self.company.credit_grade_a_min = 70.0
        self.assertEqual(self._rerate(self.customer).grade, "A")

    def test_thresholds_not_strictly_ordered_refused(self):
        with self.assertRefused("Grade thresholds must go strictly down from A to C"):
            self.company.write({"credit_grade_b_min": 85.0})

    def test_thresholds_in_reverse_order_refused(self):
        with self.assertRefused("strictly down"):
            self.company.write(
                {
                    "credit_grade_a_min": 40.0,
                    "credit_grade_b_min": 65.0,
                    "credit_grade_c_min": 85.0,
                }
            )

    def test_threshold_above_100_refused(self):
        with self.assertRefused(
            "score threshold of grade A is 101", "between 0 and 100"
        ):
            self.company.credit_grade_a_min = 101.0

    def test_negative_threshold_refused(self):
        with self.assertRefused("score threshold of grade C is -1"):
            self.company.credit_grade_c_min = -1.0

    def test_negative_weight_refused(self):
        with self.assertRefused("must be 0 or more"):
            self.company.credit_weight_disputes = -5

    def test_all_zero_weights_refused(self):
        with self.assertRefused("All credit factor weights are 0"):
            self.company.write(
                {
                    f"credit_weight_{name}": 0
                    for name in (
                        "on_time",
                        "days_late",
                        "overdue_ratio",
                        "max_days",
                        "disputes",
                        "broken_promises",
                    )
                }
            )

    # ------------------------------------------------------------------
    # History and chatter
    # ------------------------------------------------------------------
    def test_each_rating_adds_a_history_row_with_who_and_why(self):
        self._history(self.customer)
        self._rerate(self.customer)
        credit = self._rerate(self.customer)
        rows = credit.rating_ids
        self.assertEqual(len(rows), 2)
        self.assertEqual(set(rows.mapped("trigger")), {"manual"})
        self.assertEqual(rows.user_id, self.collector)
        self.assertEqual(self.customer.credit_rating_ids, rows)

    def test_first_grade_logged_in_chatter_in_words(self):
        self._history(self.customer)
        self._rerate(self.customer)
        self.assertEqual(
            len(
                self._logged(
                    self.customer, f"Credit grade set to B ({self.company.name})."
                )
            ),
            1,
        )
        self.assertFalse(self._logged(self.customer, "Credit grade none"))

    def test_grade_change_logged_once(self):
        self._history(self.customer)
        self._rerate(self.customer)
        self._rerate(self.customer)  # same grade: nothing new to log
        self.customer.industry_id = self._industry("Construction", 40.0)
        self._rerate(self.customer)
        self.assertEqual(len(self._logged(self.customer, "Credit grade")), 2)
        self.assertTrue(self._logged(self.customer, "Credit grade: B → C"))

    def test_salesperson_cannot_rerate(self):
        with self.assertRaises(AccessError):
            self.customer.with_user(self.salesperson).action_credit_rerate()
        self.assertFalse(self._credit(self.customer).rating_ids)

    # ------------------------------------------------------------------
    # Grade policy: Odoo's own credit limit
    # ------------------------------------------------------------------
    def test_credit_limit_is_a_multiple_of_average_monthly_sales(self):
        self._history(self.customer)
        self._rerate(self.customer)
        # sales of 12 months 1,500 + 500 + 300 + 200 + 700 = 3,200;
        # / 12 = 266.666...; grade B gives 2 months: 533.33
        self.assertEqual(self.customer.with_company(self.company).credit_limit, 533.33)

    def test_credit_limit_from_a_fixed_rule(self):
        policy = self.company.credit_grade_policy_ids.filtered(lambda p: p.grade == "B")
        policy.write({"limit_rule": "fixed", "limit_amount": 7500.50})
        self._history(self.customer)
        self._rerate(self.customer)
        self.assertEqual(self.customer.with_company(self.company).credit_limit, 7500.50)
        self.assertEqual(
            self.customer.credit_limit_rule, "Fixed amount: $\N{NO-BREAK SPACE}7,500.50"
        )

    def test_keep_rule_leaves_the_limit_alone(self):
        policy = self.company.credit_grade_policy_ids.filtered(lambda p: p.grade == "B")
        policy.limit_rule = "none"
        self.customer.with_company(self.company).credit_limit = 4321.00
        self._history(self.customer)
        self._rerate(self.customer)
        self.assertEqual(self.customer.with_company(self.company).credit_limit, 4321.00)

    def test_grade_policy_shown_next_to_the_grade(self):
        self._history(self.customer)
        self._rerate(self.customer)
        # default policy of B: 2 months of sales, 60 days, no prepayment
        self.assertEqual(self.customer.credit_limit_rule, "2.0 × average monthly sales")
        self.assertEqual(self.customer.credit_max_payment_days, 60)
        self.assertFalse(self.customer.credit_prepayment_required)

    # ------------------------------------------------------------------
    # Grade override
    # ------------------------------------------------------------------
    def test_override_sets_the_grade_with_history_and_chatter(self):
        self._history(self.customer)
        self._rerate(self.customer)
        self._override_grade(self.customer, "A", "Parent company guarantee", days(30))
        credit = self._credit(self.customer)
        self.assertEqual((credit.grade, credit.computed_grade), ("A", "B"))
        self.assertTrue(self.customer.credit_grade_overridden)
        self.assertEqual(self.customer.credit_override_expiry, days(30))
        row = credit.rating_ids.sorted()[0]
        self.assertRecordValues(
            row,
            [
                {
                    "trigger": "override",
                    "grade": "A",
                    "user_id": self.credit_manager.id,
                    "reason": "Parent company guarantee",
                }
            ],
        )
        self.assertTrue(
            self._logged(self.customer, "Credit grade: B → A by override of")
        )
        # the expiry in the user's words, not the ISO date
        self.assertTrue(self._logged(self.customer, "until 07/15/2026:"))
        self.assertFalse(self._logged(self.customer, "2026-07-15"))

    def test_next_monthly_review_keeps_the_override(self):
        self._paid_on_time(self.customer)
        self._override_grade(self.customer, "C", "Unaudited accounts", days(30))
        with freeze_time(days(20)):
            self.env["ar.partner.credit"]._cron_credit_rate(as_of=days(20))
        credit = self._credit(self.customer)
        self.assertEqual((credit.grade, credit.computed_grade), ("C", "A"))
        row = credit.rating_ids.sorted()[0]
        self.assertEqual(
            (row.trigger, row.grade, row.computed_grade), ("cron", "C", "A")
        )
        self.assertIn("kept by override", row.reason)

    def test_override_expires_and_the_computed_grade_comes_back(self):
        self._paid_on_time(self.customer)
        self._override_grade(self.customer, "C", "Unaudited accounts", days(30))
        with freeze_time(days(31)):
            self.env["ar.partner.credit"]._cron_credit_rate(as_of=days(31))
        credit = self._credit(self.customer)
        self.assertEqual(credit.grade, "A")
        self.assertFalse(credit.override_grade)
        self.assertFalse(self.customer.credit_grade_overridden)
        self.assertEqual(credit.rating_ids.sorted()[0].trigger, "override_expired")
        self.assertTrue(self._logged(self.customer, "Credit grade: C → A"))

    def test_override_still_holds_on_its_expiry_date(self):
        self._paid_on_time(self.customer)
        self._override_grade(self.customer, "C", "Unaudited accounts", days(30))
        with freeze_time(days(30)):
            self.env["ar.partner.credit"]._cron_credit_rate(as_of=days(30))
        self.assertEqual(self._credit(self.customer).grade, "C")

    def test_override_without_reason_refused(self):
        with self.assertRefused("reason of the grade override", exception=UserError):
            self._override_grade(self.customer, "A", "   ", days(30))
        self.assertFalse(self.customer.credit_grade)

    def test_override_with_past_expiry_refused(self):
        with self.assertRefused("expiry date from today on", exception=UserError):
            self._override_grade(self.customer, "A", "Guarantee", days(-1))

    def test_salesperson_cannot_override_the_grade(self):
        with self.assertRaises(AccessError):
            self.customer.with_user(
                self.salesperson
            ).action_credit_open_override_wizard()

    def test_salesperson_cannot_write_the_grade(self):
        credit = self._rerate(self.customer)
        with self.assertRaises(AccessError):
            credit.with_user(self.salesperson).write({"grade": "D"})
        with self.assertRaises(AccessError):
            credit.with_user(self.salesperson).write({"adjustment": 50.0})
        self.assertEqual(credit.grade, "A")

    def test_salesperson_cannot_use_the_override_wizard(self):
        with self.assertRaises(AccessError):
            self.env["ar.credit.override.wizard"].with_user(self.salesperson).create(
                {
                    "partner_ids": self.customer.ids,
                    "grade": "A",
                    "reason": "Friend of mine",
                    "expiry_date": days(30),
                }
            )

    # ------------------------------------------------------------------
    # Monthly review
    # ------------------------------------------------------------------
    def test_monthly_review_in_batches(self):
        Credit = self.env["ar.partner.credit"]
        Credit._cron_credit_rate(as_of=TODAY)  # what the database already holds
        customers = [self._customer(f"Batch customer {n}") for n in range(3)]
        for customer in customers:
            self._invoice(customer, 100.00, days(5))
        progress = [
            Credit._cron_credit_rate(as_of=TODAY, batch_size=1) for _run in range(4)
        ]
        self.assertEqual(
            progress,
            [
                {"done": 1, "remaining": 2},
                {"done": 1, "remaining": 1},
                {"done": 1, "remaining": 0},
                {"done": 0, "remaining": 0},
            ],
        )
        for customer in customers:
            rows = self._credit(customer).rating_ids
            self.assertEqual(len(rows), 1, customer.name)  # rated once that day
            self.assertEqual((rows.trigger, rows.date), ("cron", TODAY))

    def test_monthly_review_skips_customers_without_activity(self):
        idle = self._customer("Idle Ltd")
        self.env["ar.partner.credit"]._cron_credit_rate(as_of=TODAY)
        self.assertFalse(self._credit(idle))

    def test_next_month_rates_again(self):
        self._paid_on_time(self.customer)
        Credit = self.env["ar.partner.credit"]
        Credit._cron_credit_rate(as_of=TODAY)
        with freeze_time(days(30)):
            Credit._cron_credit_rate(as_of=days(30))
        self.assertEqual(
            self._credit(self.customer).rating_ids.sorted().mapped("date"),
            [days(30), TODAY],
        )
