"""Invoices: days overdue, tier, overdue amount, payments, credit notes and
disputes, as the invoice list and form show them."""

from common import TODAY, OverdueCommon, days
from freezegun import freeze_time
from odoo import Command
from odoo.exceptions import UserError


class TestOverdueInvoices(OverdueCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer = cls._customer("Harbour Foods", salesperson=cls.salesperson)

    def _dispute(self, invoices, reason):
        wizard = self.env["ar.overdue.dispute.wizard"].create(
            {"move_ids": [Command.set(invoices.ids)], "reason": reason}
        )
        return wizard.action_confirm()

    # ------------------------------------------------------------------
    # Days overdue
    # ------------------------------------------------------------------
    def test_days_overdue_counts_from_due_date(self):
        invoice = self._invoice(self.customer, 1000.0, days(-40))
        self.assertEqual(invoice.overdue_days, 40)
        with freeze_time(days(5)):
            invoice.invalidate_recordset(["overdue_days"])
            self.assertEqual(invoice.overdue_days, 45)

    def test_search_days_overdue_with_operators(self):
        inv_40 = self._invoice(self.customer, 100.0, days(-40))
        inv_10 = self._invoice(self.customer, 100.0, days(-10))
        inv_0 = self._invoice(self.customer, 100.0, TODAY)
        inv_future = self._invoice(self.customer, 100.0, days(7))
        all_ids = (inv_40 | inv_10 | inv_0 | inv_future).ids
        Move = self.env["account.move"]

        def found(operator, value):
            return Move.search(
                [("id", "in", all_ids), ("overdue_days", operator, value)]
            )

        self.assertEqual(found(">", 30), inv_40)
        self.assertEqual(found(">", 10), inv_40)
        self.assertEqual(found(">=", 10), inv_40 | inv_10)
        self.assertEqual(found("<", 10), inv_0 | inv_future)
        self.assertEqual(found("<", 41), inv_40 | inv_10 | inv_0 | inv_future)
        self.assertEqual(found("=", 10), inv_10)
        self.assertEqual(found("=", 0), inv_0 | inv_future)
        self.assertEqual(found(">", 0), inv_40 | inv_10)

    def test_paid_invoice_has_zero_days_overdue(self):
        invoice = self._invoice(self.customer, 100.0, days(-40))
        self._pay(invoice)
        self.assertEqual(invoice.overdue_days, 0)
        self.assertFalse(
            self.env["account.move"].search(
                [("id", "=", invoice.id), ("overdue_days", ">", 0)]
            )
        )

    # ------------------------------------------------------------------
    # Tier
    # ------------------------------------------------------------------
    def test_tier_set_when_posted(self):
        not_due = self._invoice(self.customer, 100.0, TODAY)
        mild = self._invoice(self.customer, 100.0, days(-1))
        moderate = self._invoice(self.customer, 100.0, days(-31))
        severe = self._invoice(self.customer, 100.0, days(-61))
        self.assertEqual(mild.overdue_tier_id, self.mild)
        self.assertEqual(moderate.overdue_tier_id, self.moderate)
        self.assertEqual(severe.overdue_tier_id, self.severe)
        self.assertFalse(not_due.overdue_tier_id)
        self.assertEqual(severe.overdue_traffic_light, "red")

    def test_tier_searchable_and_groupable(self):
        invoices = (
            self._invoice(self.customer, 100.0, days(-5))
            | self._invoice(self.customer, 200.0, days(-20))
            | self._invoice(self.customer, 300.0, days(-45))
            | self._invoice(self.customer, 400.0, days(3))
        )
        domain = [("id", "in", invoices.ids)]
        Move = self.env["account.move"]
        self.assertEqual(
            Move.search(domain + [("overdue_tier_id", "=", self.mild.id)]), invoices[:2]
        )
        groups = Move._read_group(
            domain, ["overdue_tier_id"], ["__count", "amount_total:sum"]
        )
        self.assertEqual(
            {tier: (count, total) for tier, count, total in groups},
            {
                self.mild: (2, 300.0),
                self.moderate: (1, 300.0),
                Move.env["ar.overdue.tier"]: (1, 400.0),
            },
        )

    def test_credit_note_gets_no_tier(self):
        credit_note = self._invoice(
            self.customer, 250.0, days(-40), move_type="out_refund"
        )
        self.assertEqual(credit_note.state, "posted")
        self.assertFalse(credit_note.overdue_tier_id)
        self.assertFalse(credit_note.overdue_check_date)

    def test_reset_to_draft_leaves_tier(self):
        invoice = self._invoice(self.customer, 100.0, days(-40))
        invoice.button_draft()
        self.assertFalse(invoice.overdue_tier_id)
        self.assertEqual(invoice.overdue_days, 0)

    # ------------------------------------------------------------------
    # Overdue amount, payments, credit notes
    # ------------------------------------------------------------------
    def test_overdue_amount_in_company_currency(self):
        # 1 USD = 1.25 EUR: 1,000.00 EUR is 800.00 USD
        eur = self.setup_other_currency("EUR", rates=[("2020-01-01", 1.25)])
        invoice = self._invoice(self.customer, 1000.0, days(-40), currency=eur)
        self.assertEqual(invoice.amount_residual, 1000.0)
        self.assertEqual(invoice.company_currency_id, self.currency)
        self.assertEqual(invoice.overdue_amount, 800.0)
        self.assertEqual(invoice.overdue_tier_id, self.moderate)

    def test_partial_payment_reduces_overdue_amount_and_keeps_tier(self):
        invoice = self._invoice(self.customer, 1000.0, days(-40))
        self.assertEqual(invoice.overdue_amount, 1000.0)
        self._pay(invoice, amount=300.0)
        self.assertEqual(invoice.payment_state, "partial")
        self.assertEqual(invoice.overdue_amount, 700.0)
        self.assertEqual(invoice.overdue_tier_id, self.moderate)

    def test_full_payment_removes_tier_at_once(self):
        invoice = self._invoice(self.customer, 1000.0, days(-40))
        self.assertEqual(invoice.overdue_tier_id, self.moderate)
        self._pay(invoice)
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))
        self.assertFalse(invoice.overdue_tier_id)
        self.assertEqual(invoice.overdue_amount, 0.0)
        self.assertFalse(
            self.env["account.move"].search(
                [("id", "=", invoice.id), ("overdue_tier_id", "!=", False)]
            )
        )

    def test_applying_credit_note_reduces_then_clears(self):
        invoice = self._invoice(self.customer, 1000.0, days(-40))
        first = self._invoice(self.customer, 400.0, days(-10), move_type="out_refund")
        self._apply_credit_note(invoice, first)
        self.assertEqual(invoice.overdue_amount, 600.0)
        self.assertEqual(invoice.overdue_tier_id, self.moderate)
        second = self._invoice(self.customer, 600.0, days(-5), move_type="out_refund")
        self._apply_credit_note(invoice, second)
        self.assertEqual(invoice.amount_residual, 0.0)
        self.assertEqual(invoice.overdue_amount, 0.0)
        self.assertFalse(invoice.overdue_tier_id)

    def test_unreconciling_payment_puts_tier_back(self):
        invoice = self._invoice(self.customer, 1000.0, days(-40))
        payment = self._pay(invoice)
        self.assertFalse(invoice.overdue_tier_id)
        payment.move_id.line_ids.remove_move_reconcile()
        self.assertEqual(invoice.overdue_tier_id, self.moderate)
        self.assertEqual(invoice.overdue_amount, 1000.0)

    def test_payment_of_oldest_instalment_moves_tier_to_next_one(self):
        """With two instalments, the tier follows the oldest unpaid one."""
        terms = self._two_instalments()
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.customer.id,
                "invoice_date": days(-70),
                "invoice_payment_term_id": terms.id,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "name": "Goods",
                            "price_unit": 1000.0,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
            }
        )
        invoice.action_post()
        # instalments due 70 and 40 days ago
        self.assertEqual(invoice.overdue_days, 70)
        self.assertEqual(invoice.overdue_tier_id, self.severe)
        oldest = self._receivable_lines(invoice).sorted("date_maturity")[0]
        payment = self.env["account.payment"].create(
            {
                "amount": 500.0,
                "date": TODAY,
                "payment_type": "inbound",
                "partner_type": "customer",
                "partner_id": self.customer.id,
                "journal_id": self.company_data["default_journal_bank"].id,
            }
        )
        payment.action_post()
        payment_line = payment.move_id.line_ids.filtered(
            lambda line: line.account_id == oldest.account_id
        )
        (oldest | payment_line).reconcile()
        self.assertEqual(invoice.overdue_days, 40)
        self.assertEqual(invoice.overdue_tier_id, self.moderate)
        self.assertEqual(invoice.overdue_amount, 500.0)

    # ------------------------------------------------------------------
    # Disputes
    # ------------------------------------------------------------------
    def test_disputed_invoice_leaves_its_tier(self):
        invoice = self._invoice(self.customer, 1000.0, days(-40))
        self._dispute(invoice, "Quantity delivered short by 10 cases")
        self.assertTrue(invoice.overdue_disputed)
        self.assertEqual(
            invoice.overdue_dispute_reason, "Quantity delivered short by 10 cases"
        )
        self.assertEqual(invoice.overdue_dispute_date, TODAY)
        self.assertFalse(invoice.overdue_tier_id)
        self.assertFalse(self.customer.overdue_tier_id)
        self.assertEqual(self.customer.overdue_amount, 0.0)
        self.assertEqual(self.customer.overdue_disputed_amount, 1000.0)

    def test_disputed_invoice_gets_no_warning(self):
        invoice = self._invoice(self.customer, 1000.0, TODAY)
        self._dispute(invoice, "Price differs from the contract")
        result = self._cron(days(40))
        self.assertEqual(result["done"], 0)
        with freeze_time(days(40)):
            self.assertEqual(invoice.overdue_days, 40)
            self.assertFalse(invoice.overdue_tier_id)
            self.assertFalse(self._warnings(self.customer))
            self.assertFalse(self._messages_about(self.customer, invoice))

    def test_clearing_dispute_puts_tier_back(self):
        invoice = self._invoice(self.customer, 1000.0, days(-40))
        self._dispute(invoice, "Quality complaint")
        invoice.action_overdue_clear_dispute()
        self.assertFalse(invoice.overdue_disputed)
        self.assertFalse(invoice.overdue_dispute_reason)
        self.assertEqual(invoice.overdue_tier_id, self.moderate)
        self.assertEqual(self.customer.overdue_tier_id, self.moderate)

    def test_dispute_without_reason_refused(self):
        invoice = self._invoice(self.customer, 1000.0, days(-40))
        with self.assertRefused("Give the reason of the dispute", exception=UserError):
            self._dispute(invoice, "   ")
        self.assertFalse(invoice.overdue_disputed)
        self.assertEqual(invoice.overdue_tier_id, self.moderate)
