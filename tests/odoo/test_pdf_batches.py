"""PDFs of a batch of letters or statements made by one wkhtmltopdf run per
language, cut per document: each customer's PDF holds its own pages, all of
them, and not one page of another customer's document."""

import io
import shutil
import subprocess
from datetime import date
from unittest.mock import patch

from collection_common import CollectionCommon, days
from odoo.addons.ar_overdue_management.models.core import pdf_batch
from odoo.addons.base.models.ir_actions_report import IrActionsReport
from odoo.tests.common import TransactionCase
from odoo.tools.pdf import PdfFileReader
from reportlab.pdfgen import canvas

MAY = (date(2026, 5, 1), date(2026, 5, 31))


class PdfBatchCommon(CollectionCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.ar_credit_hold_enforced = False
        cls.customers = cls.customer | cls._customer("Lotus Trading")
        cls.customers |= cls._customer("Maple Works")
        cls.customers |= cls._customer("Jade River")
        cls.customers |= cls._customer("Pearl Bay")
        for number, partner in enumerate(cls.customers):
            partner.email = f"accounts{number}@batch.example"
        # one amount per customer, each its own; two of them in Chinese
        amounts = ("111.11", "222.22", "333.33", "444.44", "555.55")
        cls.amounts = dict(zip(cls.customers, amounts, strict=True))
        cls.chinese = cls.customers[-2:]

    def _need_pdf_tools(self):
        if not shutil.which("wkhtmltopdf") or not shutil.which("pdftotext"):
            self.skipTest("wkhtmltopdf or pdftotext (poppler-utils) is not installed")

    def _chinese_ready(self):
        """The Chinese customers read Chinese when wkhtmltopdf has a font
        for it; without one they read English (one batch of five)."""
        fonts = subprocess.run(
            ["fc-list", ":lang=zh"], capture_output=True, text=True, check=False
        ).stdout
        if not fonts.strip():
            return False
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(
            ["ar_overdue_management"], ["zh_CN"], overwrite=True
        )
        self.chinese.lang = "zh_CN"
        return True

    def _render(self, documents):
        """``_mailed_render_pdfs`` of ``documents``, counting wkhtmltopdf's runs."""
        run = IrActionsReport._run_wkhtmltopdf
        with patch.object(
            IrActionsReport, "_run_wkhtmltopdf", autospec=True, side_effect=run
        ) as runs:
            documents.sudo().with_context(
                force_report_rendering=True
            )._mailed_render_pdfs()
        return runs.call_count

    def _alone(self, document):
        """The PDF of ``document`` rendered alone, as before batches."""
        report = document._mailed_report()
        pdf, _kind = report.with_context(
            lang=document.lang, force_report_rendering=True
        )._render_qweb_pdf(report.report_name, document.ids)
        return pdf

    @staticmethod
    def _pages(pdf):
        return len(PdfFileReader(io.BytesIO(pdf)).pages)

    def _assert_own_pages_only(self, documents):
        """Each document's PDF shows its customer, amount and reference and
        none of the others'; it has as many pages as rendered alone."""
        for document in documents:
            self.assertTrue(document.pdf_id, document.pdf_note)
            self.assertEqual(
                document.pdf_id.name, f"{document.name.replace('/', '-')}.pdf"
            )
            text = self._pdf_text(document.pdf_id.raw)
            for fragment in (
                document.partner_id.name,
                self.amounts[document.partner_id],
                document.name,
            ):
                self.assertIn(fragment, text)
            for other in documents - document:
                for fragment in (
                    other.partner_id.name,
                    self.amounts[other.partner_id],
                    other.name,
                ):
                    self.assertNotIn(fragment, text, f"{other.name} in {document.name}")
            self.assertEqual(
                self._pages(document.pdf_id.raw), self._pages(self._alone(document))
            )


class TestLetterPdfBatches(PdfBatchCommon):
    def _letters(self):
        for partner, amount in self.amounts.items():
            self._invoice(partner, float(amount), days(-10))
        # a long letter: the first customer's runs over more than one page
        for number in range(40):
            self._invoice(self.customer, 1.00 + number / 100, days(-12))
        self.env["ir.config_parameter"].sudo().set_param(
            "ar_overdue_management.dunning_pdf", "0"
        )
        self._cron(days(0))
        self.env["ar.dunning.letter"]._cron_dunning_send(as_of=days(0))
        letters = self.env["ar.dunning.letter"].search(
            [("partner_id", "in", self.customers.ids)], order="id"
        )
        self.assertEqual(letters.partner_id, self.customers)
        self.env["ir.config_parameter"].sudo().set_param(
            "ar_overdue_management.dunning_pdf", "1"
        )
        return letters

    def test_letters_of_a_batch_each_get_their_own_pages(self):
        self._need_pdf_tools()
        chinese = self._chinese_ready()
        letters = self._letters()
        runs = self._render(letters)
        # one run per language
        self.assertEqual(runs, 2 if chinese else 1)
        self._assert_own_pages_only(letters)
        long_letter = letters.filtered(
            lambda letter: letter.partner_id == self.customer
        )
        self.assertGreater(self._pages(long_letter.pdf_id.raw), 1)
        if chinese:
            chinese = letters.filtered(lambda lt: lt.partner_id in self.chinese)
            self.assertEqual(chinese.mapped("lang"), ["zh_CN", "zh_CN"])

    def test_a_batch_that_cannot_be_cut_is_rendered_one_by_one(self):
        self._need_pdf_tools()
        letters = self._letters()
        with patch(
            "odoo.addons.ar_overdue_management.models.core.pdf_batch.split_by_reference",
            return_value=None,
        ):
            runs = self._render(letters)
        self.assertEqual(runs, 1 + len(letters))
        self._assert_own_pages_only(letters)


class TestStatementPdfBatches(PdfBatchCommon):
    def _statements(self):
        for partner, amount in self.amounts.items():
            self._invoice(partner, float(amount), date(2026, 5, 20))
        statements = (
            self.env["ar.statement"]
            .sudo()
            ._statement_build(
                [(partner.id, self.company.id) for partner in self.customers], *MAY
            )
        )
        self.assertEqual(statements.partner_id, self.customers)
        return statements

    def test_statements_of_a_batch_each_get_their_own_pages(self):
        self._need_pdf_tools()
        chinese = self._chinese_ready()
        statements = self._statements()
        runs = self._render(statements)
        self.assertEqual(runs, 2 if chinese else 1)
        self._assert_own_pages_only(statements)


class TestPdfCut(TransactionCase):
    """The cut of a batch's PDF refuses any page it cannot give to exactly
    one document."""

    @staticmethod
    def _pdf(*pages):
        """A PDF whose pages show the texts of ``pages``."""
        stream = io.BytesIO()
        drawing = canvas.Canvas(stream)
        for text in pages:
            drawing.drawString(72, 720, text)
            drawing.showPage()
        drawing.save()
        return stream.getvalue()

    def _cut(self, pdf, references):
        pieces = pdf_batch.split_by_reference(pdf, references)
        if pieces is None:
            return None
        return [len(PdfFileReader(io.BytesIO(piece)).pages) for piece in pieces]

    def test_each_document_from_the_page_showing_its_reference(self):
        pdf = self._pdf(
            "1 May, DUN/2026/00001",
            "Page 2",
            "quoting DUN/2026/00001",
            "DUN/2026/00002",
        )
        self.assertEqual(self._cut(pdf, ["DUN/2026/00001", "DUN/2026/00002"]), [3, 1])

    def test_a_page_not_given_to_exactly_one_document_is_refused(self):
        refs = ["DUN/2026/00001", "DUN/2026/00002"]
        cases = {
            "two references on a page": ("DUN/2026/00001 DUN/2026/00002", "Page 2"),
            "a first page without reference": ("Dear customer", "DUN/2026/00001"),
            "the documents out of order": ("DUN/2026/00002", "DUN/2026/00001"),
            "a document back after another": (
                "DUN/2026/00001",
                "DUN/2026/00002",
                "quoting DUN/2026/00001",
            ),
            "a document missing": ("DUN/2026/00001", "Page 2"),
        }
        for case, pages in cases.items():
            with self.subTest(case):
                self.assertIsNone(self._cut(self._pdf(*pages), refs))

    def test_a_reference_inside_a_longer_one_is_not_read(self):
        # DUN/2026/0001 is not shown by a page showing DUN/2026/00012
        pdf = self._pdf("DUN/2026/0001", "DUN/2026/00012")
        self.assertEqual(self._cut(pdf, ["DUN/2026/0001", "DUN/2026/00012"]), [1, 1])
        self.assertIsNone(self._cut(self._pdf("DUN/2026/00012"), ["DUN/2026/0001"]))
