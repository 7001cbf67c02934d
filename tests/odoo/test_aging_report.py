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
            [self.customer[name] for name in aging_field_names("aging").values()],
        )
        # the credit note has a column of its own, not a bucket lowered
        self.assertEqual(self.customer.aging_1_30, 500.25)
        self.assertEqual(self.customer.aging_credits, -120.65)

    def test_buckets_as_of_aging_date(self):
        self._aging_scenario(self.customer)
        # thirty days later every item has aged by thirty days
        total, *buckets = self._totals(aging_date=days(30))
        self.assertEqual(total, 2531.30)
        self.assertEqual(
            [round(amount, 2) for amount in buckets],
            [0.0, 1000.10, 500.25, 500.25, 500.80, 150.55, -120.65],
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
            [group["bucket"] for group in groups], list(aging_policy.COLUMN_KEYS)
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

    def test_a_payment_ahead_is_an_unapplied_credit_not_a_negative_bucket(self):
        """A customer who paid before its invoice fell due: the pivot shows
        the payment under Unapplied Credits, and Not Due keeps the invoice."""
        invoice = self._invoice(self.customer, 1000.0, days(20))
        self._invoice(self.customer, 400.0, days(-40))
        payment = self.env["account.payment"].create(
            {
                "partner_id": self.customer.id,
                "payment_type": "inbound",
                "partner_type": "customer",
                "amount": 1500.0,
                "date": days(-1),
            }
        )
        payment.action_post()
        self.assertEqual(invoice.payment_state, "not_paid")
        groups = {
            group["bucket"]: group["amount_residual"]
            for group in self.env["ar.aging.report"].read_group(
                [("partner_id", "=", self.customer.id)],
                ["amount_residual:sum"],
                ["bucket"],
            )
        }
        self.assertEqual(groups["not_due"], 1000.0)
        self.assertEqual(groups["31_60"], 400.0)
        self.assertEqual(groups["credits"], -1500.0)
        self.assertTrue(all(groups[key] >= 0 for key in aging_policy.BUCKET_KEYS))
        # the customer form says the same
        self.assertEqual(self.customer.aging_not_due, 1000.0)
        self.assertEqual(self.customer.aging_credits, -1500.0)
        self.assertEqual(self.customer.overdue_open_amount, -100.0)
        # and the label a user reads on the pivot's column
        fields_info = self.env["ar.aging.report"].fields_get(["amount_credits"])
        self.assertEqual(fields_info["amount_credits"]["string"], "Unapplied Credits")
