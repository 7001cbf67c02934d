"""Sales glue: every way around a hold on orders is closed (direct writes,
orders created confirmed, invoices padded by hand), online payment never
fails on a hold, and salespeople see the holds of their own customers only."""

from odoo import Command
from odoo.exceptions import AccessError, UserError
from sale_credit_common import SaleCreditCommon, days


class TestSaleHoldPaths(SaleCreditCommon):
    # ------------------------------------------------------------------
    # Direct writes and online payment
    # ------------------------------------------------------------------
    def test_salesman_cannot_confirm_a_held_quotation_by_writing_its_state(self):
        self._put_on_hold(self.customer, "Rumours of insolvency")
        order = self._quotation(1200.00)
        with self.assertRefused("on credit hold", exception=UserError):
            order.with_user(self.salesman).write({"state": "sale"})
        self.assertEqual(order.state, "draft")

    def test_a_cancelled_quotation_of_a_held_customer_is_not_confirmed_by_writing(self):
        self._put_on_hold(self.customer, "Rumours of insolvency")
        order = self._quotation(1200.00)
        order.with_user(self.salesman).action_cancel()
        with self.assertRefused("on credit hold", exception=UserError):
            order.with_user(self.salesman).write({"state": "sale"})
        self.assertEqual(order.state, "cancel")

    def test_the_hold_is_that_of_the_customer_the_order_ends_with(self):
        held = self._customer("Held Traders", salesperson=self.salesman)
        self._put_on_hold(held, "Rumours of insolvency")
        for vals in (
            {"partner_id": held.id, "state": "sale"},
            {"state": "sale", "partner_id": held.id},
        ):
            order = self._quotation(1200.00)
            with (
                self.subTest(vals=list(vals)),
                self.assertRefused("on credit hold", exception=UserError),
            ):
                order.with_user(self.salesman).write(vals)
            self.assertEqual((order.state, order.partner_id), ("draft", self.customer))

    def test_a_confirmed_order_cannot_be_moved_to_a_held_customer(self):
        held = self._customer("Held Traders", salesperson=self.salesman)
        self._put_on_hold(held, "Rumours of insolvency")
        order = self._quotation(1200.00)
        order.with_user(self.salesman).action_confirm()
        with self.assertRefused("on credit hold", exception=UserError):
            order.with_user(self.salesman).write({"partner_id": held.id})
        self.assertEqual(order.partner_id, self.customer)

    def test_order_paid_in_full_online_is_confirmed_and_invoiced_despite_a_hold(self):
        self.env["ir.config_parameter"].sudo().set_param("sale.automatic_invoice", True)
        self._put_on_hold(self.customer, "Rumours of insolvency")
        order = self._quotation(1200.00)
        tx = self._pay_online(order, 1200.00)
        tx._post_process()
        self.assertEqual(order.state, "sale")
        self.assertTrue(tx.payment_id)
        invoice = order.invoice_ids
        self.assertEqual((invoice.state, invoice.payment_state), ("posted", "paid"))

    def test_prepayment_customer_paid_in_full_gets_its_final_invoice(self):
        self.env["ir.config_parameter"].sudo().set_param("sale.automatic_invoice", True)
        self._override_grade(self.customer, "D", "Trade references refused", days(30))
        order = self._quotation(1200.00)
        tx = self._pay_online(order, 1200.00)
        tx._post_process()
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.invoice_ids.state, "posted")

    def test_part_payment_of_a_held_quotation_is_recorded_and_waits(self):
        self._put_on_hold(self.customer, "Rumours of insolvency")
        order = self._quotation(1200.00)
        order.write({"require_payment": True, "prepayment_percent": 0.3})
        tx = self._pay_online(order, 360.00)
        tx._post_process()
        self.assertIn(order.state, ("draft", "sent"))
        self.assertTrue(tx.payment_id)
        self.assertEqual(
            (tx.payment_id.amount, tx.payment_id.state), (360.00, "in_process")
        )
        review = order.activity_ids.filtered(
            lambda a: a.summary == "Paid online in part while on credit hold"
        )
        self.assertEqual(len(review), 1)
        self.assertEqual(review.user_id, self.risk_manager)

    # ------------------------------------------------------------------
    # Salespeople see holds and grades of their own customers only
    # ------------------------------------------------------------------
    def test_salesman_sees_the_hold_of_his_customer_not_its_receivables(self):
        self._put_on_hold(self.customer, "Rumours of insolvency")
        values = self.customer.with_user(self.salesman).read(
            ["credit_on_hold", "credit_hold_description"]
        )[0]
        self.assertTrue(values["credit_on_hold"])
        with self.assertRaises(AccessError):
            self.customer.with_user(self.salesman).read(["overdue_open_amount"])

    def test_salesman_does_not_see_the_hold_of_another_salesmans_customer(self):
        other = self._customer("Quay Traders", salesperson=self.sales_invoicer)
        self._put_on_hold(other, "Rumours of insolvency")
        values = other.with_user(self.salesman).read(["credit_on_hold"])[0]
        self.assertFalse(values["credit_on_hold"])

    def test_order_created_confirmed_is_refused_for_a_held_customer(self):
        self._put_on_hold(self.customer, "Rumours of insolvency")
        with self.assertRefused("on credit hold", exception=UserError):
            self.env["sale.order"].with_user(self.salesman).create(
                {
                    "partner_id": self.customer.id,
                    "state": "sale",
                    "order_line": [
                        Command.create(
                            {"product_id": self.product_a.id, "price_unit": 500.00}
                        )
                    ],
                }
            )

    def test_invoice_of_a_paid_order_with_a_line_added_by_hand_is_refused(self):
        self._put_on_hold(self.customer, "Rumours of insolvency")
        order = self._quotation(1200.00)
        self._pay_online(order, 1200.00)
        order.action_confirm()
        invoice = order.with_user(self.sales_invoicer)._create_invoices()
        invoice.write(
            {
                "invoice_line_ids": [
                    Command.create(
                        {"name": "Extra", "price_unit": 5000.00, "tax_ids": []}
                    )
                ]
            }
        )
        with self.assertRefused("on credit hold", exception=UserError):
            invoice.with_user(self.sales_invoicer).action_post()
