"""Chinese that reads right: a customer whose language is Simplified or
Traditional Chinese gets its dunning letter (e-mail and PDF) and its
statement of account (e-mail and PDF) with no English left but proper
nouns, and dates in its language's format, whoever prints them; the
standard names the addon gives tiers and letters, and the approval buttons
of a write-off, read in the user's language."""

from datetime import date

from lxml import etree
from odoo.addons.ar_overdue_management.tests.english import (
    english_words,
    foreign_dates,
    visible_text,
)
from writeoff_common import WriteoffCommon, days

LANGS = ("zh_CN", "zh_TW")
#: the modules whose words the documents show (layout, addresses, mail)
MODULES = [
    "base",
    "web",
    "mail",
    "portal",
    "account",
    "base_tier_validation",
    "ar_overdue_management",
]
LETTER = "ar_overdue_management.report_dunning_letter"
STATEMENT = "ar_overdue_management.report_ar_statement"
STATEMENT_MAIL = "ar_overdue_management.mail_template_ar_statement"
MAY = (date(2026, 5, 1), date(2026, 5, 31))


class TestChineseDocuments(WriteoffCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for lang in LANGS:
            cls.env["res.lang"]._activate_lang(lang)
        cls.env["ir.module.module"]._load_module_terms(MODULES, list(LANGS))
        cls.customer.email = "accounts@harbour.example"
        cls.company.ar_credit_hold_enforced = False

    def _customer_in(self, lang):
        partner = self._customer(
            f"Harbour Foods {lang}", salesperson=self.salesperson, lang=lang
        )
        partner.email = f"{lang}@harbour.example"
        return partner

    def _letter(self, partner):
        self._invoice(partner, 800.00, days(-10))
        self._invoice(partner, 120.00, days(-5), move_type="out_refund")
        self._cron(days(0))
        self.env["ar.dunning.letter"]._cron_dunning_send(as_of=days(0))
        return self.env["ar.dunning.letter"].search([("partner_id", "=", partner.id)])

    def _statement(self, partner):
        self._invoice(partner, 700.00, date(2026, 4, 10))
        self._invoice(partner, 500.00, date(2026, 5, 20))
        self._invoice(partner, 80.00, date(2026, 5, 25), move_type="out_refund")
        return self.env["ar.statement"]._statement_build(
            [(partner.id, self.company.id)], *MAY
        )

    def _proper_nouns(self, document):
        """What a Chinese document may keep in Latin letters: names,
        references, the currency, addresses and contact details."""
        company = document.company_id
        currency = document.currency_id
        invoices = self.env["account.move"].search(
            [("partner_id", "=", document.partner_id.id)]
        )
        return [
            document.name,
            *invoices.mapped("name"),
            currency.name,
            currency.symbol,
            *(
                value
                for partner in (company.partner_id, document.partner_id)
                for value in (
                    partner.name,
                    partner.email,
                    partner.phone,
                    partner.website,
                    partner.street,
                    partner.city,
                    partner.zip,
                    partner.vat,
                )
            ),
        ]

    def _assert_reads_in(self, lang, markup, document, dates):
        """No English in ``markup`` but proper nouns; ``dates`` shown in
        the format of ``lang``, none as 06/15/2026."""
        text = visible_text(markup)
        self.assertEqual(english_words(text, self._proper_nouns(document)), [])
        self.assertEqual(foreign_dates(text), [])
        date_format = self.env["res.lang"]._lang_get(lang).date_format
        for day in dates:
            self.assertIn(day.strftime(date_format), text)

    def _html(self, report, document):
        """The PDF's HTML, printed by an English-speaking user."""
        html, _kind = (
            self.env["ir.actions.report"]
            .with_context(lang="en_US")
            ._render_qweb_html(report, document.ids)
        )
        return html

    def test_dunning_letter_reads_in_chinese(self):
        for lang in LANGS:
            with self.subTest(lang=lang):
                letter = self._letter(self._customer_in(lang))
                self.assertEqual(letter.lang, lang)
                mail = letter.mail_id
                for markup in (mail.subject, mail.body_html):
                    self._assert_reads_in(lang, markup, letter, [])
                self._assert_reads_in(
                    lang, mail.body_html, letter, [letter.deadline, days(-10)]
                )
                self._assert_reads_in(
                    lang,
                    self._html(LETTER, letter),
                    letter,
                    [letter.date, letter.deadline, days(-10)],
                )

    def test_statement_reads_in_chinese(self):
        for lang in LANGS:
            with self.subTest(lang=lang):
                statement = self._statement(self._customer_in(lang))
                self.assertEqual(statement.lang, lang)
                template = self.env.ref(STATEMENT_MAIL)
                for field in ("subject", "body_html"):
                    rendered = template._render_field(
                        field, statement.ids, compute_lang=True
                    )[statement.id]
                    self._assert_reads_in(lang, rendered, statement, [])
                self._assert_reads_in(
                    lang,
                    self._html(STATEMENT, statement),
                    statement,
                    [statement.date_from, statement.date_to, date(2026, 5, 20)],
                )

    def test_ledger_columns_and_letter_deadline_read_as_their_meaning(self):
        statement = self._statement(self._customer_in("zh_CN"))
        text = visible_text(self._html(STATEMENT, statement))
        self.assertIn("借方", text)
        self.assertIn("贷方", text)
        self.assertNotIn("信用", text)
        fields = (
            self.env["ar.dunning.letter"]
            .with_context(lang="zh_CN")
            .fields_get(["deadline"])
        )
        self.assertEqual(fields["deadline"]["string"], "付款期限")

    def test_standard_names_of_tiers_and_letters_in_chinese(self):
        tiers = self.company.overdue_tier_ids.sorted("days_from")
        levels = self.env["ar.dunning.level"].search(
            [("company_id", "=", self.company.id)], order="sequence"
        )
        self.assertEqual(
            tiers.with_context(lang="zh_CN").mapped("name"), ["轻度", "中度", "重度"]
        )
        self.assertEqual(
            levels.with_context(lang="zh_TW").mapped("name"),
            ["友好提醒", "催款函", "最後通知（法律行動前）"],
        )
        self.assertEqual(tiers.mapped("name"), ["Mild", "Moderate", "Severe"])

    def test_a_new_company_gets_chinese_names_and_its_own_are_kept(self):
        self.moderate.sudo().with_context(lang="zh_CN").name = "二级逾期"
        company = self.env["res.company"].sudo().create({"name": "Harbour Two"})
        tiers = company.overdue_tier_ids.sorted("days_from")
        self.assertEqual(
            tiers.with_context(lang="zh_CN").mapped("name"), ["轻度", "中度", "重度"]
        )
        self.env["ir.module.module"]._load_module_terms(
            ["ar_overdue_management"], ["zh_CN"]
        )
        self.assertEqual(self.moderate.with_context(lang="zh_CN").name, "二级逾期")

    def test_writeoff_approval_buttons_in_chinese(self):
        arch = etree.fromstring(
            self.env["ar.writeoff.request"]
            .with_context(lang="zh_CN")
            .get_view(view_type="form")["arch"]
        )
        buttons = {
            name: arch.xpath(f"//button[@name='{name}']/@string")
            for name in ("validate_tier", "reject_tier", "restart_validation")
        }
        self.assertEqual(
            buttons,
            {
                "validate_tier": ["批准"],
                "reject_tier": ["拒绝"],
                "restart_validation": ["重新审批"],
            },
        )
        notice = " ".join(arch.xpath("//div[hasclass('alert-warning')]//text()"))
        self.assertEqual(english_words(notice), [])
        self.assertIn("此单据需要审批。", notice)
        request = self._request(500.00)
        request.with_user(self.collector).action_submit()
        self.assertEqual(
            request.with_context(lang="zh_CN").next_review, "下一级审批：催收组长"
        )
