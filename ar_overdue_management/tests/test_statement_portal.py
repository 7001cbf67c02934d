"""The statement's portal page in a real browser (Odoo's tours, headless
Chromium): the customer confirms the balance or disputes a line with the
link's token as only key.  Run by odoo-bin (``--test-tags
/ar_overdue_management``), which starts the HTTP server a tour needs."""

import re
from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, tagged

from .common import post_invoice


@tagged("post_install", "-at_install")
class TestStatementPortal(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.company.ar_credit_hold_enforced = False
        cls.customer = cls.env["res.partner"].create(
            {"name": "Portal Foods", "is_company": True, "email": "p@foods.example"}
        )
        first = fields.Date.today().replace(day=1) - timedelta(days=1)
        cls.period = (first.replace(day=1), first)
        cls.opening = cls._invoice(920.0, cls.period[0] - timedelta(days=3))
        cls.invoice = cls._invoice(450.0, cls.period[0] + timedelta(days=4))
        cls.refund = cls._invoice(
            450.0, cls.period[0] + timedelta(days=5), "out_refund"
        )
        cls.statement = cls.env["ar.statement"]._statement_build(
            [(cls.customer.id, cls.company.id)], *cls.period
        )
        cls.statement.write({"state": "queued"})

    @classmethod
    def _invoice(cls, amount, day, move_type="out_invoice"):
        return post_invoice(cls.env, cls.customer, amount, day, move_type)

    def _url(self, token=None):
        url = self.statement.get_portal_url()
        return url if token is None else url.split("?")[0] + f"?access_token={token}"

    def test_customer_confirms_the_balance(self):
        self.assertEqual(self.statement.closing_balance, 920.0)
        self.start_tour(self._url(), "ar_statement_portal_confirm")
        self.assertEqual(
            (self.statement.answer, self.statement.answer_name),
            ("confirmed", "Ms Chen"),
        )
        self.assertFalse(self.invoice.overdue_disputed)

    def test_customer_disputes_a_line(self):
        self.start_tour(self._url(), "ar_statement_portal_dispute")
        self.assertEqual(self.statement.answer, "disputed")
        line = self.statement.line_ids.filtered(
            lambda line: line.move_id == self.invoice
        )
        self.assertEqual(line.answer, "disputed")
        self.assertTrue(self.invoice.overdue_disputed)
        self.assertIn("Only 450 delivered", self.invoice.overdue_dispute_reason)
        self.assertFalse(self.refund.overdue_disputed)

    def test_the_link_is_the_only_key(self):
        self.assertEqual(self.url_open(self._url()).status_code, 200)
        self.assertEqual(self.url_open(self._url("wrong")).status_code, 404)
        self.assertEqual(self.url_open(self._url("")).status_code, 404)
        # a logged-in user who may read the statement still needs the token
        # to answer for the customer (the form's CSRF token is valid)
        self.authenticate("admin", "admin")
        page = self.url_open(self._url()).text
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        answer = f"/my/ar_statements/{self.statement.id}/answer"
        for token in ("", "wrong"):
            response = self.url_open(
                answer,
                data={
                    "answer": "confirm",
                    "name": "Admin",
                    "csrf_token": csrf,
                    "access_token": token,
                },
            )
            self.assertEqual(response.status_code, 404)
        self.assertEqual(self.statement.answer, "none")
        # a line of another statement cannot be slipped in
        other = self.env["ar.statement.line"].create(
            {
                "statement_id": self.statement.copy(
                    {"name": "OTHER", "state": "draft"}
                ).id,
                "name": "X",
            }
        )
        response = self.url_open(
            answer,
            data={
                "answer": "dispute",
                "name": "Mr Wang",
                "comment": "wrong",
                f"line_{other.id}": "on",
                "csrf_token": csrf,
                "access_token": self.statement.access_token,
            },
        )
        self.assertIn("Dispute lines of this statement only", response.text)
        self.assertEqual(self.statement.answer, "none")
