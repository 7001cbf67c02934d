"""Aging analysis (Accounting > Collections): one row per open receivable
line, amounts spread over the buckets as of the chosen date."""

from common import OverdueCommon, days
from odoo.addons.ar_overdue_management.models.core.ar_receivable import (
    aging_field_names,
)
from odoo.addons.ar_overdue_management.policy import aging as aging_policy

BUCKETS = tuple(aging_field_names("amount").values())


class TestAgingReport(OverdueCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer = cls._customer("Harbour Foods", salesperson=cls.salesperson)

    def _totals(self, aging_date=None):
        report = self.env["ar.aging.report"]
        if aging_date:
            report = report.with_context(aging_date=aging_date)
        [row] = report._read_group(
            [("partner_id", "=", self.customer.id)],
            aggregates=[f"{name}:sum" for name in ("amount_residual", *BUCKETS)],
        )
        return list(row)

    def test_one_row_per_open_receivable_line(self):
        items = self._aging_scenario(self.customer)
        rows = self.env["ar.aging.report"].search(
            [("partner_id", "=", self.customer.id)]
        )
        open_lines = self._receivable_lines(
            sum(items.values(), self.env["account.move"])
        )
        self.assertEqual(sorted(rows.ids), sorted(open_lines.ids))
        self.assertEqual(len(rows), 7)
        partly_paid = rows.filtered(lambda r: r.move_id == items["c_45"])
        self.assertEqual(partly_paid.amount_residual, 500.25)
        self.assertEqual(partly_paid.amount_31_60, 500.25)
        self.assertEqual(partly_paid.days_overdue, 45)
        self.assertEqual(partly_paid.bucket, "31_60")
        self.assertEqual(partly_paid.overdue_tier_id, self.moderate)
        self.assertEqual(partly_paid.user_id, self.env.user)

    def test_bucket_sums_match_partner_figures(self):
        self._aging_scenario(self.customer)
        total, *buckets = self._totals()
        self.assertEqual(total, 2531.30)
        self.assertEqual(total, self.customer.overdue_open_amount)
        self.assertEqual(
            [round(amount, 2) for amount in buckets],
            [
                self.customer.aging_not_due,
                self.customer.aging_1_30,
                self.customer.aging_31_60,
                self.customer.aging_61_90,
                self.customer.aging_91_180,
                self.customer.aging_over_180,
            ],
        )

    def test_buckets_as_of_aging_date(self):
        self._aging_scenario(self.customer)
        # thirty days later every item has aged by thirty days
        total, *buckets = self._totals(aging_date=days(30))
        self.assertEqual(total, 2531.30)
        self.assertEqual(
            [round(amount, 2) for amount in buckets],
            [0.0, 1000.10, 379.60, 500.25, 500.80, 150.55],
        )

    def test_buckets_are_grouped_in_their_natural_order(self):
        self._aging_scenario(self.customer)
        # as the pivot and the graph ask for them
        groups = self.env["ar.aging.report"].read_group(
            [("partner_id", "=", self.customer.id)],
            ["amount_residual:sum"],
            ["bucket"],
        )
        self.assertEqual(
            [group["bucket"] for group in groups], list(aging_policy.BUCKET_KEYS)
        )
        self.assertNotEqual(
            sorted(aging_policy.BUCKET_KEYS), list(aging_policy.BUCKET_KEYS)
        )

    def test_paid_invoice_has_no_row(self):
        invoice = self._invoice(self.customer, 500.0, days(-20))
        self._pay(invoice)
        self.assertFalse(
            self.env["ar.aging.report"].search([("move_id", "=", invoice.id)])
        )
