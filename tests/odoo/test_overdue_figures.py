"""Figures that never chase money already received, one rule for lines with
no due date, warnings that survive bookkeeping fixes and a second company."""

from common import OverdueCommon, days
from odoo import Command
from odoo.addons.ar_overdue_management.hooks import post_init_hook
from odoo.tests import Form


class TestOverdueFigures(OverdueCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer = cls._customer("Harbour Foods", salesperson=cls.salesperson)

    def _unmatched_payment(self, amount, partner=None, company=None):
        """A customer payment received and posted, not matched with any
        invoice."""
        company = company or self.company
        payment = (
            self.env["account.payment"]
            .with_company(company)
            .create(
                {
                    "payment_type": "inbound",
                    "partner_type": "customer",
                    "partner_id": (partner or self.customer).id,
                    "amount": amount,
                    "date": days(0),
                }
            )
        )
        payment.action_post()
        return payment

    # ------------------------------------------------------------------
    # Money already received
    # ------------------------------------------------------------------
    def test_unmatched_payment_leaves_nothing_overdue(self):
        self._unmatched_payment(31750.00)
        self._invoice(self.customer, 31750.00, days(-45))
        self.assertEqual(self.customer.overdue_open_amount, 0.00)
        self.assertEqual(self.customer.overdue_amount, 0.00)
        self.assertEqual(self.customer.overdue_unapplied_amount, 31750.00)
        self.assertEqual(self.customer.overdue_ratio, 0.0)
        self.assertFalse(self.customer.overdue_tier_id)
        self.assertFalse(self._warnings(self.customer))

    def test_net_credit_balance_is_never_held(self):
        self._unmatched_payment(600.00)
        self._invoice(self.customer, 500.00, days(-70))
        self.assertFalse(self.customer.credit_on_hold)
        self.assertEqual(self.customer.overdue_open_amount, -100.00)

    def test_partial_unapplied_credit_settles_the_oldest_debt_first(self):
        self._unmatched_payment(300.00)
        self._invoice(self.customer, 300.00, days(-70))
        self._invoice(self.customer, 200.00, days(-40))
        # the severe invoice is covered: the customer is in Moderate
        self.assertEqual(self.customer.overdue_amount, 200.00)
        self.assertEqual(self.customer.overdue_max_days, 40)
        self.assertEqual(self.customer.overdue_tier_id, self.moderate)
        self.assertFalse(self.customer.credit_on_hold)

    # ------------------------------------------------------------------
    # A line with no due date is aged from its entry date
    # ------------------------------------------------------------------
    def test_opening_balance_without_due_date_is_aged_from_its_date(self):
        entry = self.env["account.move"].create(
            {
                "move_type": "entry",
                "date": days(-100),
                "line_ids": [
                    Command.create(
                        {
                            "account_id": self.receivable.id,
                            "partner_id": self.customer.id,
                            "debit": 300.00,
                            "date_maturity": False,
                        }
                    ),
                    Command.create(
                        {
                            "account_id": self.company_data[
                                "default_account_revenue"
                            ].id,
                            "credit": 300.00,
                        }
                    ),
                ],
            }
        )
        entry.action_post()
        line = self._receivable_lines(entry)
        line.date_maturity = False
        self.assertFalse(line.date_maturity)
        self.assertEqual(entry.overdue_amount, 300.00)
        self.assertEqual(self.customer.aging_91_180, 300.00)
        self.assertEqual(self.customer.aging_not_due, 0.00)
        self.assertEqual(self.customer.overdue_max_days, 100)
        row = self.env["ar.aging.report"].search([("move_id", "=", entry.id)])
        self.assertEqual((row.bucket, row.days_overdue), ("91_180", 100))

    # ------------------------------------------------------------------
    # Bookkeeping fixes do not warn again
    # ------------------------------------------------------------------
    def test_reset_to_draft_and_repost_the_same_day_warns_once(self):
        invoice = self._invoice(self.customer, 500.00, days(-40))
        self.assertEqual(len(self._warnings(self.customer)), 1)
        invoice.button_draft()
        invoice.action_post()
        self.assertEqual(len(self._warnings(self.customer)), 1)

    def test_payment_cancelled_the_same_day_warns_once(self):
        invoice = self._invoice(self.customer, 500.00, days(-40))
        payment = self._pay(invoice)
        self.assertFalse(self.customer.overdue_tier_id)
        payment.action_draft()
        self.assertEqual(self.customer.overdue_tier_id, self.moderate)
        self.assertEqual(len(self._warnings(self.customer)), 1)

    def test_unreconciled_payment_still_counts_as_received(self):
        invoice = self._invoice(self.customer, 500.00, days(-40))
        self._pay(invoice)
        self._receivable_lines(invoice).remove_move_reconcile()
        # the invoice is open again, but its money is there, unmatched
        self.assertEqual(invoice.overdue_tier_id, self.moderate)
        self.assertFalse(self.customer.overdue_tier_id)
        self.assertEqual(self.customer.overdue_unapplied_amount, 500.00)
        self.assertEqual(len(self._warnings(self.customer)), 1)

    # ------------------------------------------------------------------
    # Two companies, one customer, one owner
    # ------------------------------------------------------------------
    def test_one_owner_warned_in_two_companies_in_one_run(self):
        other = self.setup_other_company(name="Harbour Two")["company"]
        self.risk_manager.company_ids |= other
        other.overdue_risk_manager_id = self.risk_manager
        for company in self.company | other:
            company.overdue_tier_ids.filtered(
                lambda t: t.name == "Mild"
            ).owner_role = "risk_manager"
            self._invoice(self.customer, 100.00, days(0), company=company)
        self._cron(days(5))
        warnings = self._warnings(self.customer)
        self.assertEqual(len(warnings), 2)
        self.assertEqual(warnings.user_id, self.risk_manager)
        notes = self.customer.message_ids.filtered(
            lambda m: "entered overdue tier Mild" in (m.body or "")
        )
        self.assertEqual(len(notes), 2)
        self.assertIn("Harbour Two", " ".join(notes.mapped("body")))

    # ------------------------------------------------------------------
    # Installing on a live database
    # ------------------------------------------------------------------
    def test_install_records_existing_tiers_as_warned(self):
        invoice = self._invoice(self.customer, 500.00, days(-70))
        # as if the addon had not been there: nothing classified or warned
        self._warnings(self.customer).unlink()
        self._status(self.customer).sudo().unlink()
        invoice.sudo()._overdue_write_classes([(invoice.id, None, None, None)])
        post_init_hook(self.env)
        self.assertEqual(invoice.overdue_tier_id, self.severe)
        self.assertEqual(self._status(self.customer).notified_tier_id, self.severe)
        self.assertFalse(self._warnings(self.customer))
        # what happens from now on warns
        late = self._customer("Late Payer", salesperson=self.salesperson)
        self._invoice(late, 100.00, days(-5))
        self.assertEqual(len(self._warnings(late)), 1)

    def test_holds_are_shown_but_not_enforced_until_switched_on(self):
        self.company.ar_credit_hold_enforced = False
        self._invoice(self.customer, 500.00, days(-70))
        self.assertTrue(self.customer.credit_on_hold)
        self.assertFalse(self.customer.credit_hold_enforced)
        form = Form(
            self.env["account.move"].with_context(default_move_type="out_invoice")
        )
        form.partner_id = self.customer
        with form.invoice_line_ids.new() as line:
            line.name = "Goods"
            line.price_unit = 100.00
            line.tax_ids.clear()
        draft = form.save()
        self.assertTrue(draft.ar_credit_on_hold)
        self.assertFalse(draft.ar_credit_hold_enforced)
        draft.action_post()
        self.assertEqual(draft.state, "posted")
