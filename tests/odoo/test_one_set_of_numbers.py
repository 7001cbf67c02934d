"""One set of numbers: the customer's overdue is the same on the customer
form, the case, the case's tab of overdue items and the letter (net of the
credits, which are listed where they are deducted); every amount is shown
in the currency of its invoice with totals per currency, and lists sum only
company-currency amounts."""

import re
from datetime import date

from collection_common import CollectionCommon, days
from lxml import etree
from odoo.tools.safe_eval import safe_eval


def _text(html):
    """What a reader sees of ``html``: its text, spaces made plain."""
    text = re.sub(r"<[^>]+>", " ", html).replace("\xa0", " ").replace("\ufeff", "")
    return re.sub(r"\s+", " ", text)


def _is_company_currency(model, field_name):
    """Whether ``field_name`` of ``model`` is the company's currency."""
    field = model._fields[field_name]
    if field.comodel_name != "res.currency":
        return False
    if model._name == "res.company" and field_name == "currency_id":
        return True
    if not field.related:
        return field_name == "company_currency_id"
    path = field.related.split(".")
    for step in path[:-1]:
        model = model.env[model._fields[step].comodel_name]
    return _is_company_currency(model, path[-1])


class TestOneSetOfNumbers(CollectionCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer.email = "accounts@redrock.example"
        # 1 USD = 0.80 EUR: 3,200.00 EUR are 4,000.00 USD
        cls.eur = cls.setup_other_currency("EUR", rates=[("2020-01-01", 0.8)])

    def _run(self, as_of=None):
        as_of = as_of or days(0)
        self._cron(as_of)
        self.env["ar.dunning.letter"]._cron_dunning_send(as_of=as_of)
        return self.env["ar.dunning.letter"].search(
            [("partner_id", "=", self.customer.id)], order="id desc", limit=1
        )

    def test_the_overdue_of_the_letter_is_the_overdue_of_the_case(self):
        self._invoice(self.customer, 10000.00, days(-20))
        self._invoice(self.customer, 1850.00, days(-12))
        refund = self._invoice(self.customer, 450.00, days(-3), move_type="out_refund")
        letter = self._run()
        case = self._case()
        self.assertEqual(self.customer.overdue_amount, 11400.00)
        self.assertEqual(case.overdue_amount, 11400.00)
        self.assertEqual(letter.overdue_amount, 11400.00)
        self.assertEqual(
            (letter.invoice_amount, letter.credit_amount), (11850.00, 450.00)
        )
        # the case's tab lists the credit note it deducts and adds up to
        # the case's overdue
        lines = case.chased_line_ids
        self.assertIn(refund, lines.move_id)
        self.assertEqual(round(sum(lines.mapped("amount_residual")), 2), 11400.00)
        self.assertEqual(
            round(sum(letter.line_ids.mapped("amount_company")), 2), 11400.00
        )
        # as the collector reads them: the tab's sum, the letter's e-mail
        [view] = (
            case.with_user(self.salesperson)
            .get_views([(False, "form")])["views"]
            .values()
        )
        tab = etree.fromstring(view["arch"]).xpath(
            "//field[@name='chased_line_ids']//field[@name='amount_residual']"
        )
        self.assertEqual(tab[0].get("sum"), "Overdue")
        body = _text(letter.mail_id.body_html)
        self.assertIn("11,400.00", body)
        self.assertIn(refund.name, body)
        self.assertIn("-450.00", body)
        self.assertNotIn("11,850.00", body.split("Less your payments")[1])

    def test_a_euro_customer_is_asked_for_euros(self):
        invoice = self._invoice(self.customer, 3200.00, days(-20), currency=self.eur)
        letter = self._run()
        self.assertEqual(invoice.amount_residual_signed, 4000.00)
        self.assertEqual(letter.amount_due, 4000.00)
        self.assertEqual(letter.line_ids.currency_id, self.eur)
        self.assertEqual(letter.line_ids.amount_residual, 3200.00)
        self.assertTrue(letter.foreign_currency)
        self.assertIn("3,200.00", letter.amount_due_display)
        self.assertIn("€", letter.amount_due_display)
        body = _text(letter.mail_id.body_html)
        to_pay = body.split("To pay by")[1].split("Equivalent")[0]
        self.assertIn("3,200.00", to_pay)
        self.assertIn("€", to_pay)
        self.assertNotIn("$", to_pay)
        # the company's currency only for information
        info = body.split("Equivalent in USD")[1]
        self.assertIn("4,000.00", info)
        self.assertNotIn("4,000.00", body.split("Equivalent in USD")[0])
        # the case's contact says what was asked, in euros
        self._deliver()
        self.assertIn("3,200.00", self._case().contact_ids.answer)

    def test_two_currencies_get_a_total_each(self):
        self._invoice(self.customer, 3200.00, days(-20), currency=self.eur)
        self._invoice(self.customer, 1080.00, days(-15))
        letter = self._run()
        amounts = {
            currency.name: (overdue, due)
            for currency, overdue, due in letter._amounts_by_currency()
        }
        self.assertEqual(
            amounts, {"EUR": (3200.00, 3200.00), "USD": (1080.00, 1080.00)}
        )
        body = _text(letter.mail_id.body_html)
        self.assertIn("in EUR", body)
        self.assertIn("in USD", body)
        self.assertNotIn("5,080.00", body.split("Equivalent in USD")[0])

    def test_overdue_invoices_list_sums_the_company_currency(self):
        self._invoice(self.customer, 3200.00, days(-20), currency=self.eur)
        self._invoice(self.customer, 1080.00, days(-15))
        self._cron(days(0))
        action = self.env.ref("ar_overdue_management.account_move_action_overdue")
        Move = self.env["account.move"].with_user(self.salesperson)
        [view] = Move.get_views([(action.view_id.id, "list")])["views"].values()
        columns = {
            node.get("name"): node
            for node in etree.fromstring(view["arch"]).iter("field")
        }
        self.assertIn("overdue_open_in_currency", columns)
        self.assertEqual(columns["overdue_open_in_currency"].get("string"), None)
        info = Move.fields_get(
            [
                "overdue_open_in_currency",
                "overdue_total_in_currency",
                "amount_residual_signed",
            ],
            ["aggregator", "string"],
        )
        self.assertEqual(info["overdue_open_in_currency"]["string"], "Open Amount")
        # amounts in the invoices' currencies are never summed, group rows
        # included; the open amount in company currency is
        self.assertFalse(info["overdue_open_in_currency"].get("aggregator"))
        self.assertFalse(info["overdue_total_in_currency"].get("aggregator"))
        self.assertEqual(info["amount_residual_signed"]["aggregator"], "sum")
        groups = Move.web_read_group(
            safe_eval(action.domain) + [("partner_id", "=", self.customer.id)],
            ["amount_residual_signed:sum"],
            ["overdue_tier_id"],
        )["groups"]
        self.assertEqual(
            round(sum(group["amount_residual_signed"] for group in groups), 2), 5080.00
        )

    def test_no_list_of_the_addon_sums_amounts_in_several_currencies(self):
        """Every amount a list of the addon adds up (a sum in the footer, or
        in group rows for a stored amount) is in company currency."""
        views = self.env["ir.ui.view"].search(
            [("type", "in", ("list", "form")), ("mode", "=", "primary")]
        )
        module_views = views.filtered(
            lambda v: (v.xml_id or "").startswith("ar_overdue_management.")
        )
        self.assertTrue(module_views)
        checked = 0
        for view in module_views:
            model = self.env[view.model]
            arch = etree.fromstring(
                model.get_views([(view.id, view.type)])["views"][view.type]["arch"]
            )
            lists = arch.xpath("//list") if view.type == "form" else [arch]
            for list_node in lists:
                owner = list_node.getparent()
                list_model = (
                    self.env[model._fields[owner.get("name")].comodel_name]
                    if owner is not None and owner.tag == "field"
                    else model
                )
                for node in list_node.iterchildren("field"):
                    field = list_model._fields.get(node.get("name"))
                    if field is None or field.type != "monetary":
                        continue
                    grouped = view.type == "list" and field.store and field.aggregator
                    if not (node.get("sum") or grouped):
                        continue
                    checked += 1
                    currency_field = field.get_currency_field(list_model)
                    self.assertTrue(
                        _is_company_currency(list_model, currency_field),
                        f"{view.xml_id}: {list_model._name}.{field.name} is summed "
                        f"but in {currency_field}",
                    )
        self.assertGreater(checked, 10)

    def test_a_euro_customer_confirms_a_balance_in_euros(self):
        """A statement of a euro customer of a dollar company: the movements
        and balances in euros, the dollars only for information, on the PDF's
        HTML and in the page's confirmation."""
        self.company.ar_credit_hold_enforced = False
        invoice = self._invoice(
            self.customer, 3200.00, date(2026, 5, 10), currency=self.eur
        )
        self._pay(invoice, 1000.00, payment_date=date(2026, 5, 20))
        self._invoice(self.customer, 1080.00, date(2026, 4, 10))
        wizard = (
            self.env["ar.statement.wizard"]
            .with_user(self.collector)
            .with_context(active_model="res.partner", active_ids=self.customer.ids)
            .create({"date_from": date(2026, 5, 1), "date_to": date(2026, 5, 31)})
        )
        statement = self.env["ar.statement"].browse(wizard.action_make()["res_id"])
        self.assertTrue(statement.foreign_currency)
        self.assertEqual(
            [
                (b.currency_id.name, b.opening_balance, b.closing_balance)
                for b in statement.balance_ids
            ],
            [("USD", 1080.00, 1080.00), ("EUR", 0.0, 2200.00)],
        )
        self.assertEqual(
            [
                (line.currency_id.name, line.debit, line.credit, line.balance)
                for line in statement.line_ids
            ],
            [("EUR", 3200.00, 0.0, 3200.00), ("EUR", 0.0, 1000.00, 2200.00)],
        )
        # in company currency: 1,080.00 + 4,000.00 - 1,250.00
        self.assertEqual(statement.closing_balance, 3830.00)
        self.assertIn("2,200.00", statement.closing_balance_display)
        self.assertIn("€", statement.closing_balance_display)
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html(
                "ar_overdue_management.report_ar_statement", statement.ids
            )[0]
            .decode()
        )
        html = _text(html)
        euros = html.split("In EUR")[1].split("Equivalent in USD")[0]
        self.assertIn("3,200.00", euros)
        self.assertIn("2,200.00", euros)
        self.assertNotIn("4,000.00", euros)
        self.assertNotIn("$", euros)
        self.assertIn("3,830.00", html.split("Equivalent in USD")[1])
