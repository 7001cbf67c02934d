"""Bad-debt provision on real Odoo: the allowance to the cent for a prepared
aging, the industry surcharge and its cap, never more than a customer owes
net of its credits, rates refused when they make no sense, the entry
balanced, reversed next month and never booked twice for a month, the lock
date respected, rates learned from a prepared history and replaced by the
fixed rates where that history is thin, the rate of each bucket and its
source, and who may do what."""

from datetime import date

from odoo.exceptions import AccessError, UserError, ValidationError
from provision_common import MANAGER, ProvisionCommon, days


class TestProvision(ProvisionCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.construction = cls.env["res.partner.industry"].create(
            {"name": "Construction (test)", "ar_provision_surcharge": 30.0}
        )

    def _compute(self, as_of=None, user=None, source="fixed"):
        wizard = (
            self.env["ar.provision.wizard"]
            .with_user(user or self.finance)
            .create({"date": as_of or days(0), "rate_source": source})
        )
        action = wizard.action_compute()
        return self.env["ar.provision.run"].browse(action["res_id"])

    def _required(self, run, partner=None):
        lines = run.line_ids.filtered(
            lambda line: line.partner_id == (partner or self.customer)
        )
        return {line.bucket: line.required for line in lines}

    def test_allowance_to_the_cent_for_a_prepared_aging(self):
        self._aging_scenario(self.customer)
        run = self._compute()
        # 1-30: 500.25 - 120.65 credit = 379.60 at 2 %; 31-90: 500.25 + 200.35
        # at 15 %; 91-180: 300.45 at 50 %; over 180: 150.55 at 100 %
        self.assertEqual(
            self._required(run),
            {
                "not_due": 0.0,
                "1_30": 7.59,
                "31_90": 105.09,
                "91_180": 150.23,
                "over_180": 150.55,
            },
        )
        self.assertEqual(run.required_total, 413.46)
        self.assertEqual((run.balance_before, run.difference), (0.0, 413.46))
        self.assertEqual(run.state, "draft")
        self.assertFalse(run.move_id)

    def test_lines_carry_the_runs_company_and_date_and_no_query_a_customer(self):
        """The lines, written outside the ORM's create, read back as any
        record (the run's company and date, one a customer and bucket), and
        cost no query a customer."""

        def queries(customers, day):
            for customer in customers:
                self._invoice(customer, 500.25, days(-10))
            run = self.env["ar.provision.run"].create({"date": day})
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            run.action_compute()
            self.env.flush_all()
            count = self.env.cr.sql_log_count - before
            lines = run.line_ids.filtered(lambda line: line.partner_id in customers)
            self.assertEqual(len(lines), len(customers))
            self.assertEqual(len(run.line_ids), len(run.line_ids.partner_id))
            self.assertEqual(
                {(ln.company_id, ln.date, ln.bucket, ln.required) for ln in lines},
                {(run.company_id, run.date, "1_30", 10.01)},  # 500.25 at 2 %
            )
            return count

        queries([self._customer("Warm")], days(-4))  # caches that do not grow
        two = queries([self._customer(f"Two {index}") for index in range(2)], days(-2))
        # the later runs also find the customers before: three, then nine
        six = queries([self._customer(f"Six {index}") for index in range(6)], days(0))
        self.assertEqual(two, six)

    def test_industry_surcharge_and_its_cap(self):
        self.customer.industry_id = self.construction
        self._aging_scenario(self.customer)
        run = self._compute()
        self.assertEqual(
            self._required(run),
            {
                "not_due": 0.0,
                "1_30": 9.87,  # 379.60 x 2.6 %
                "31_90": 136.62,  # 700.60 x 19.5 %
                "91_180": 195.29,  # 300.45 x 65 %
                "over_180": 150.55,  # 130 % capped at 100 %
            },
        )
        with self.assertRaises(ValidationError):
            self.construction.ar_provision_surcharge = 120.0

    def test_report_shows_the_calculation(self):
        self._aging_scenario(self.customer)
        run = self._compute()
        html, _kind = (
            self.env["ir.actions.report"]
            .with_user(self.finance)
            ._render_qweb_html("ar_overdue_management.report_ar_provision_run", run.ids)
        )
        text = html.decode()
        for fragment in (
            run.name,
            "Harbour Foods",
            "150.23",
            "413.46",
            "120-150",
            "Owed by customers (each net of its credits)",
            "2,531.30",
        ):
            self.assertIn(fragment, text)

    def _unmatched_payment(self, partner, amount):
        """A payment received from ``partner`` today, matched with nothing."""
        payment = self.env["account.payment"].create(
            {
                "payment_type": "inbound",
                "partner_type": "customer",
                "partner_id": partner.id,
                "amount": amount,
                "date": days(0),
            }
        )
        payment.action_post()
        return payment

    def test_a_customer_owing_nothing_net_gets_nothing(self):
        """An old debt and an unmatched payment of the same amount: the
        over-180 bucket alone would ask for all of it."""
        self._invoice(self.customer, 635.00, days(-200))
        self._unmatched_payment(self.customer, 635.00)
        run = self._compute()
        self.assertEqual(self._required(run), {"not_due": 0.0, "over_180": 0.0})
        old = run.line_ids.filtered(lambda line: line.bucket == "over_180")
        self.assertEqual((old.amount, old.rate, old.capped), (635.00, 100.0, True))
        self.assertEqual(
            (run.open_total, run.credit_total, run.capped_amount),
            (0.0, 0.0, 635.00),
        )
        self.assertEqual((run.required_total, run.difference), (0.0, 0.0))

    def test_the_total_never_exceeds_what_the_customers_owe(self):
        self._aging_scenario(self.customer)  # owes 2,531.30, requires 413.46
        # owes 400.00 + 300.00 - 450.00 = 250.00 net; the rates ask
        # 200.00 + 300.00, the cap keeps the oldest debt's allowance
        quay = self._customer("Quay Traders")
        self._invoice(quay, 400.00, days(-100))
        self._invoice(quay, 300.00, days(-200))
        self._invoice(quay, 450.00, days(-5), move_type="out_refund")
        # a credit balance owes nothing
        pier = self._customer("Pier Credit")
        self._unmatched_payment(pier, 500.00)
        run = self._compute()
        self.assertEqual(
            self._required(run, quay),
            {"1_30": 0.0, "91_180": 0.0, "over_180": 250.00},
        )
        self.assertEqual(self._required(run, pier), {"not_due": 0.0})
        self.assertEqual(sum(self._required(run).values()), 413.46)
        self.assertEqual(run.open_total, 2781.30)  # 2,531.30 + 250.00 + 0
        # what Pier is owed is no money of Harbour's or Quay's
        self.assertEqual(run.credit_total, -500.00)
        self.assertEqual(run.capped_amount, 250.00)
        self.assertEqual((run.required_total, run.difference), (663.46, 663.46))
        self.assertLessEqual(run.required_total, run.open_total)

    def _prepared_history(self):
        """X 1,000.00 due 15 January: 600.00 paid 10 February, the rest 20
        March.  Y 500.00 due 20 January, never paid (91-180 days on the
        run's date).  Rates learned from it."""
        other = self._customer("Other Foods")
        x = self._invoice(self.customer, 1000.00, date(2026, 1, 15))
        self._pay(x, 600.00, payment_date=date(2026, 2, 10))
        self._pay(x, payment_date=date(2026, 3, 20))
        self._invoice(other, 500.00, date(2026, 1, 20))
        rates = self.env["ar.provision.rate"].search(
            [("company_id", "=", self.company.id)]
        )
        rates.with_user(self.finance).action_learn()
        return other

    def test_thin_history_falls_back_to_the_fixed_rate_with_a_note(self):
        other = self._prepared_history()
        # the company asks for 6 months and 20 invoices by default
        run = self._compute(source="learned")
        self.assertEqual(
            {b.bucket: (b.rate, b.rate_origin) for b in run.bucket_ids},
            {
                "not_due": (0.0, "fallback"),
                "1_30": (2.0, "fallback"),
                "31_90": (15.0, "fallback"),
                "91_180": (50.0, "fallback"),
                "over_180": (100.0, "fallback"),
            },
        )
        # 500.00 at the fixed 50 %, not the learned 100 %
        self.assertEqual(self._required(run, other), {"91_180": 250.00})
        self.assertEqual((run.required_total, run.expected_loss), (250.00, 250.00))
        note = run.bucket_ids.filtered(lambda b: b.bucket == "91_180").note
        self.assertEqual(
            note,
            "91-180 Days: the learned rate 100.00 % rests on too thin a history "
            "(months: 1, invoices: 1; the company asks for at least 6 months and "
            "20 invoices); the fixed rate 50.00 % is used instead.",
        )
        self.assertIn(note, run.rate_note)
        # a younger rate multiplies the older rolls: it is no better than them
        self.company.write(
            {
                "ar_provision_min_history_months": 1,
                "ar_provision_min_history_invoices": 2,
            }
        )
        run = self._compute(source="learned")
        self.assertIn(
            "1-30 Days: the learned rate 33.33 % rests on the roll rates of 91-180 "
            "Days, whose history is too thin (months: 1, invoices: 1; the company "
            "asks for at least 1 months and 2 invoices); the fixed rate 2.00 % is "
            "used instead.",
            run.rate_note,
        )

    def test_each_bucket_shows_its_rate_and_where_it_came_from(self):
        self._prepared_history()
        self.company.write(
            {
                "ar_provision_min_history_months": 1,
                "ar_provision_min_history_invoices": 1,
            }
        )
        learned = self._compute(source="learned")
        # the labels as the user's screen gets them
        described = (
            self.env["ar.provision.run.bucket"]
            .with_user(self.finance)
            .with_context(lang="en_US")
            .fields_get(["bucket", "rate_origin"], ["selection"])
        )
        buckets = dict(described["bucket"]["selection"])
        origins = dict(described["rate_origin"]["selection"])
        self.assertEqual(
            [
                (buckets[b.bucket], b.rate, origins[b.rate_origin])
                for b in learned.bucket_ids
            ],
            [
                ("Not Due", 0.0, "Fixed Rate (Thin History)"),  # never seen not due
                ("1-30 Days", 33.33, "Learned Rate"),
                ("31-90 Days", 71.43, "Learned Rate"),
                ("91-180 Days", 100.0, "Learned Rate"),
                ("Over 180 Days", 100.0, "Fixed Rate (Thin History)"),  # none seen
            ],
        )
        self.assertEqual(
            [(b.amount, b.required) for b in learned.bucket_ids],
            [(0.0, 0.0), (0.0, 0.0), (0.0, 0.0), (500.00, 500.00), (0.0, 0.0)],
        )
        # at the policy's rates: every bucket fixed, the expected loss learned
        fixed = self._compute()
        self.assertEqual(
            [
                (b.rate, b.rate_origin, b.loss_rate, b.loss_origin)
                for b in fixed.bucket_ids
            ],
            [
                (0.0, "fixed", 0.0, "fallback"),
                (2.0, "fixed", 33.33, "learned"),
                (15.0, "fixed", 71.43, "learned"),
                (50.0, "fixed", 100.0, "learned"),
                (100.0, "fixed", 100.0, "fallback"),
            ],
        )
        self.assertEqual((fixed.required_total, fixed.expected_loss), (250.00, 500.00))
        html, _kind = (
            self.env["ir.actions.report"]
            .with_user(self.finance)
            ._render_qweb_html(
                "ar_overdue_management.report_ar_provision_run", learned.ids
            )
        )
        text = html.decode()
        for fragment in (
            "Rates by bucket",
            "Learned Rate",
            "Fixed Rate (Thin History)",
            "33.33",
            "Not Due: the learned rate 33.33 % rests on too thin a history "
            "(months: 0, invoices: 0;",
        ):
            self.assertIn(fragment, text)

    def test_bucket_labels_reach_the_screen(self):
        for model in (
            "ar.provision.rate",
            "ar.provision.line",
            "ar.provision.run.bucket",
        ):
            described = (
                self.env[model]
                .with_user(self.finance)
                .with_context(lang="en_US")
                .fields_get(["bucket"], ["selection"])
            )
            self.assertEqual(
                [label for _key, label in described["bucket"]["selection"]],
                ["Not Due", "1-30 Days", "31-90 Days", "91-180 Days", "Over 180 Days"],
                model,
            )

    def test_minimum_history_settings_refuse_what_makes_no_sense(self):
        admin = self._user("ar_prov_settings", "base.group_erp_manager")
        company = self.company.with_user(admin)
        with self.assertRefused("between 0 and 12 months"):
            company.ar_provision_min_history_months = -1
        with self.assertRefused("between 0 and 12 months"):
            company.ar_provision_min_history_months = 13
        with self.assertRefused("cannot be negative"):
            company.ar_provision_min_history_invoices = -1
        self.assertEqual(
            (
                self.company.ar_provision_min_history_months,
                self.company.ar_provision_min_history_invoices,
            ),
            (6, 20),
        )
        company.write(
            {
                "ar_provision_min_history_months": 0,
                "ar_provision_min_history_invoices": 0,
            }
        )
        self.assertEqual(self.company.ar_provision_min_history_months, 0)

    def test_rates_that_make_no_sense_are_refused(self):
        rates = self.env["ar.provision.rate"].search(
            [("company_id", "=", self.company.id)]
        )
        self.assertEqual(
            {r.bucket: r.rate for r in rates},
            {
                "not_due": 0.0,
                "1_30": 2.0,
                "31_90": 15.0,
                "91_180": 50.0,
                "over_180": 100.0,
            },
        )
        by_bucket = {r.bucket: r for r in rates}
        with self.assertRaises(ValidationError) as refusal:
            by_bucket["91_180"].with_user(self.finance).rate = 10.0
        self.assertIn("cannot be lower", str(refusal.exception))
        with self.assertRaises(ValidationError):
            by_bucket["over_180"].with_user(self.finance).rate = 101.0
        by_bucket["91_180"].with_user(self.finance).rate = 60.0
        self.assertEqual(by_bucket["91_180"].rate, 60.0)

    def test_entry_balanced_never_twice_a_month_and_reversed_next_month(self):
        self.company.ar_provision_auto_reverse = True
        self._aging_scenario(self.customer)
        run = self._compute()
        run.with_user(self.finance).action_post()
        move = run.move_id
        self.assertEqual(move.state, "posted")
        self.assertEqual(
            sorted(
                (line.account_id, line.debit, line.credit) for line in move.line_ids
            ),
            sorted([(self.expense, 413.46, 0.0), (self.allowance, 0.0, 413.46)]),
        )
        self.assertEqual(run.reversal_move_id.date, date(2026, 7, 1))
        with self.assertRaises(UserError):
            run.with_user(self.finance).unlink()
        self.assertEqual(run.reversal_move_id.state, "posted")
        # a second run of June is refused, whichever path
        again = self._compute(days(5))
        with self.assertRaises(UserError):
            again.with_user(self.finance).action_post()
        self.assertEqual(
            self.env["ar.provision.run"].search_count(
                [("company_id", "=", self.company.id), ("state", "=", "posted")]
            ),
            1,
        )
        # the scheduled run does not book June again (other companies may
        # have their own June to book)
        booked = self.env["ar.provision.run"]._cron_provision_monthly(date(2026, 7, 2))
        self.assertFalse(booked.filtered(lambda r: r.company_id == self.company))
        # July: the June entry was reversed, the whole allowance is booked again
        july = self._compute(date(2026, 7, 31))
        self.assertEqual(july.balance_before, 0.0)
        self.assertEqual(july.difference, july.required_total)

    def test_without_reversal_the_next_month_books_the_difference(self):
        items = self._aging_scenario(self.customer)
        self._compute().with_user(self.finance).action_post()
        self._pay(items["f_200"])
        july = self._compute(date(2026, 7, 31))
        self.assertEqual(july.balance_before, 413.46)
        self.assertEqual(july.difference, round(july.required_total - 413.46, 2))
        july.with_user(self.finance).action_post()
        self.assertEqual(july.move_id.amount_total, abs(july.difference))

    def test_lock_date_respected(self):
        self._aging_scenario(self.customer)
        self.company.fiscalyear_lock_date = date(2026, 5, 31)
        run = self._compute(date(2026, 5, 31))
        with self.assertRaises(UserError) as refusal:
            run.with_user(self.finance).action_post()
        self.assertIn("locked", str(refusal.exception))
        self.assertEqual(run.state, "draft")
        self.assertFalse(
            self.env["account.move.line"].search(
                [("account_id", "=", self.allowance.id)]
            )
        )

    def test_monthly_run_books_once(self):
        self._aging_scenario(self.customer)
        runs = self.env["ar.provision.run"]._cron_provision_monthly(date(2026, 7, 1))
        run = runs.filtered(lambda r: r.company_id == self.company)
        self.assertEqual((run.date, run.state), (date(2026, 6, 30), "posted"))
        again = self.env["ar.provision.run"]._cron_provision_monthly(date(2026, 7, 2))
        self.assertFalse(again.filtered(lambda r: r.company_id == self.company))

    def test_rates_learned_from_a_prepared_history(self):
        """X 1,000.00 due 15 January: 600.00 paid 10 February, the rest 20
        March.  Y 500.00 due 20 January, never paid.  Month ends: in the
        1-30 bucket 1,500.00 of which 900.00 rolled on (60 %); in 31-60,
        900.00 of which 500.00 (55.56 %); Y rolled on every month since."""
        other = self._customer("Other Foods")
        x = self._invoice(self.customer, 1000.00, date(2026, 1, 15))
        self._pay(x, 600.00, payment_date=date(2026, 2, 10))
        self._pay(x, payment_date=date(2026, 3, 20))
        self._invoice(other, 500.00, date(2026, 1, 20))
        rates = self.env["ar.provision.rate"].search(
            [("company_id", "=", self.company.id)]
        )
        rates.with_user(self.finance).action_learn()
        self.assertEqual(
            {r.bucket: (r.learned_months, r.learned_invoices) for r in rates},
            {
                "not_due": (0, 0),  # dated on their due date: never seen not due
                "1_30": (1, 2),  # end of January: X and Y
                "31_90": (2, 2),  # February: X and Y; March: Y
                "91_180": (1, 1),  # April: Y
                "over_180": (0, 0),
            },
        )
        self.assertEqual(
            {r.bucket: r.learned_rate for r in rates},
            {
                "not_due": 33.33,
                "1_30": 33.33,
                "31_90": 71.43,  # (55.56 x 900 + 100 x 500) / 1,400
                "91_180": 100.0,
                "over_180": 100.0,
            },
        )
        # booked at the learned rates on demand, once the company accepts
        # a history of one month and one invoice
        self.company.write(
            {
                "ar_provision_min_history_months": 1,
                "ar_provision_min_history_invoices": 1,
            }
        )
        run = self._compute(source="learned")
        self.assertEqual(self._required(run, other)["91_180"], 500.00)

    def test_who_may_compute_and_book(self):
        self._aging_scenario(self.customer)
        clerk = self._user("ar_prov_clerk", "account.group_account_invoice")
        with self.assertRaises(AccessError):
            self._compute(user=clerk)
        with self.assertRaises(AccessError):
            self._compute(user=self.collector)
        run = self._compute()
        with self.assertRaises(AccessError):
            run.with_user(clerk).action_post()
        with self.assertRaises(UserError):
            run.with_user(self.finance).write({"required_total": 1.0})
        rates = self.env["ar.provision.rate"].search(
            [("company_id", "=", self.company.id)]
        )
        with self.assertRaises(AccessError):
            rates[1].with_user(clerk).rate = 1.0
        with self.assertRaises(AccessError):
            rates.with_user(clerk).action_learn()
        other = self.setup_other_company(name="Harbour Two")["company"]
        outsider = self._user("ar_prov_outsider", MANAGER, company=other)
        self.assertFalse(self.env["ar.provision.run"].with_user(outsider).search([]))
