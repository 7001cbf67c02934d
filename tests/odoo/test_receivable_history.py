"""The receivable history: a month end's snapshot adds up to the aging
analysis of that day, a re-run changes nothing, month ends keep each
customer's figures, a backfill writes what the run wrote, and only
collections and accounting read it, company by company."""

from datetime import date

from common import TODAY, OverdueCommon, days
from odoo.exceptions import AccessError

MAY_END = date(2026, 5, 31)
APRIL_END = date(2026, 4, 30)
COLLECTION_USER = "ar_overdue_management.group_ar_collection_user"
SNAPSHOT_FIELDS = [
    "date",
    "bucket",
    "tier_id",
    "collector_id",
    "partner_count",
    "amount",
    "overdue_amount",
    "days_overdue",
]
MONTH_FIELDS = [
    "partner_id",
    "open_amount",
    "overdue_amount",
    "days_overdue",
    "tier_id",
]


class TestReceivableHistory(OverdueCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.alpha = cls._customer("Alpha Foods", salesperson=cls.salesperson)
        cls.beta = cls._customer("Beta Steel")
        # Alpha: 1,000 due 40 days ago (900 left after a payment of 100),
        # 500 due in 10 days; Beta: 300 due 100 days ago, a credit note of
        # 200 not matched yet
        cls.alpha_old = cls._invoice(cls.alpha, 1000.0, days(-40))
        cls.alpha_new = cls._invoice(cls.alpha, 500.0, days(10))
        cls.beta_old = cls._invoice(cls.beta, 300.0, days(-100))
        cls.beta_credit = cls._invoice(cls.beta, 200.0, days(-50), "out_refund")

    def _snapshot(self, day, company=None):
        return self.env["ar.receivable.snapshot"].search(
            [("company_id", "=", (company or self.company).id), ("date", "=", day)]
        )

    def _by_bucket(self, model, domain, amount, **context):
        groups = (
            self.env[model]
            .sudo()
            .with_context(**context)
            ._read_group(domain, ["bucket"], [f"{amount}:sum"])
        )
        return {bucket: round(total, 2) for bucket, total in groups if total}

    def _rows(self, records, names):
        """The records' values as the user reads them, ids of relations
        included, sorted: comparable between two writes."""
        rows = records.read(names, load=None)
        return sorted(tuple(row[n] for n in names) for row in rows)

    def test_month_end_snapshot_adds_up_to_the_aging_analysis(self):
        self._pay(self.alpha_old, amount=100.0, payment_date=days(-20))
        self._cron(MAY_END)
        company = [("company_id", "=", self.company.id)]
        snapshot = self._by_bucket(
            "ar.receivable.snapshot", [*company, ("date", "=", MAY_END)], "amount"
        )
        # the aging analysis of 31 May, of the entries dated by then
        aging = self._by_bucket(
            "ar.aging.report",
            [*company, ("move_id.date", "<=", MAY_END)],
            "amount_residual",
            aging_date=MAY_END,
        )
        self.assertEqual(snapshot, aging)
        self.assertEqual(snapshot, {"1_30": 900.0, "61_90": 300.0, "credits": -200.0})
        by_bucket = {row.bucket: row for row in self._snapshot(MAY_END)}
        self.assertEqual(by_bucket["1_30"].tier_id, self.mild)
        self.assertEqual(by_bucket["1_30"].collector_id, self.salesperson)
        self.assertEqual(by_bucket["61_90"].tier_id, self.severe)
        self.assertEqual(by_bucket["61_90"].days_overdue, 85.0)
        self.assertEqual(by_bucket["credits"].partner_count, 1)
        # days overdue of the overdue money, weighted by amount:
        # (900 x 25 + 300 x 85) / 1,200 = 40
        [(weighted, overdue)] = self.env["ar.receivable.snapshot"]._read_group(
            [*company, ("date", "=", MAY_END)],
            [],
            ["days_overdue:avg", "overdue_amount:sum"],
        )
        self.assertAlmostEqual(weighted, 40.0, places=1)
        self.assertEqual(overdue, 1200.0)

    def test_no_snapshot_between_month_ends(self):
        self._cron(TODAY)
        self.assertFalse(self._snapshot(TODAY))
        self.assertTrue(self._snapshot(MAY_END))
        self._cron(days(1))
        self.assertFalse(self._snapshot(days(1)))

    def test_second_run_the_same_day_changes_nothing(self):
        self._cron(MAY_END)
        first = self._rows(self._snapshot(MAY_END), SNAPSHOT_FIELDS)
        months = self.env["ar.customer.month"].search([("date", "=", MAY_END)])
        first_months = self._rows(months, MONTH_FIELDS)
        self._cron(MAY_END)
        self.assertEqual(self._rows(self._snapshot(MAY_END), SNAPSHOT_FIELDS), first)
        self._cron(TODAY)
        self.assertEqual(self._rows(self._snapshot(MAY_END), SNAPSHOT_FIELDS), first)
        months = self.env["ar.customer.month"].search([("date", "=", MAY_END)])
        self.assertEqual(self._rows(months, MONTH_FIELDS), first_months)
        self.assertTrue(first)

    def test_first_run_after_a_month_end_writes_its_customers(self):
        # paid after the month end: Alpha still owed it on 31 May
        self._pay(self.alpha_old, payment_date=days(-10))
        self._cron(TODAY)
        self.assertEqual(self.company.ar_history_month_end, MAY_END)
        months = self.env["ar.customer.month"].search(
            [("company_id", "=", self.company.id), ("date", "=", MAY_END)]
        )
        figures = {
            m.partner_id: (m.open_amount, m.overdue_amount, m.days_overdue, m.tier_id)
            for m in months
        }
        self.assertEqual(
            figures,
            {
                # 1,000 due 6 May, 25 days overdue (the 500 is dated 15 June)
                self.alpha: (1000.0, 1000.0, 25, self.mild),
                # 300 due 7 March less the credit note of 200: 100 overdue,
                # 85 days
                self.beta: (100.0, 100.0, 85, self.severe),
            },
        )
        self.assertEqual(
            self._by_bucket(
                "ar.receivable.snapshot",
                [("company_id", "=", self.company.id), ("date", "=", MAY_END)],
                "amount",
            ),
            {"1_30": 1000.0, "61_90": 300.0, "credits": -200.0},
        )

    def test_backfill_writes_what_the_run_on_that_day_wrote(self):
        self._cron(MAY_END)
        run_snapshot = self._rows(self._snapshot(MAY_END), SNAPSHOT_FIELDS)
        months = self.env["ar.customer.month"].search([("date", "=", MAY_END)])
        run_months = self._rows(months, MONTH_FIELDS)
        self.assertTrue(run_snapshot and run_months)
        # later payments do not change what was open on 31 May (a part
        # only: Beta's case, whose owner is its collector, stays open)
        self._pay(self.beta_old, amount=50.0, payment_date=days(-5))
        self.company._ar_history_backfill(months=2, as_of=TODAY)
        self.assertEqual(
            self._rows(self._snapshot(MAY_END), SNAPSHOT_FIELDS), run_snapshot
        )
        months = self.env["ar.customer.month"].search([("date", "=", MAY_END)])
        self.assertEqual(self._rows(months, MONTH_FIELDS), run_months)
        # 30 April: Alpha's invoices were not issued yet; Beta owed 300
        # less its credit note of 26 April
        april = self.env["ar.customer.month"].search(
            [("company_id", "=", self.company.id), ("date", "=", APRIL_END)]
        )
        self.assertEqual(
            {m.partner_id: (m.open_amount, m.overdue_amount) for m in april},
            {self.beta: (100.0, 100.0)},
        )

    def test_collection_users_read_only_their_companies(self):
        other = self.setup_other_company(name="Harbour Two")["company"]
        self._invoice(self.alpha, 700.0, days(-30), company=other)
        self._cron(TODAY)
        user = self._user("ar_history_reader", COLLECTION_USER)
        snapshots = self.env["ar.receivable.snapshot"].with_user(user)
        self.assertEqual(snapshots.search([]).company_id, self.company)
        self.assertTrue(snapshots.search([]).read(["amount"]))
        months = self.env["ar.customer.month"].with_user(user)
        self.assertEqual(months.search([]).company_id, self.company)
        row = snapshots.search([], limit=1)
        with self.assertRaises(AccessError):
            row.write({"amount": 1.0})
        with self.assertRaises(AccessError):
            row.unlink()
        with self.assertRaises(AccessError):
            months.create({"partner_id": self.alpha.id, "company_id": self.company.id})
        with self.assertRaises(AccessError):
            self.company.with_user(user).action_ar_history_backfill()
        # the other company has its own history
        self.assertEqual(
            self._by_bucket(
                "ar.receivable.snapshot",
                [("company_id", "=", other.id), ("date", "=", MAY_END)],
                "amount",
            ),
            {"1_30": 700.0},
        )
        self.assertEqual(
            self.env["ar.customer.month"]
            .search([("company_id", "=", other.id)])
            .mapped("overdue_amount"),
            [700.0],
        )

    def test_rows_by_sales_team_with_sales(self):
        if "team_id" not in self.env["ar.receivable.snapshot"]._fields:
            self.skipTest("Sales is not installed")
        team = self.env["crm.team"].create({"name": "Coastal Team"})
        self.beta_old.team_id = team
        self._cron(MAY_END)
        teams = {row.bucket: row.team_id for row in self._snapshot(MAY_END)}
        self.assertEqual(teams["61_90"], team)
        self.assertNotEqual(teams["1_30"], team)
