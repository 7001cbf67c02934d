"""Bad-debt provision on real Odoo: the allowance to the cent for a prepared
aging, the industry surcharge and its cap, rates refused when they make no
sense, the entry balanced, reversed next month and never booked twice for a
month, the lock date respected, rates learned from a prepared history, and
who may do what."""

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
        for fragment in (run.name, "Harbour Foods", "150.23", "413.46", "120-150"):
            self.assertIn(fragment, text)

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
            {r.bucket: r.learned_rate for r in rates},
            {
                "not_due": 33.33,
                "1_30": 33.33,
                "31_90": 71.43,  # (55.56 x 900 + 100 x 500) / 1,400
                "91_180": 100.0,
                "over_180": 100.0,
            },
        )
        # booked at the learned rates on demand
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
