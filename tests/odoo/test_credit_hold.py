"""Credit holds on real Odoo: each cause puts the customer on hold and, when
automatic, lifts by itself once the cause is gone; every change is logged on
the customer; a held customer's invoices cannot be posted except by an
override with a reason; only a Credit Manager sets or lifts a manual hold;
a hold belongs to one company."""

from credit_common import TODAY, CreditCommon, days
from freezegun import freeze_time
from odoo.exceptions import AccessError, UserError

MANUAL = "put on hold by a credit manager (Rumours of insolvency)"


class TestCreditHold(CreditCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer = cls._customer("Harbour Foods", salesperson=cls.salesperson)

    def _use_credit_limit(self, limit):
        self.company.account_use_credit_limit = True
        self.customer.with_company(self.company).credit_limit = limit

    # ------------------------------------------------------------------
    # (a) Manual hold by a Credit Manager
    # ------------------------------------------------------------------
    def test_manual_hold_shows_its_reason(self):
        self._put_on_hold(self.customer, "Rumours of insolvency")
        self.assertTrue(self.customer.credit_on_hold)
        self.assertTrue(self.customer.credit_hold_manual)
        self.assertEqual(self.customer.credit_hold_description, MANUAL)
        self.assertEqual(self._credit(self.customer).hold_since, TODAY)

    def test_manual_hold_logged_with_its_cause(self):
        self._put_on_hold(self.customer, "Rumours of insolvency")
        self.assertEqual(
            len(
                self._logged(
                    self.customer, f"On credit hold ({self.company.name}): {MANUAL}."
                )
            ),
            1,
        )

    def test_manual_hold_needs_a_reason(self):
        with self.assertRefused(
            "Give the reason of the credit hold", exception=UserError
        ):
            self._put_on_hold(self.customer, "  ")
        self.assertFalse(self.customer.credit_on_hold)

    def test_credit_manager_lifts_the_manual_hold(self):
        self._put_on_hold(self.customer, "Rumours of insolvency")
        self.customer.with_user(self.credit_manager).action_credit_lift_hold()
        self.assertFalse(self.customer.credit_on_hold)
        self.assertFalse(self.customer.credit_hold_description)
        self.assertFalse(self._credit(self.customer).hold_since)
        self.assertTrue(
            self._logged(
                self.customer,
                f"Credit hold lifted ({self.company.name}); "
                "it was: put on hold by a credit manager.",
            )
        )

    def test_lifting_the_manual_hold_keeps_automatic_causes(self):
        self._invoice(self.customer, 800.00, days(-61))
        self._put_on_hold(self.customer, "Rumours of insolvency")
        self.assertEqual(
            self.customer.credit_hold_description, f"{MANUAL}, overdue tier Severe"
        )
        self.customer.with_user(self.credit_manager).action_credit_lift_hold()
        self.assertTrue(self.customer.credit_on_hold)
        self.assertEqual(self.customer.credit_hold_description, "overdue tier Severe")

    def test_salesperson_cannot_put_on_hold(self):
        with self.assertRaises(AccessError):
            self.customer.with_user(self.salesperson).action_credit_open_hold_wizard()

    def test_salesperson_cannot_lift_a_hold(self):
        self._put_on_hold(self.customer, "Rumours of insolvency")
        with self.assertRaises(AccessError):
            self.customer.with_user(self.salesperson).action_credit_lift_hold()
        self.assertTrue(self.customer.credit_on_hold)

    def test_salesperson_cannot_lift_a_hold_by_writing_it(self):
        self._put_on_hold(self.customer, "Rumours of insolvency")
        credit = self._credit(self.customer).with_user(self.salesperson)
        with self.assertRaises(AccessError):
            credit.write({"hold_manual": False, "on_hold": False, "hold_causes": False})
        self.assertTrue(self.customer.credit_on_hold)

    def test_hold_overrider_cannot_lift_a_hold(self):
        self._put_on_hold(self.customer, "Rumours of insolvency")
        with self.assertRaises(AccessError):
            self.customer.with_user(self.overrider).action_credit_lift_hold()

    # ------------------------------------------------------------------
    # (b) Tier flagged "hold"
    # ------------------------------------------------------------------
    def test_severe_tier_puts_on_hold(self):
        self.assertTrue(self.severe.hold_customers)  # the default ladder
        self._invoice(self.customer, 800.00, days(-61))
        self.assertTrue(self.customer.credit_on_hold)
        self.assertEqual(self.customer.credit_hold_description, "overdue tier Severe")
        self.assertTrue(
            self._logged(
                self.customer,
                f"On credit hold ({self.company.name}): overdue tier Severe.",
            )
        )

    def test_tier_not_flagged_does_not_hold(self):
        self._invoice(self.customer, 800.00, days(-60))
        self.assertEqual(self.customer.overdue_tier_id, self.moderate)
        self.assertFalse(self.customer.credit_on_hold)

    def test_customer_pays_and_the_tier_hold_lifts_at_once(self):
        invoice = self._invoice(self.customer, 800.00, days(-61))
        self._pay(invoice)
        self.assertFalse(self.customer.credit_on_hold)
        self.assertTrue(
            self._logged(
                self.customer,
                f"Credit hold lifted ({self.company.name}); it was: overdue tier.",
            )
        )

    def test_invoice_reaching_severe_overnight_puts_on_hold(self):
        self._invoice(self.customer, 800.00, days(-60))
        self.assertFalse(self.customer.credit_on_hold)
        with freeze_time(days(1)):
            self._cron(as_of=days(1))
            self.assertTrue(self.customer.credit_on_hold)

    # ------------------------------------------------------------------
    # (c) Credit limit exceeded
    # ------------------------------------------------------------------
    def test_exposure_above_the_credit_limit_puts_on_hold(self):
        self._invoice(self.customer, 1200.00, days(30))
        self._use_credit_limit(1000.00)
        self.assertTrue(self.customer.credit_on_hold)
        self.assertEqual(self.customer.credit_hold_description, "credit limit exceeded")

    def test_hold_lifts_once_paid_down_to_the_limit(self):
        invoice = self._invoice(self.customer, 1200.00, days(30))
        self._use_credit_limit(1000.00)
        self._pay(invoice, amount=199.99)
        # 1,000.01 still above 1,000.00
        self.assertTrue(self.customer.credit_on_hold)
        self._pay(invoice, amount=0.01)
        # 1,000.00: not above the limit
        self.assertFalse(self.customer.credit_on_hold)
        self.assertTrue(self._logged(self.customer, "it was: credit limit exceeded."))

    def test_raising_the_credit_limit_lifts_the_hold(self):
        self._invoice(self.customer, 1200.00, days(30))
        self._use_credit_limit(1000.00)
        self.customer.with_company(self.company).credit_limit = 1200.00
        self.assertFalse(self.customer.credit_on_hold)

    def test_credit_limit_zero_means_no_limit(self):
        self._use_credit_limit(0.0)
        self._invoice(self.customer, 50000.00, days(30))
        self.assertFalse(self.customer.credit_on_hold)

    def test_credit_limits_off_never_hold(self):
        self.customer.with_company(self.company).credit_limit = 100.00
        self._invoice(self.customer, 5000.00, days(30))
        self.assertFalse(self.company.account_use_credit_limit)
        self.assertFalse(self.customer.credit_on_hold)

    # ------------------------------------------------------------------
    # (d) Grade requiring prepayment
    # ------------------------------------------------------------------
    def test_grade_requiring_prepayment_puts_on_hold(self):
        self._override_grade(self.customer, "D", "Trade references refused", days(30))
        self.assertTrue(self.customer.credit_prepayment_required)
        self.assertEqual(
            self.customer.credit_hold_description, "grade requires prepayment"
        )

    def test_prepayment_hold_lifts_when_the_grade_recovers(self):
        self._override_grade(self.customer, "D", "Trade references refused", days(30))
        with freeze_time(days(31)):
            self._rerate(self.customer)  # override expired: no history, grade A
            self.assertEqual(self.customer.credit_grade, "A")
            self.assertFalse(self.customer.credit_on_hold)
        self.assertTrue(
            self._logged(self.customer, "it was: grade requires prepayment.")
        )

    # ------------------------------------------------------------------
    # Posting invoices
    # ------------------------------------------------------------------
    def test_invoice_form_shows_the_hold(self):
        self._put_on_hold(self.customer, "Rumours of insolvency")
        invoice = self._draft_invoice(self.customer, 250.00, user=self.salesperson)
        self.assertTrue(invoice.ar_credit_on_hold)
        self.assertEqual(invoice.ar_credit_hold_description, MANUAL)

    def test_posting_refused_naming_the_cause(self):
        self._put_on_hold(self.customer, "Rumours of insolvency")
        invoice = self._draft_invoice(self.customer, 250.00, user=self.salesperson)
        with self.assertRefused(
            f"Harbour Foods is on credit hold: {MANUAL}.", exception=UserError
        ):
            invoice.action_post()
        self.assertEqual(invoice.state, "draft")

    def test_posting_refused_for_a_contact_of_the_held_customer(self):
        contact = self.env["res.partner"].create(
            {"name": "Ann Buyer", "parent_id": self.customer.id}
        )
        self._invoice(self.customer, 800.00, days(-61))
        invoice = self._draft_invoice(contact, 250.00, user=self.salesperson)
        with self.assertRefused(
            "on credit hold: overdue tier Severe", exception=UserError
        ):
            invoice.action_post()

    def test_override_reason_in_context_needs_the_group(self):
        self._put_on_hold(self.customer, "Rumours of insolvency")
        invoice = self._draft_invoice(self.customer, 250.00, user=self.salesperson)
        with self.assertRefused("on credit hold", exception=UserError):
            invoice.with_context(
                ar_credit_hold_override_reason="Boss said so"
            ).action_post()
        self.assertEqual(invoice.state, "draft")

    def test_override_group_still_needs_a_reason(self):
        self._put_on_hold(self.customer, "Rumours of insolvency")
        invoice = self._draft_invoice(self.customer, 250.00, user=self.overrider)
        with self.assertRefused("on credit hold", exception=UserError):
            invoice.action_post()

    def test_salesperson_cannot_open_the_override_wizard(self):
        self._put_on_hold(self.customer, "Rumours of insolvency")
        invoice = self._draft_invoice(self.customer, 250.00, user=self.salesperson)
        with self.assertRaises(AccessError):
            invoice.action_ar_credit_override()

    def test_override_posts_and_is_logged_on_invoice_and_customer(self):
        self._put_on_hold(self.customer, "Rumours of insolvency")
        invoice = self._draft_invoice(self.customer, 250.00, user=self.overrider)
        self._override_hold(invoice, "Cash received at the counter")
        self.assertEqual(invoice.state, "posted")
        text = (
            f"Credit hold overridden by {self.overrider.name} on {invoice.name}. "
            f"Harbour Foods is on credit hold: {MANUAL}. "
            "Reason: Cash received at the counter"
        )
        self.assertTrue(self._logged(invoice, text))
        self.assertTrue(self._logged(self.customer, text))

    def test_override_wizard_shows_the_hold(self):
        self._put_on_hold(self.customer, "Rumours of insolvency")
        invoice = self._draft_invoice(self.customer, 250.00, user=self.overrider)
        wizard = self._override_hold(invoice, "Cash received at the counter")
        self.assertEqual(
            wizard.hold_description, f"Harbour Foods is on credit hold: {MANUAL}."
        )

    def test_credit_note_for_held_customer_posts(self):
        self._put_on_hold(self.customer, "Rumours of insolvency")
        refund = self._invoice(self.customer, 90.00, TODAY, move_type="out_refund")
        self.assertEqual(refund.state, "posted")

    def test_customer_not_on_hold_posts(self):
        invoice = self._draft_invoice(self.customer, 250.00, user=self.salesperson)
        invoice.action_post()
        self.assertEqual(invoice.state, "posted")

    # ------------------------------------------------------------------
    # Multi-company
    # ------------------------------------------------------------------
    def test_hold_in_one_company_does_not_block_another(self):
        company_2 = self.setup_other_company(name="Harbour Trading Co 2")["company"]
        self._put_on_hold(self.customer, "Rumours of insolvency")
        self.assertFalse(self.customer.with_company(company_2).credit_on_hold)
        user_2 = self._user(
            "ar_sales_2", "account.group_account_invoice", company=company_2
        )
        invoice = self._draft_invoice(
            self.customer, 250.00, user=user_2, company=company_2
        )
        invoice.action_post()
        self.assertEqual(invoice.state, "posted")
        self.assertTrue(self.customer.with_company(self.company).credit_on_hold)

    def test_overdue_in_one_company_holds_only_there(self):
        company_2 = self.setup_other_company(name="Harbour Trading Co 2")["company"]
        self._invoice(self.customer, 800.00, days(-61), company=company_2)
        self.assertTrue(self.customer.with_company(company_2).credit_on_hold)
        self.assertFalse(self.customer.with_company(self.company).credit_on_hold)
