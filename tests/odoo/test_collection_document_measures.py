"""Measures of the documents sent in May 2026 on real Odoo, to the unit
per company and per collector: dunning letters sent and not sent,
statements confirmed, disputed and unanswered; another company's figures
are its own and cannot be read."""

from datetime import date

from collection_common import CollectionCommon
from freezegun import freeze_time
from measures_common import MAY_1, MAY_31, MayMeasures, may
from odoo.exceptions import AccessError

WORK = (
    "letters_sent",
    "letters_failed",
    "statements_confirmed",
    "statements_disputed",
    "statements_unanswered",
)


class TestDocumentMeasures(MayMeasures, CollectionCommon):
    """Harbour Foods and Dune Supplies are the collector's customers,
    Lakeside Mills the team leader's; Dune and Lakeside have no e-mail
    address, so their letters cannot be sent."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["ir.config_parameter"].sudo().set_param(
            "ar_overdue_management.dunning_pdf", "0"
        )
        cls.customer.email = "accounts@harbour.example"
        cls.lakeside = cls._customer("Lakeside Mills")
        cls.dune = cls._customer("Dune Supplies")
        cls.quay = cls._customer("Quay Traders", email="pay@quay.example")
        cls.other_company = cls.setup_other_company()["company"]

    def _day(self, day, server_up=None):
        """The daily runs of ``day`` (tiers and cases, then letters), then
        the mail queue with the mail server up, down, or not at all."""
        with freeze_time(day):
            self._cron(day)
            self.env["ar.dunning.letter"]._cron_dunning_send(as_of=day)
            if server_up is not None:
                self._deliver(server_up=server_up)

    def _letters_of_may(self):
        """Harbour's letters: the mild one of 28 April (sent), the moderate
        one of 22 May (the server down; sent on the 23rd).  Lakeside's of
        28 April and 22 May, and Dune's of 22 May: not sent, no address.
        Quay's of 29 May: still queued.  Lakeside's letter in the other
        company, 22 May: not sent."""
        for partner, amount, due in (
            (self.customer, 1000.0, date(2026, 4, 20)),
            (self.lakeside, 2000.0, date(2026, 4, 20)),
            (self.dune, 400.0, may(10)),
            (self.quay, 300.0, may(28)),
        ):
            self._invoiced(partner, amount, due)
        self._invoiced(self.lakeside, 700.0, may(10), company=self.other_company)
        self._day(date(2026, 4, 28), server_up=True)
        self._owned_by(
            {self.customer: self.collector, self.lakeside: self.collection_lead}
        )
        self._day(may(22), server_up=False)
        self._day(may(23), server_up=True)
        self._owned_by({self.dune: self.collector})
        self._day(may(29))

    def test_letters_sent_and_not_sent(self):
        self._letters_of_may()
        letters = self.env["ar.dunning.letter"].search(
            [("company_id", "=", self.company.id)]
        )
        self.assertEqual(
            sorted((x.partner_id.name, str(x.date), x.state) for x in letters),
            [
                ("Dune Supplies", "2026-05-22", "failed"),
                ("Harbour Foods", "2026-04-28", "sent"),
                ("Harbour Foods", "2026-05-22", "sent"),
                ("Lakeside Mills", "2026-04-28", "failed"),
                ("Lakeside Mills", "2026-05-22", "failed"),
                ("Quay Traders", "2026-05-29", "queued"),
            ],
        )
        _wizard, rows = self._measures("company")
        self.assertEqual(
            self._figures(rows[self.company.name], WORK[:2]),
            {"letters_sent": 1, "letters_failed": 2},
        )
        _wizard, rows = self._measures("collector")
        self.assertEqual(
            self._figures(rows[self.collector.name], WORK[:2]),
            {"letters_sent": 1, "letters_failed": 1},
        )
        self.assertEqual(
            self._figures(rows[self.collection_lead.name], WORK[:2]),
            {"letters_sent": 0, "letters_failed": 1},
        )

    def _statements(self, partners, day, period):
        """The statements of ``partners`` for ``period``, made and e-mailed
        by the collector on ``day``, the mail server up."""
        with freeze_time(day):
            wizard = (
                self.env["ar.statement.wizard"]
                .with_user(self.collector)
                .with_context(active_model="res.partner", active_ids=partners.ids)
                .create({"date_from": period[0], "date_to": period[1]})
            )
            statements = self.env["ar.statement"].search(wizard.action_make()["domain"])
            statements.with_user(self.collector).action_send()
            self._deliver()
        return {statement.partner_id: statement for statement in statements}

    def _statements_of_may(self):
        """April's statements, e-mailed on 4 May: Harbour confirms on the
        6th, Lakeside disputes its invoice on the 7th, Quay does not answer,
        Dune (no address) never gets it.  May's statement of Harbour,
        e-mailed on 2 June, is June's."""
        self.lakeside.email = "ap@lakeside.example"
        for partner, amount in (
            (self.customer, 1000.0),
            (self.lakeside, 2000.0),
            (self.quay, 300.0),
            (self.dune, 400.0),
        ):
            self._invoiced(partner, amount, date(2026, 4, 20))
        with freeze_time(date(2026, 4, 28)):
            self._cron(date(2026, 4, 28))
        self._owned_by(
            {
                self.customer: self.collector,
                self.quay: self.collector,
                self.dune: self.collector,
                self.lakeside: self.collection_lead,
            }
        )
        april = (date(2026, 4, 1), date(2026, 4, 30))
        partners = self.customer | self.lakeside | self.quay | self.dune
        sent = self._statements(partners, may(4), april)
        with freeze_time(may(6)):
            sent[self.customer]._statement_answer("Ms Chen")
        with freeze_time(may(7)):
            lakeside = sent[self.lakeside]
            lakeside._statement_answer(
                "Mr Li", "Short delivery", lakeside.line_ids.ids, "quantity"
            )
        self._statements(self.customer, date(2026, 6, 2), (MAY_1, MAY_31))
        return sent

    def test_statements_confirmed_disputed_unanswered(self):
        sent = self._statements_of_may()
        self.assertEqual(
            {
                partner.name: (statement.state, statement.answer)
                for partner, statement in sent.items()
            },
            {
                "Harbour Foods": ("sent", "confirmed"),
                "Lakeside Mills": ("sent", "disputed"),
                "Quay Traders": ("sent", "none"),
                "Dune Supplies": ("failed", "none"),
            },
        )
        _wizard, rows = self._measures("company")
        self.assertEqual(
            self._figures(rows[self.company.name], WORK[2:]),
            {
                "statements_confirmed": 1,
                "statements_disputed": 1,
                "statements_unanswered": 1,
            },
        )
        _wizard, rows = self._measures("collector")
        self.assertEqual(
            self._figures(rows[self.collector.name], WORK[2:]),
            {
                "statements_confirmed": 1,
                "statements_disputed": 0,
                "statements_unanswered": 1,
            },
        )
        self.assertEqual(
            self._figures(rows[self.collection_lead.name], WORK[2:]),
            {
                "statements_confirmed": 0,
                "statements_disputed": 1,
                "statements_unanswered": 0,
            },
        )

    def test_the_screen_shows_the_counts(self):
        self._statements_of_may()
        wizard, _rows = self._measures("collector")
        wizard.action_compute()
        line = wizard.line_ids.filtered(lambda row: row.name == self.collector.name)
        self.assertEqual([line[key] for key in WORK], [0, 0, 1, 0, 1])

    def test_another_companys_figures_are_its_own_and_private(self):
        self._letters_of_may()
        outsider = self._user(
            "ar_outsider",
            "ar_overdue_management.group_ar_collection_user",
            company=self.other_company,
        )
        wizard, _rows = self._measures("company")
        wizard.action_compute()
        with self.assertRaises(AccessError):
            wizard.line_ids.with_user(outsider).read(["letters_sent"])
        with self.assertRaises(AccessError):
            self._measures("company", company=self.company, user=outsider)
        _wizard, rows = self._measures("company", user=outsider)
        self.assertEqual(
            self._figures(rows[self.other_company.name], WORK[:2]),
            {"letters_sent": 0, "letters_failed": 1},
        )
