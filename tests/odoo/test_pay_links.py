"""Paying from the letter and the statement: each open invoice of the
customer gets a "Pay now" link to Odoo's own page of the invoice, with the
invoice's access token; a paid invoice, a credit note, another customer's
or another company's invoice never does, nor does anything when the
company takes no payment online.  The PDFs write each address out and draw
the QR code of the first one."""

from datetime import date

import lxml.html
from collection_common import CollectionCommon, days
from odoo.addons.ar_overdue_management.policy import payment as payment_policy
from odoo.tools import html2plaintext

LETTER = "ar_overdue_management.report_dunning_letter"
STATEMENT = "ar_overdue_management.report_ar_statement"
SWITCH = "account_payment.enable_portal_payment"


class TestPayLinks(CollectionCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer.email = "accounts@harbour.example"
        cls.company.ar_credit_hold_enforced = False
        cls.other = cls._customer(
            "Quay Traders", salesperson=cls.salesperson, email="ap@quay.example"
        )
        # the company takes card payments on the invoice's page
        cls.provider = cls.env["payment.provider"].create(
            {
                "name": "Cards",
                "code": "none",
                "state": "test",
                "is_published": True,
                "company_id": cls.company.id,
            }
        )
        cls.env["ir.config_parameter"].sudo().set_param(SWITCH, "True")
        cls.company_2 = cls.setup_other_company()["company"]

    # ------------------------------------------------------------------
    # What the customer reads
    # ------------------------------------------------------------------
    def _letter(self, partner=None):
        self._cron(days(0))
        self.env["ar.dunning.letter"]._cron_dunning_send(as_of=days(0))
        return self.env["ar.dunning.letter"].search(
            [
                ("partner_id", "=", (partner or self.customer).id),
                ("company_id", "=", self.company.id),
            ]
        )

    def _pay_hrefs(self, html):
        """``{invoice: href}`` of the "Pay now" links of ``html``."""
        root = lxml.html.fromstring(html)
        hrefs = root.xpath("//a[contains(@class, 'o_ar_pay_now')]/@href")
        invoices = {}
        for href in hrefs:
            path = href.split("?", 1)[0]
            invoice = self.env["account.move"].browse(int(path.rsplit("/", 1)[1]))
            invoices[invoice] = href
        self.assertEqual(len(invoices), len(hrefs), "one link per invoice")
        return invoices

    def _assert_pay_link(self, invoice, href):
        """The link is the invoice's portal page with its own token, opened
        on its payment dialog."""
        base = self.company.get_base_url()
        self.assertEqual(
            href,
            f"{base}/my/invoices/{invoice.id}?access_token="
            f"{invoice.sudo().access_token}&payment=True#portal_pay",
        )

    def _render(self, report, records, user=None):
        html, _kind = (
            self.env["ir.actions.report"]
            .with_user(user or self.collector)
            ._render_qweb_html(report, records.ids)
        )
        return html.decode()

    def _pdf(self, report, records, user=None):
        pdf, _kind = (
            self.env["ir.actions.report"]
            .with_user(user or self.collector)
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf(report, records.ids)
        )
        return self._pdf_text(pdf)

    # ------------------------------------------------------------------
    # Letters
    # ------------------------------------------------------------------
    def test_the_letter_email_links_each_invoice_it_lists(self):
        first = self._invoice(self.customer, 500.00, days(-45))
        second = self._invoice(self.customer, 300.00, days(-20))
        refund = self._invoice(self.customer, 50.00, days(-10), move_type="out_refund")
        theirs = self._invoice(self.other, 700.00, days(-45))
        letter = self._letter()
        links = self._pay_hrefs(letter.mail_id.body_html)
        self.assertEqual(set(links), {first, second})
        for invoice, href in links.items():
            self._assert_pay_link(invoice, href)
        self.assertNotIn(refund, links)
        text = " ".join(html2plaintext(letter.mail_id.body_html).split())
        self.assertIn(
            "Pay online.* Each open invoice can be paid on its own page", text
        )
        self.assertIn(f"{first.name} 05/01/2026 $ 500.00 Pay now", text)
        self.assertIn(f"{second.name} 05/26/2026 $ 300.00 Pay now", text)
        self.assertEqual(text.count("Pay now"), 2)
        # the other customer's letter links its own invoice only
        self.assertEqual(
            set(self._pay_hrefs(self._letter(self.other).mail_id.body_html)), {theirs}
        )

    def test_a_paid_invoice_has_no_link_on_the_pdf_printed_later(self):
        first = self._invoice(self.customer, 500.00, days(-45))
        second = self._invoice(self.customer, 300.00, days(-20))
        letter = self._letter()
        self._pay(first)
        html = self._render(LETTER, letter)
        links = self._pay_hrefs(html)
        self.assertEqual(set(links), {second})
        url = links[second]
        # the address is written out and drawn as a QR code by Odoo's
        # barcode route
        root = lxml.html.fromstring(html)
        self.assertEqual(
            root.xpath("//img[contains(@class, 'o_ar_pay_qr_image')]/@src"),
            [payment_policy.qr_src(url)],
        )
        self.assertIn("barcode_type=QR", payment_policy.qr_src(url))
        text = self._pdf(LETTER, letter)
        flat = "".join(text.split())
        self.assertIn(url, flat)
        self.assertNotIn(f"/my/invoices/{first.id}?", flat)
        self.assertIn("Pay now", text)
        self.assertIn(
            f"Scan to pay {second.name} ($ 300.00) on its page", " ".join(text.split())
        )

    def test_no_link_to_another_customers_or_companys_invoice(self):
        mine = self._invoice(self.customer, 500.00, days(-45))
        theirs = self._invoice(self.other, 700.00, days(-45))
        elsewhere = self._invoice(
            self.customer,
            900.00,
            days(-45),
            company=self.company_2,
        )
        letter = self._letter()
        # lines slipped into the letter behind its back get no link
        self.env["ar.dunning.letter.line"].sudo().create(
            [
                {
                    "letter_id": letter.id,
                    "move_id": move.id,
                    "name": move.name,
                    "currency_id": move.currency_id.id,
                    "amount_residual": move.amount_residual,
                }
                for move in (theirs, elsewhere)
            ]
        )
        letter.invalidate_recordset(["line_ids"])
        self.assertEqual(len(letter.line_ids.move_id), 3)
        self.assertEqual(
            [link["invoice"] for link in letter._pay_links()], [mine.sudo()]
        )
        self.assertEqual(set(self._pay_hrefs(self._render(LETTER, letter))), {mine})

    def test_no_link_when_the_company_takes_no_payment_online(self):
        self._invoice(self.customer, 500.00, days(-45))
        letter = self._letter()
        self.assertTrue(self._pay_hrefs(self._render(LETTER, letter)))
        self.provider.is_published = False
        html = self._render(LETTER, letter)
        self.assertFalse(self._pay_hrefs(html))
        self.assertNotIn("Pay online", html)
        self.assertIn(f"How to pay: quote {letter.name}", html2plaintext(html))
        self.provider.is_published = True
        self.env["ir.config_parameter"].sudo().set_param(SWITCH, "False")
        self.assertFalse(self._pay_hrefs(self._render(LETTER, letter)))

    def test_links_of_a_letter_take_the_same_queries_for_two_or_six_invoices(self):
        for amount in (100.00, 200.00):
            self._invoice(self.customer, amount, days(-45))
        for amount in (100.00, 200.00, 300.00, 400.00, 500.00, 600.00):
            self._invoice(self.other, amount, days(-45))
        letter, busy = self._letter(), self._letter(self.other)
        self.assertEqual((len(letter.line_ids), len(busy.line_ids)), (2, 6))

        def queries(record):
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            links = record._pay_links()
            return self.env.cr.sql_log_count - before, len(links)

        queries(letter)  # the caches that do not depend on the invoices
        # invoices without a token get theirs in one UPDATE, whatever their number
        (letter | busy).line_ids.move_id.sudo().write({"access_token": False})
        two, six = queries(letter), queries(busy)
        self.assertEqual((two[1], six[1]), (2, 6))
        self.assertEqual(two[0], six[0])
        self.assertTrue(
            all((letter | busy).line_ids.move_id.sudo().mapped("access_token"))
        )
        # then they are read with the invoices
        self.assertEqual(queries(letter)[0], queries(busy)[0])
        self.assertLess(queries(busy)[0], six[0])

    def test_a_customers_invoices_are_looked_up_by_an_index(self):
        # a statement's links, a case's invoices and a customer's refresh
        # find the invoices by their commercial entity: without an index on
        # it each lookup reads every move (a month's statements at 100,000
        # invoices spent most of their time there)
        self.env.cr.execute(
            """
            SELECT indexdef FROM pg_indexes
             WHERE tablename = 'account_move'
               AND indexname = 'account_move__commercial_partner_id_index'
            """
        )
        (definition,) = self.env.cr.fetchone() or (None,)
        self.assertIn("(commercial_partner_id)", definition or "")

    # ------------------------------------------------------------------
    # Statements
    # ------------------------------------------------------------------
    def _statement(self):
        wizard = (
            self.env["ar.statement.wizard"]
            .with_user(self.collector)
            .with_context(active_model="res.partner", active_ids=self.customer.ids)
            .create({"date_from": date(2026, 5, 1), "date_to": date(2026, 5, 31)})
        )
        return self.env["ar.statement"].browse(wizard.action_make()["res_id"])

    def test_the_statement_links_the_open_invoices_of_its_balance(self):
        april = self._invoice(self.customer, 1000.00, date(2026, 4, 10))
        self._pay(april, 300.00, payment_date=date(2026, 4, 20))
        may = self._invoice(self.customer, 500.00, date(2026, 5, 20))
        paid = self._invoice(self.customer, 250.00, date(2026, 5, 22))
        self._pay(paid)
        refund = self._invoice(
            self.customer, 80.00, date(2026, 5, 25), move_type="out_refund"
        )
        self._invoice(self.customer, 50.00, date(2026, 6, 10))  # after May
        theirs = self._invoice(self.other, 70.00, date(2026, 5, 12))
        elsewhere = self._invoice(
            self.customer, 60.00, date(2026, 5, 15), company=self.company_2
        )
        statement = self._statement()
        statement.with_user(self.collector).with_context(
            force_report_rendering=True
        ).action_send()
        links = self._pay_hrefs(statement.mail_id.body_html)
        self.assertEqual(list(links), [april, may])  # oldest due first
        for invoice, href in links.items():
            self._assert_pay_link(invoice, href)
        for invoice in (paid, refund, theirs, elsewhere):
            self.assertNotIn(invoice, links)
        text = " ".join(html2plaintext(statement.mail_id.body_html).split())
        self.assertIn(f"{april.name} 04/10/2026 $ 700.00 Pay now", text)
        self.assertIn(f"{may.name} 05/20/2026 $ 500.00 Pay now", text)
        # the PDF e-mailed with it writes the addresses out
        flat = "".join(self._pdf_text(statement.pdf_id.raw).split())
        for href in links.values():
            self.assertIn(href, flat)
        self.assertNotIn(f"/my/invoices/{paid.id}?", flat)
