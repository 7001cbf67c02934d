"""Every path that changes a state meets the credit hold: buttons, a direct
``write`` over RPC, context flags sent by the caller, a tier or grade policy
edited afterwards, a due date moved on a posted line, and the limit checked
on posting as on confirming an order."""

from credit_common import INVOICING, CreditCommon, days
from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError

SEVERE_HOLD = "overdue tier Severe"


class TestHoldGuards(CreditCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.clerk = cls._user("ar_clerk", INVOICING)
        cls.customer = cls._customer("Harbour Foods", salesperson=cls.salesperson)

    def _severe_invoice(self):
        """An invoice 70 days overdue: tier Severe, which holds its customer."""
        invoice = self._invoice(self.customer, 500.00, days(-70))
        self.assertEqual(self.customer.credit_hold_description, SEVERE_HOLD)
        return invoice

    def _use_credit_limit(self, limit):
        self.company.account_use_credit_limit = True
        self.customer.with_company(self.company).credit_limit = limit

    # ------------------------------------------------------------------
    # Disputes and resets must not lift a tier hold by themselves
    # ------------------------------------------------------------------
    def test_billing_clerk_cannot_dispute_the_invoice_that_holds(self):
        invoice = self._severe_invoice()
        with self.assertRaises(UserError) as caught:
            invoice.with_user(self.clerk)._overdue_set_dispute("Price")
        self.assertIn("only a Credit Manager", str(caught.exception))
        self.assertFalse(invoice.overdue_disputed)
        self.assertTrue(self.customer.credit_on_hold)

    def test_billing_clerk_cannot_reset_the_invoice_that_holds(self):
        invoice = self._severe_invoice()
        with self.assertRaises(UserError):
            invoice.with_user(self.clerk).button_draft()
        self.assertEqual(invoice.state, "posted")
        self.assertTrue(self.customer.credit_on_hold)

    def test_billing_clerk_cannot_reverse_and_reinvoice_the_invoice_that_holds(self):
        invoice = self._severe_invoice()
        wizard = (
            self.env["account.move.reversal"]
            .with_user(self.clerk)
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create({"journal_id": invoice.journal_id.id, "reason": "Re-bill"})
        )
        with self.assertRaises(UserError) as caught:
            wizard.modify_moves()
        self.assertIn("only a Credit Manager", str(caught.exception))
        self.assertEqual(invoice.payment_state, "not_paid")
        self.assertTrue(self.customer.credit_on_hold)

    def test_credit_manager_reverses_and_reinvoices_and_it_is_logged(self):
        invoice = self._severe_invoice()
        wizard = (
            self.env["account.move.reversal"]
            .with_user(self.credit_manager)
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create({"journal_id": invoice.journal_id.id, "reason": "Re-bill"})
        )
        wizard.modify_moves()
        self.assertEqual(invoice.payment_state, "reversed")
        self.assertTrue(
            self._logged(
                self.customer,
                f"{self.credit_manager.name} reversed {invoice.name} in full",
            )
        )

    def test_billing_clerk_cannot_write_the_dispute_flag(self):
        invoice = self._severe_invoice()
        for vals in (
            {"overdue_disputed": True},
            {"overdue_tier_id": False},
            {"overdue_check_date": days(400)},
        ):
            with self.subTest(vals=vals), self.assertRaises(AccessError):
                invoice.with_user(self.clerk).write(vals)
        self.assertTrue(self.customer.credit_on_hold)

    def test_credit_manager_disputes_and_it_is_logged(self):
        invoice = self._severe_invoice()
        invoice.with_user(self.credit_manager)._overdue_set_dispute("Quality claim")
        self.assertTrue(invoice.overdue_disputed)
        self.assertFalse(self.customer.credit_on_hold)
        self.assertTrue(
            self._logged(
                self.customer, f"{self.credit_manager.name} disputed {invoice.name}"
            )
        )

    def test_invoice_that_holds_nothing_is_disputed_by_the_clerk(self):
        invoice = self._invoice(self.customer, 500.00, days(-10))
        self.assertFalse(self.customer.credit_on_hold)
        invoice.with_user(self.clerk)._overdue_set_dispute("Price")
        self.assertTrue(invoice.overdue_disputed)

    # ------------------------------------------------------------------
    # Direct writes of the state
    # ------------------------------------------------------------------
    def test_direct_write_of_posted_state_is_refused_for_a_held_customer(self):
        self._put_on_hold(self.customer, "Rumours of insolvency")
        draft = self._draft_invoice(self.customer, 250.00, user=self.clerk)
        with self.assertRaises(UserError):
            draft.with_user(self.clerk).write({"state": "posted"})
        self.assertEqual(draft.state, "draft")

    def test_direct_write_of_posted_state_classifies(self):
        draft = self._invoice(self.customer, 250.00, days(-40), post=False)
        draft.with_user(self.clerk).write({"state": "posted"})
        self.assertEqual(draft.overdue_tier_id, self.moderate)
        self.assertEqual(draft.overdue_check_date, days(21))

    def test_due_date_moved_into_the_past_reclassifies_at_once(self):
        invoice = self._invoice(self.customer, 250.00, days(30))
        self.assertFalse(invoice.overdue_tier_id)
        self._receivable_lines(invoice).with_user(self.clerk).write(
            {"date_maturity": days(-40)}
        )
        self.assertEqual(invoice.overdue_tier_id, self.moderate)
        self.assertEqual(self.customer.overdue_tier_id, self.moderate)

    # ------------------------------------------------------------------
    # Context flags from the caller are not trusted
    # ------------------------------------------------------------------
    def test_context_flag_does_not_skip_the_tier_table_check(self):
        manager = self._user(
            "ar_coll_mgr", "ar_overdue_management.group_ar_collection_manager"
        )
        with self.assertRaises(ValidationError):
            self.env["ar.overdue.tier"].with_user(manager).with_context(
                ar_overdue_tier_bulk=True
            ).create(
                {
                    "name": "Overlap",
                    "days_from": 10,
                    "days_to": 20,
                    "company_id": self.company.id,
                }
            )

    def test_context_flag_does_not_skip_the_hold_refresh(self):
        self._invoice(self.customer, 500.00, days(10))
        self.company.account_use_credit_limit = True
        self.customer.with_company(self.company).with_context(
            ar_credit_no_hold_refresh=True
        ).credit_limit = 100.00
        self.assertEqual(self.customer.credit_hold_description, "credit limit exceeded")

    def test_refresh_actions_need_the_collection_group(self):
        invoice = self._invoice(self.customer, 250.00, days(-40))
        with self.assertRaises(AccessError):
            invoice.with_user(self.clerk).action_overdue_refresh()
        invoice.with_user(self.collector).action_overdue_refresh()

    # ------------------------------------------------------------------
    # Audit fields of credit standings
    # ------------------------------------------------------------------
    def test_credit_manager_cannot_write_grade_or_hold_directly(self):
        self._put_on_hold(self.customer, "Rumours of insolvency")
        credit = self._credit(self.customer)
        for vals in ({"on_hold": False}, {"grade": "A"}, {"hold_manual": False}):
            with self.subTest(vals=vals), self.assertRaises(AccessError):
                credit.with_user(self.credit_manager).write(vals)
        self.assertTrue(self.customer.credit_on_hold)
        self.assertEqual(len(credit.rating_ids), 0)

    def test_credit_manager_sets_the_manual_adjustment(self):
        credit = self._rerate(self.customer)
        credit.with_user(self.credit_manager).write({"adjustment": -10.0})
        self.assertEqual(credit.adjustment, -10.0)

    def test_nobody_writes_the_overdue_status(self):
        self._severe_invoice()
        status = self._status(self.customer)
        with self.assertRaises(AccessError):
            status.write({"tier_id": False})
        self.assertEqual(status.tier_id, self.severe)

    # ------------------------------------------------------------------
    # Changed flags apply at once
    # ------------------------------------------------------------------
    def test_unticking_credit_hold_on_a_tier_lifts_its_customers(self):
        self._severe_invoice()
        self.severe.hold_customers = False
        self.assertFalse(self.customer.credit_on_hold)
        self.severe.hold_customers = True
        self.assertEqual(self.customer.credit_hold_description, SEVERE_HOLD)

    def test_unticking_prepayment_of_a_grade_lifts_its_customers(self):
        self._override_grade(self.customer, "D", "Trade references refused", days(30))
        self.assertTrue(self.customer.credit_on_hold)
        policy = self.env["ar.credit.grade.policy"].search(
            [("company_id", "=", self.company.id), ("grade", "=", "D")]
        )
        policy.prepayment_required = False
        self.assertFalse(self.customer.credit_on_hold)

    # ------------------------------------------------------------------
    # Posting checks the projected exposure, as confirming an order does
    # ------------------------------------------------------------------
    def test_posting_over_the_credit_limit_is_refused(self):
        self._use_credit_limit(1000.00)
        self._invoice(self.customer, 800.00, days(30), user=self.clerk)
        draft = self._draft_invoice(self.customer, 200.01, user=self.clerk)
        with self.assertRaises(UserError) as caught:
            draft.with_user(self.clerk).action_post()
        self.assertIn("would exceed its credit limit", str(caught.exception))
        self.assertEqual(draft.state, "draft")
        draft.invoice_line_ids.price_unit = 200.00
        draft.with_user(self.clerk).action_post()
        self.assertEqual(draft.state, "posted")

    def test_invoices_posted_together_add_up_against_the_limit(self):
        self._use_credit_limit(1000.00)
        drafts = self._draft_invoice(self.customer, 600.00) | self._draft_invoice(
            self.customer, 600.00
        )
        with self.assertRaises(UserError):
            drafts.with_user(self.clerk).action_post()
        self.assertEqual(set(drafts.mapped("state")), {"draft"})

    # ------------------------------------------------------------------
    # Lists show the causes as words
    # ------------------------------------------------------------------
    def test_hold_causes_are_listed_as_labels_not_keys(self):
        self._severe_invoice()
        self._override_grade(self.customer, "D", "Trade references refused", days(30))
        credit = self._credit(self.customer)
        self.assertEqual(credit.hold_causes, "tier,prepayment")
        self.assertEqual(
            credit.hold_description,
            "overdue tier Severe, grade requires prepayment",
        )
        views = self.env["ar.partner.credit"].get_views(
            [(False, "list"), (False, "form")]
        )
        for view in ("list", "form"):
            arch = views["views"][view]["arch"]
            self.assertIn('name="hold_description"', arch)
            self.assertNotIn('name="hold_causes"', arch)

    # ------------------------------------------------------------------
    # Created straight as posted (imports, RPC create)
    # ------------------------------------------------------------------
    def _posted_vals(self, amount, due):
        return {
            "move_type": "out_invoice",
            "partner_id": self.customer.id,
            "invoice_date": min(due, days(0)),
            "invoice_date_due": due,
            "invoice_payment_term_id": False,
            "state": "posted",
            "invoice_line_ids": [
                Command.create(
                    {
                        "name": "Goods",
                        "price_unit": amount,
                        "tax_ids": [Command.clear()],
                    }
                )
            ],
        }

    def test_invoice_created_posted_is_refused_for_a_held_customer(self):
        self._put_on_hold(self.customer, "Rumours of insolvency")
        with self.assertRaises(UserError):
            self.env["account.move"].with_user(self.clerk).create(
                self._posted_vals(250.00, days(30))
            )
        self.assertFalse(
            self.env["account.move"].search([("partner_id", "=", self.customer.id)])
        )

    def test_invoice_cannot_be_created_disputed_or_tiered(self):
        vals = dict(self._posted_vals(250.00, days(-40)), state="draft")
        for extra in ({"overdue_disputed": True}, {"overdue_tier_id": self.mild.id}):
            with self.subTest(extra=extra), self.assertRaises(AccessError):
                self.env["account.move"].with_user(self.clerk).create(
                    dict(vals, **extra)
                )
