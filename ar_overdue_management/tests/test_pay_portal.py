"""Paying from the statement page, over HTTP and in a real browser: the
page links each open invoice of its customer to Odoo's own invoice page,
which anyone holding the link opens (its token is the key) and no one opens
with another token; with Odoo's demo payment provider (``payment_demo``)
the customer pays an invoice there, Odoo reconciles the payment, and the
case, the promise and the links follow.  Run by odoo-bin (``--test-tags
/ar_overdue_management``), which starts the HTTP server."""

from datetime import timedelta
from urllib.parse import urlsplit

import lxml.html
from odoo import fields
from odoo.tests import HttpCase, tagged

from .common import post_invoice


class PayPortalCommon(HttpCase):
    """A customer of the main company with two overdue invoices (920.00 and
    450.00) and an unapplied credit note (120.00), another customer with an
    overdue invoice, and last month's statement of the first."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.company.ar_credit_hold_enforced = False
        cls.customer = cls._partner("Portal Foods", "p@foods.example")
        cls.other = cls._partner("Dock Traders", "d@dock.example")
        today = fields.Date.today()
        cls.period = ((today - timedelta(days=35)).replace(day=1), today)
        cls.older = cls._invoice(cls.customer, 920.0, today - timedelta(days=35))
        cls.invoice = cls._invoice(cls.customer, 450.0, today - timedelta(days=20))
        cls.refund = cls._invoice(
            cls.customer, 120.0, today - timedelta(days=10), "out_refund"
        )
        cls.theirs = cls._invoice(cls.other, 300.0, today - timedelta(days=20))
        cls.statement = cls.env["ar.statement"]._statement_build(
            [(cls.customer.id, cls.company.id)], *cls.period
        )
        cls.statement.write({"state": "queued"})

    @classmethod
    def _partner(cls, name, email):
        return cls.env["res.partner"].create(
            {"name": name, "is_company": True, "email": email}
        )

    @classmethod
    def _invoice(cls, partner, amount, due, move_type="out_invoice"):
        return post_invoice(cls.env, partner, amount, due, move_type)

    def _page(self):
        """The statement page as the customer opens it from its e-mail."""
        response = self.url_open(self.statement.get_portal_url())
        self.assertEqual(response.status_code, 200)
        return response.text

    def _pay_links(self, html):
        """``{invoice number: href}`` of the page's "Pay now" links."""
        root = lxml.html.fromstring(html)
        return {
            row.xpath("string(td[1])").strip(): row.xpath(
                ".//a[contains(@class, 'o_ar_pay_now')]/@href"
            )[0]
            for row in root.xpath("//tr[contains(@class, 'o_ar_pay_row')]")
        }

    @staticmethod
    def _local(url):
        """The link without its host: the test server has its own port."""
        parts = urlsplit(url)
        return f"{parts.path}?{parts.query}"


@tagged("post_install", "-at_install")
class TestPayLinksPortal(PayPortalCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the company takes payments on the invoice's page
        cls.env["payment.provider"].create(
            {
                "name": "Cards",
                "code": "none",
                "state": "test",
                "is_published": True,
                "company_id": cls.company.id,
            }
        )

    def test_the_page_links_each_open_invoice_of_its_customer(self):
        links = self._pay_links(self._page())
        self.assertEqual(list(links), [self.older.name, self.invoice.name])
        for invoice in (self.older, self.invoice):
            self.assertIn(
                f"/my/invoices/{invoice.id}?access_token={invoice.access_token}"
                "&payment=True#portal_pay",
                links[invoice.name],
            )
        self.assertNotIn(self.refund.name, links)
        self.assertNotIn(self.theirs.name, links)
        # the page is read live: an invoice paid since has no link any more
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=self.older.ids
        ).create({})._create_payments()
        self.assertEqual(list(self._pay_links(self._page())), [self.invoice.name])

    def test_the_link_opens_the_invoice_page_for_whoever_holds_it(self):
        href = self._pay_links(self._page())[self.invoice.name]
        response = self.url_open(self._local(href))
        self.assertEqual(response.status_code, 200)
        self.assertIn(self.invoice.name, response.text)
        self.assertIn("Pay Now", response.text)
        self.assertIn('id="pay_with"', response.text)

    def test_another_token_does_not_open_the_invoice(self):
        path = f"/my/invoices/{self.invoice.id}?access_token="
        tokens = (
            "wrong",
            self.theirs._portal_ensure_token(),
            self.statement._portal_ensure_token(),
        )
        for token in tokens:
            with self.subTest(token=token):
                response = self.url_open(path + token, allow_redirects=False)
                self.assertIn(response.status_code, (302, 303))
                self.assertTrue(response.headers["Location"].endswith("/my"))
                followed = self.url_open(path + token)
                self.assertNotIn(self.invoice.name, followed.text)
                self.assertIn("/web/login", followed.url)

    def test_the_pdf_draws_the_first_link_as_a_qr_code(self):
        html, _kind = self.env["ir.actions.report"]._render_qweb_html(
            "ar_overdue_management.report_ar_statement", self.statement.ids
        )
        root = lxml.html.fromstring(html)
        (src,) = root.xpath("//img[contains(@class, 'o_ar_pay_qr_image')]/@src")
        self.assertTrue(src.startswith("/report/barcode/?barcode_type=QR&value="))
        self.assertIn(f"invoices%2F{self.older.id}%3Faccess_token", src)
        response = self.url_open(src)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers["Content-Type"], "image/png")


@tagged("post_install", "-at_install")
class TestPayFromStatement(PayPortalCommon):
    """The browser test: needs Odoo's demo payment provider, which bin/test
    installs into its database for it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["account.move"]._cron_overdue_refresh()
        cls.case = cls.env["ar.collection.case"].search(
            [("partner_id", "=", cls.customer.id), ("stage", "!=", "closed")]
        )
        cls.promise = cls.env["ar.collection.promise"].create(
            {
                "case_id": cls.case.id,
                "kind": "promise",
                "amount": 450.0,
                "date": fields.Date.today() + timedelta(days=5),
            }
        )

    def setUp(self):
        super().setUp()
        demo = self.env["ir.module.module"]._get("payment_demo")
        if demo.state != "installed":
            self.skipTest("payment_demo is not installed (bin/test installs it)")

    def test_customer_pays_an_invoice_from_the_statement_page(self):
        self.assertEqual(self.case.overdue_amount, 1250.0)  # 920 + 450 - 120
        self.start_tour(self.statement.get_portal_url(), "ar_pay_from_statement")
        self.assertIn(self.invoice.payment_state, ("paid", "in_payment"))
        self.assertEqual(self.invoice.amount_residual, 0.0)
        transaction = self.invoice.transaction_ids
        self.assertEqual(
            (transaction.state, transaction.provider_code, transaction.amount),
            ("done", "demo", 450.0),
        )
        self.assertEqual(self.older.payment_state, "not_paid")
        # the reconciliation updated the case at once
        self.assertEqual(self.case.overdue_amount, 800.0)
        self.assertEqual(self.promise.state, "open")
        # the daily run keeps the promise
        self.env["account.move"]._cron_overdue_refresh()
        self.assertEqual(
            (self.promise.state, self.promise.paid_amount), ("kept", 450.0)
        )
        self.assertEqual(self.case.overdue_amount, 800.0)
        self.assertNotEqual(self.case.stage, "closed")
        # the page links the invoice left to pay only
        self.assertEqual(list(self._pay_links(self._page())), [self.older.name])
