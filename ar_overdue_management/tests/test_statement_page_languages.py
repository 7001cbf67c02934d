"""The statement's page, over HTTP, for customers whose language is
Simplified or Traditional Chinese: no English left but proper nouns, dates
in the language's format.  Run by odoo-bin (``--test-tags
/ar_overdue_management``), which starts the HTTP server; no browser."""

from datetime import date

from odoo.tests import HttpCase, tagged

from .common import post_invoice
from .english import english_words, foreign_dates, visible_text

LANGS = ("zh_CN", "zh_TW")
#: the modules whose words the page shows (layout, portal, addresses)
MODULES = ["base", "web", "mail", "portal", "account", "ar_overdue_management"]
PERIOD = (date(2026, 5, 1), date(2026, 5, 31))


@tagged("post_install", "-at_install")
class TestStatementPageLanguages(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for lang in LANGS:
            cls.env["res.lang"]._activate_lang(lang)
        cls.env["ir.module.module"]._load_module_terms(MODULES, list(LANGS))
        cls.company = cls.env.company
        cls.company.ar_credit_hold_enforced = False

    def _statement(self, lang):
        customer = self.env["res.partner"].create(
            {
                "name": f"Portal Foods {lang}",
                "is_company": True,
                "email": f"{lang}@foods.example",
                "lang": lang,
            }
        )
        for amount, day, kind in (
            (920.0, date(2026, 4, 20), "out_invoice"),
            (450.0, date(2026, 5, 5), "out_invoice"),
            (120.0, date(2026, 5, 6), "out_refund"),
        ):
            post_invoice(self.env, customer, amount, day, kind)
        statement = self.env["ar.statement"]._statement_build(
            [(customer.id, self.company.id)], *PERIOD
        )
        statement.write({"state": "queued"})
        return statement

    def _proper_nouns(self, statement):
        """Names, references, the currency, the company's contact details."""
        moves = self.env["account.move"].search(
            [("partner_id", "=", statement.partner_id.id)]
        )
        nouns = [statement.name, *moves.mapped("name")]
        nouns += [statement.currency_id.name, statement.currency_id.symbol]
        # the language switcher names each language in its own words
        nouns += [name for _code, name in self.env["res.lang"].get_installed()]
        for partner in (self.company.partner_id, statement.partner_id):
            nouns += [
                partner.name,
                partner.email,
                partner.phone,
                partner.website,
                partner.street,
                partner.street2,
                partner.city,
                partner.zip,
                partner.state_id.code,
            ]
        return nouns

    def test_statement_page_reads_in_chinese(self):
        for lang in LANGS:
            with self.subTest(lang=lang):
                statement = self._statement(lang)
                response = self.url_open(statement.get_portal_url())
                self.assertEqual(response.status_code, 200)
                text = visible_text(response.text)
                self.assertIn(statement.name, text)
                self.assertEqual(english_words(text, self._proper_nouns(statement)), [])
                self.assertEqual(foreign_dates(text), [])
                date_format = self.env["res.lang"]._lang_get(lang).date_format
                for day in (*PERIOD, date(2026, 5, 5)):
                    self.assertIn(day.strftime(date_format), text)
