"""The Sales glue (``ar_overdue_management_sale``): a quotation of a customer
on credit hold shows the hold and cannot be confirmed except by an override
with a reason; a customer held for prepayment gets quotations that must be
paid first; what is ordered but not invoiced counts against the credit
limit."""

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form
from sale_credit_common import MANUAL, SALESMAN, SaleCreditCommon, days


class TestSaleCreditHold(SaleCreditCommon):
    # ------------------------------------------------------------------
    # Installation
    # ------------------------------------------------------------------
    def test_glue_installed_with_sales(self):
        glue = self.env["ir.module.module"]._get("ar_overdue_management_sale")
        self.assertEqual(glue.state, "installed")
        self.assertTrue(glue.auto_install)

    # ------------------------------------------------------------------
    # Banner and refusal
    # ------------------------------------------------------------------
    def test_quotation_shows_the_red_banner_with_the_cause(self):
        self._put_on_hold(self.customer, "Rumours of insolvency")
        order = self._quotation(1200.00)
        self.assertTrue(order.ar_credit_on_hold)
        self.assertEqual(order.ar_credit_hold_description, MANUAL)
        arch = order.get_view(view_type="form")["arch"]
        self.assertIn("alert-danger", arch)
        self.assertIn("On credit hold:", arch)

    def test_the_banner_shows_as_soon_as_a_held_customer_is_chosen(self):
        self._put_on_hold(self.customer, "Rumours of insolvency")
        with Form(self.env["sale.order"].with_user(self.salesman)) as order:
            self.assertFalse(order.ar_credit_on_hold)
            order.partner_id = self.customer
            # not saved yet: the banner is already there, with its cause
            self.assertTrue(order.ar_credit_on_hold)
            self.assertEqual(order.ar_credit_hold_description, MANUAL)
            order.partner_id = self._customer("Clean Ltd", salesperson=self.salesman)
            self.assertFalse(order.ar_credit_on_hold)
            order.partner_id = self.customer

    def test_quotation_of_customer_not_on_hold_has_no_banner(self):
        order = self._quotation(1200.00)
        self.assertFalse(order.ar_credit_on_hold)
        self.assertFalse(order.ar_credit_hold_description)

    def test_confirmation_refused_naming_the_cause(self):
        self._put_on_hold(self.customer, "Rumours of insolvency")
        order = self._quotation(1200.00)
        with self.assertRefused(
            f"Harbour Foods is on credit hold: {MANUAL}.", exception=UserError
        ):
            order.action_confirm()
        self.assertEqual(order.state, "draft")

    def test_override_reason_in_context_needs_the_group(self):
        self._put_on_hold(self.customer, "Rumours of insolvency")
        order = self._quotation(1200.00)
        with self.assertRefused("on credit hold", exception=UserError):
            order.with_context(
                ar_credit_hold_override_reason="Big client"
            ).action_confirm()
        self.assertEqual(order.state, "draft")

    def test_salesman_cannot_open_the_override_wizard(self):
        self._put_on_hold(self.customer, "Rumours of insolvency")
        order = self._quotation(1200.00)
        with self.assertRaises(AccessError):
            order.action_ar_credit_override()

    def test_override_confirms_and_is_logged(self):
        self._put_on_hold(self.customer, "Rumours of insolvency")
        order = self._quotation(1200.00, user=self.sales_overrider)
        self._override_hold(order, "Bank guarantee received", user=self.sales_overrider)
        self.assertEqual(order.state, "sale")
        text = (
            f"Credit hold overridden by {self.sales_overrider.name} "
            f"on {order.name}. "
            f"Harbour Foods is on credit hold: {MANUAL}. Reason: Bank guarantee received"
        )
        self.assertTrue(self._logged(order, text))
        self.assertTrue(self._logged(self.customer, text))

    def test_customer_not_on_hold_confirms(self):
        order = self._quotation(1200.00)
        order.action_confirm()
        self.assertEqual(order.state, "sale")

    def test_salesman_cannot_lift_the_hold_or_change_the_grade(self):
        self._put_on_hold(self.customer, "Rumours of insolvency")
        with self.assertRaises(AccessError):
            self.customer.with_user(self.salesman).action_credit_lift_hold()
        with self.assertRaises(AccessError):
            self.customer.with_user(self.salesman).action_credit_open_override_wizard()
        with self.assertRaises(AccessError):
            self._credit(self.customer).with_user(self.salesman).write(
                {"hold_manual": False}
            )
        self.assertTrue(self.customer.credit_on_hold)

    def test_hold_in_one_company_does_not_block_another(self):
        company_2 = self.setup_other_company(name="Harbour Trading Co 2")["company"]
        self._put_on_hold(self.customer, "Rumours of insolvency")
        salesman_2 = self._user("ar_salesman_2", SALESMAN, company=company_2)
        order = self._quotation(1200.00, user=salesman_2, company=company_2)
        self.assertFalse(order.ar_credit_on_hold)
        order.action_confirm()
        self.assertEqual(order.state, "sale")

    # ------------------------------------------------------------------
    # Prepayment required by the grade
    # ------------------------------------------------------------------
    def test_quotation_of_prepayment_customer_requires_payment(self):
        self._override_grade(self.customer, "D", "Trade references refused", days(30))
        order = self._quotation(1200.00)
        self.assertTrue(order.require_payment)
        self.assertEqual(order.ar_credit_hold_description, "grade requires prepayment")

    def test_prepayment_customer_unpaid_quotation_refused(self):
        self._override_grade(self.customer, "D", "Trade references refused", days(30))
        order = self._quotation(1200.00)
        with self.assertRefused(
            "on credit hold: grade requires prepayment", exception=UserError
        ):
            order.action_confirm()

    def test_prepayment_customer_part_paid_quotation_refused(self):
        self._override_grade(self.customer, "D", "Trade references refused", days(30))
        order = self._quotation(1200.00)
        # the company asks the full amount (100 %) before confirmation
        self._pay_online(order, 1199.99)
        with self.assertRefused("grade requires prepayment", exception=UserError):
            order.action_confirm()

    def test_prepayment_customer_paid_quotation_confirms(self):
        self._override_grade(self.customer, "D", "Trade references refused", days(30))
        order = self._quotation(1200.00)
        self._pay_online(order, 1200.00)
        self.assertEqual(order.amount_paid, 1200.00)
        order.action_confirm()
        self.assertEqual(order.state, "sale")

    def test_prepayment_customer_down_payment_invoice_posts(self):
        _order, down_payment = self._down_payment_invoice()
        down_payment.action_post()
        # 30 % of 1,200.00
        self.assertEqual(
            (down_payment.state, down_payment.amount_total), ("posted", 360.00)
        )

    def _down_payment_invoice(self):
        self._override_grade(self.customer, "D", "Trade references refused", days(30))
        order = self._quotation(1200.00, user=self.sales_invoicer)
        self._override_hold(order, "Framework contract", user=self.sales_manager)
        wizard = (
            self.env["sale.advance.payment.inv"]
            .with_user(self.sales_invoicer)
            .with_context(active_model="sale.order", active_ids=order.ids)
            .create({"advance_payment_method": "percentage", "amount": 30})
        )
        wizard.create_invoices()
        return order, order.invoice_ids.with_user(self.sales_invoicer)

    def test_a_line_added_to_a_down_payment_invoice_is_credit_again(self):
        _order, invoice = self._down_payment_invoice()
        invoice.write(
            {
                "invoice_line_ids": [
                    Command.create(
                        {
                            "name": "Extra goods",
                            "quantity": 1,
                            "price_unit": 50000.00,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ]
            }
        )
        with self.assertRefused("grade requires prepayment", exception=UserError):
            invoice.action_post()
        self.assertEqual(invoice.state, "draft")

    def test_a_line_linked_to_a_down_payment_bills_no_more_than_it(self):
        order, invoice = self._down_payment_invoice()
        line = invoice.invoice_line_ids.filtered(lambda ln: ln.sale_line_ids)
        line.price_unit = 50000.00
        with self.assertRefused("grade requires prepayment", exception=UserError):
            invoice.action_post()
        # a regular invoice whose line is linked by hand to the down payment
        regular = self._invoice(self.customer, 50000.00, days(30), post=False)
        regular.invoice_line_ids.sale_line_ids = [
            Command.set(order.order_line.filtered("is_downpayment").ids)
        ]
        with self.assertRefused("grade requires prepayment", exception=UserError):
            regular.with_user(self.sales_invoicer).action_post()

    def test_prepayment_customer_regular_invoice_refused(self):
        self._override_grade(self.customer, "D", "Trade references refused", days(30))
        order = self._quotation(1200.00, user=self.sales_invoicer)
        self._override_hold(order, "Framework contract", user=self.sales_manager)
        invoice = order.with_user(self.sales_invoicer)._create_invoices()
        with self.assertRefused("grade requires prepayment", exception=UserError):
            invoice.with_user(self.sales_invoicer).action_post()

    # ------------------------------------------------------------------
    # Credit limit: ordered but not invoiced counts
    # ------------------------------------------------------------------
    def test_confirmed_order_counts_in_the_exposure(self):
        self._quotation(1200.00).action_confirm()
        self._use_credit_limit(1000.00)
        # 1,200.00 ordered, not invoiced > 1,000.00
        self.assertTrue(self.customer.credit_on_hold)
        self.assertEqual(self.customer.credit_hold_description, "credit limit exceeded")

    def test_open_receivable_and_orders_add_up(self):
        self._use_credit_limit(1000.00)
        self._invoice(self.customer, 600.00, days(30))
        self._quotation(400.00).action_confirm()
        # 600.00 + 400.00 = 1,000.00: not above the limit
        self.assertFalse(self.customer.credit_on_hold)
        self.customer.with_company(self.company).credit_limit = 999.99
        self.assertTrue(self.customer.credit_on_hold)

    def test_order_that_would_exceed_the_limit_is_refused(self):
        self._use_credit_limit(1000.00)
        self._invoice(self.customer, 600.00, days(30))
        self._quotation(400.00).action_confirm()
        order = self._quotation(0.01)
        # 600.00 + 400.00 + 0.01 = 1,000.01 > 1,000.00
        with self.assertRefused(
            "Harbour Foods would exceed its credit limit", exception=UserError
        ):
            order.action_confirm()
        self.assertEqual(order.state, "draft")
        self.assertFalse(self.customer.credit_on_hold)

    def test_order_that_would_exceed_the_limit_can_be_overridden(self):
        self._use_credit_limit(1000.00)
        order = self._quotation(1200.00, user=self.sales_overrider)
        self._override_hold(order, "Bank guarantee received", user=self.sales_overrider)
        self.assertEqual(order.state, "sale")
        # once confirmed, the order itself puts the customer on hold
        self.assertTrue(self.customer.credit_on_hold)

    def test_quotations_do_not_count_in_the_exposure(self):
        self._use_credit_limit(1000.00)
        self._quotation(5000.00)
        self.assertFalse(self.customer.credit_on_hold)

    def test_next_order_refused_once_over_the_limit(self):
        self._quotation(1200.00).action_confirm()
        self._use_credit_limit(1000.00)
        order = self._quotation(50.00)
        with self.assertRefused(
            "on credit hold: credit limit exceeded", exception=UserError
        ):
            order.action_confirm()

    def test_cancelled_order_lifts_the_credit_limit_hold(self):
        order = self._quotation(1200.00)
        order.action_confirm()
        self._use_credit_limit(1000.00)
        self.assertTrue(self.customer.credit_on_hold)
        order.with_user(self.salesman)._action_cancel()
        self.assertFalse(self.customer.credit_on_hold)
