"""The cash-in forecast on real Odoo: customers of known habits, a promise
and a plan forecast to the cent per week and source, the accuracy measured
to the cent once weeks have passed, the weekly run made once per Monday,
companies kept apart, and who may read and act."""

from datetime import date

from collection_common import CollectionCommon, days
from freezegun import freeze_time
from odoo import Command
from odoo.exceptions import AccessError, ValidationError

AUDITOR = "ar_overdue_management.group_ar_auditor"
COLLECTION_MANAGER = "ar_overdue_management.group_ar_collection_manager"


class TestCashInForecast(CollectionCommon):
    """Four customers, forecast on Monday 15 June 2026:

    ==========  ==========================  ================================
    customer    history                     open
    ==========  ==========================  ================================
    Late Ten    3 invoices paid 10 days     1,000.00 due 20 June, 500.00 due
                late, no usual day          10 August
    Pays 25th   3 invoices paid on the 25th 2,000.00 due 22 June
    Promiser    none; promise of 600.00     1,500.00 due 6 May (40 days)
                for 25 June
    Planner     none; plan: 600.00 on 22    1,200.00 due 6 April (70 days)
                June, 600.00 on 20 July
    ==========  ==========================  ================================
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.ar_credit_hold_enforced = False
        cls.late_ten = cls._customer("Late Ten")
        cls.pays_25 = cls._customer("Pays 25th")
        cls.promiser = cls._customer("Promiser")
        cls.planner = cls._customer("Planner")
        cls.auditor = cls._user("ar_fc_auditor", AUDITOR)
        cls.manager = cls._user("ar_fc_manager", COLLECTION_MANAGER)

    def _history(self, partner, dues_and_paid):
        for due, paid in dues_and_paid:
            self._pay(self._invoice(partner, 100.0, due), payment_date=paid)

    def _scenario(self):
        self._history(
            self.late_ten,
            [
                (date(2026, 1, 5), date(2026, 1, 15)),
                (date(2026, 2, 20), date(2026, 3, 2)),
                (date(2026, 4, 15), date(2026, 4, 25)),
            ],
        )
        self._history(
            self.pays_25,
            [
                (date(2026, 2, 20), date(2026, 2, 25)),
                (date(2026, 3, 18), date(2026, 3, 25)),
                (date(2026, 4, 21), date(2026, 4, 25)),
            ],
        )
        invoices = {
            "late": self._invoice(self.late_ten, 1000.0, date(2026, 6, 20)),
            "late_far": self._invoice(self.late_ten, 500.0, date(2026, 8, 10)),
            "pays_25": self._invoice(self.pays_25, 2000.0, date(2026, 6, 22)),
            "promiser": self._invoice(self.promiser, 1500.0, days(-40)),
            "planner": self._invoice(self.planner, 1200.0, days(-70)),
        }
        self._promise(self._case(self.promiser), 600.0, days(10), user=self.collector)
        plan = (
            self.env["ar.collection.plan"]
            .with_user(self.collector)
            .create(
                {
                    "case_id": self._case(self.planner).id,
                    "kind": "cash",
                    "amount": 1200.0,
                    "line_ids": [
                        Command.create({"date": days(7), "amount": 600.0}),
                        Command.create({"date": days(35), "amount": 600.0}),
                    ],
                }
            )
        )
        plan.action_activate()
        return invoices

    def _forecast_now(self, user=None):
        action = (
            self.env["ar.forecast.run"]
            .with_user(user or self.collector)
            .action_forecast_now()
        )
        return self.env["ar.forecast.run"].browse(action["res_id"])

    def _by_week_and_source(self, run):
        groups = self.env["ar.forecast.line"]._read_group(
            [("run_id", "=", run.id)],
            ["week_index", "source", "partner_id"],
            ["expected_amount:sum", "open_amount:sum"],
        )
        return {
            (week, source, partner.name): (round(expected, 2), round(open_, 2))
            for week, source, partner, expected, open_ in groups
        }

    # ------------------------------------------------------------------
    # The forecast
    # ------------------------------------------------------------------
    def test_forecast_to_the_cent_by_week_and_source(self):
        self._scenario()
        run = self._forecast_now()
        self.assertEqual((run.date, run.state), (date(2026, 6, 15), "done"))
        self.assertEqual(
            self._by_week_and_source(run),
            {
                # 40 days overdue, no history: due date, aged 40 days: 85 %
                (0, "due", "Promiser"): (765.00, 900.00),
                # the 25th nearest to 22 June + 5.3 days, 3 days late: 98 %
                (1, "habit", "Pays 25th"): (1960.00, 2000.00),
                # promised for 25 June, then 50 days overdue: 85 %
                (1, "promise", "Promiser"): (510.00, 600.00),
                # instalments on 22 June (77 days: 85 %), 20 July (105: 50 %)
                (1, "plan", "Planner"): (510.00, 600.00),
                (5, "plan", "Planner"): (300.00, 600.00),
                # due + 10 days: 30 June and 20 August, 98 %
                (2, "late", "Late Ten"): (980.00, 1000.00),
                (9, "late", "Late Ten"): (490.00, 500.00),
            },
        )
        self.assertEqual(run.open_amount, 6200.00)
        self.assertEqual(run.expected_amount, 5515.00)
        self.assertEqual(run.naive_amount, 6200.00)
        weeks = {
            a.horizon: (a.forecast_amount, a.naive_amount) for a in run.accuracy_ids
        }
        self.assertEqual(len(weeks), 13)
        self.assertEqual(weeks[1], (765.00, 3700.00))
        self.assertEqual(weeks[2], (2980.00, 2000.00))
        self.assertEqual(weeks[9], (0.0, 500.00))
        self.assertEqual(weeks[10], (490.00, 0.0))
        lines = run.line_ids
        self.assertTrue(all(lines.mapped("latest")))
        self.assertEqual(set(lines.mapped("week_start")) >= {date(2026, 6, 15)}, True)
        self.assertEqual(lines.currency_id, self.company.currency_id)

    def test_a_forecast_made_midweek_is_dated_on_its_monday(self):
        self._invoice(self.promiser, 100.0, days(5))
        with freeze_time("2026-06-17"):
            run = self._forecast_now()
        self.assertEqual(run.date, date(2026, 6, 15))

    def test_customer_form_opens_its_latest_forecast(self):
        self._scenario()
        self._forecast_now()
        customer = self.planner.with_user(self.collector)
        self.assertEqual(customer.ar_forecast_line_count, 2)
        action = customer.action_ar_forecast()
        lines = (
            self.env["ar.forecast.line"]
            .with_user(self.collector)
            .search(action["domain"] + [("latest", "=", True)])
        )
        self.assertEqual(sum(lines.mapped("expected_amount")), 810.00)

    # ------------------------------------------------------------------
    # Accuracy
    # ------------------------------------------------------------------
    def test_accuracy_of_the_weeks_that_passed_to_the_cent(self):
        invoices = self._scenario()
        run = self._forecast_now()
        self._pay(invoices["promiser"], 300.0, payment_date=date(2026, 6, 16))
        self._pay(invoices["pays_25"], payment_date=date(2026, 6, 25))
        self.env["ar.forecast.run"]._cron_forecast(as_of=date(2026, 6, 29))
        rows = {
            a.horizon: (
                a.state,
                a.collected_amount,
                a.error_percent,
                a.naive_error_percent,
            )
            for a in run.accuracy_ids
        }
        # week 1: 765.00 forecast, 3,700.00 naive, 300.00 collected
        self.assertEqual(rows[1], ("measured", 300.00, 155.0, 1133.33))
        # week 2: 2,980.00 forecast, 2,000.00 naive and collected
        self.assertEqual(rows[2], ("measured", 2000.00, 49.0, 0.0))
        self.assertEqual(rows[3][0], "pending")
        # the mean absolute percentage error of the measured weeks
        [(mape, naive)] = (
            self.env["ar.forecast.accuracy"]
            .with_user(self.collector)
            ._read_group(
                [("run_id", "=", run.id)],
                [],
                ["error_percent:avg", "naive_error_percent:avg"],
            )
        )
        self.assertAlmostEqual(mape, 102.0)
        self.assertAlmostEqual(naive, 566.665)

    # ------------------------------------------------------------------
    # The weekly run
    # ------------------------------------------------------------------
    def test_weekly_run_twice_the_same_monday_makes_one_forecast(self):
        self._scenario()
        Run = self.env["ar.forecast.run"]
        Run._cron_forecast(as_of=days(0))
        run = Run.search([("company_id", "=", self.company.id)])
        lines = run.line_ids.ids
        Run._cron_forecast(as_of=days(2))
        again = Run.search([("company_id", "=", self.company.id)])
        self.assertEqual(again, run)
        self.assertEqual(again.line_ids.ids, lines)
        # a forecast stopped half-way is made again
        run.sudo().state = "draft"
        Run._cron_forecast(as_of=days(2))
        redone = Run.search([("company_id", "=", self.company.id)])
        self.assertEqual(len(redone), 1)
        self.assertEqual(redone.state, "done")
        self.assertEqual(redone.expected_amount, 5515.00)

    def test_past_weeks_to_forecast_refused_out_of_range(self):
        for weeks in (-1, 105):
            with self.assertRaises(ValidationError), self.env.cr.savepoint():
                self.company.ar_forecast_backfill_weeks = weeks
                self.company.flush_recordset()
        self.assertEqual(self.company.ar_forecast_backfill_weeks, 26)

    def test_backfill_forecasts_past_mondays_and_keeps_the_latest(self):
        invoices = self._scenario()
        self._pay(invoices["planner"], 600.0, payment_date=days(0))
        self.company.ar_forecast_backfill_weeks = 4
        self.company.with_user(self.manager).action_ar_forecast_backfill()
        runs = self.env["ar.forecast.run"].search(
            [("company_id", "=", self.company.id)], order="date"
        )
        self.assertEqual(
            runs.mapped("date"),
            [date(2026, 5, 18), date(2026, 5, 25), date(2026, 6, 1), days(-7), days(0)],
        )
        latest = self.env["ar.forecast.line"].search(
            [("company_id", "=", self.company.id), ("latest", "=", True)]
        )
        self.assertEqual(latest.run_id, runs[-1])
        measured = runs.accuracy_ids.filtered(lambda a: a.state == "measured")
        self.assertEqual(len(measured), 4 + 3 + 2 + 1)

    # ------------------------------------------------------------------
    # Companies and rights
    # ------------------------------------------------------------------
    def test_another_companys_forecast_never_mixes(self):
        self._scenario()
        other = self.setup_other_company(name="Far Harbour")["company"]
        foreign = self._customer("Far Debtor", company_id=other.id)
        self._invoice(foreign, 900.0, days(-10), company=other)
        self.env["ar.forecast.run"]._cron_forecast(as_of=days(0))
        mine = self.env["ar.forecast.run"].search(
            [("company_id", "=", self.company.id)]
        )
        theirs = self.env["ar.forecast.run"].search([("company_id", "=", other.id)])
        self.assertEqual(mine.expected_amount, 5515.00)
        self.assertEqual(theirs.line_ids.partner_id, foreign)
        self.assertNotIn(foreign, mine.line_ids.partner_id)
        self.assertEqual(theirs.line_ids.currency_id, other.currency_id)
        Lines = self.env["ar.forecast.line"].with_user(self.collector)
        self.assertFalse(Lines.search([("company_id", "=", other.id)]))
        with self.assertRaises(AccessError):
            theirs.with_user(self.collector).read(["date"])

    def test_auditor_reads_and_cannot_act(self):
        self._scenario()
        run = self._forecast_now()
        as_auditor = run.with_user(self.auditor)
        self.assertEqual(as_auditor.expected_amount, 5515.00)
        self.assertEqual(len(as_auditor.line_ids), 7)
        self.assertEqual(len(as_auditor.accuracy_ids), 13)
        for record in (run, run.line_ids[:1], run.accuracy_ids[:1]):
            with self.assertRaises(AccessError):
                record.with_user(self.auditor).write({})
                record.with_user(self.auditor).check_access("write")
            with self.assertRaises(AccessError):
                record.with_user(self.auditor).unlink()
            with self.assertRaises(AccessError):
                self.env[record._name].with_user(self.auditor).check_access("create")
        with self.assertRaises(AccessError):
            self._forecast_now(user=self.auditor)
        with self.assertRaises(AccessError):
            self.company.with_user(self.auditor).action_ar_forecast_backfill()

    def test_a_collector_forecasts_but_does_not_rebuild_the_past(self):
        self._scenario()
        run = self._forecast_now(user=self.collector)
        self.assertEqual(run.state, "done")
        with self.assertRaises(AccessError):
            run.with_user(self.collector).unlink()
        with self.assertRaises(AccessError):
            self.company.with_user(self.collector).action_ar_forecast_backfill()
