"""Collection measures on real Odoo: May 2026 of two customers, to the cent,
per company, per collector and per country; who may see them."""

from datetime import date

from collection_common import CollectionCommon
from odoo.exceptions import AccessError

MAY_1, MAY_31 = date(2026, 5, 1), date(2026, 5, 31)


def may(day):
    return date(2026, 5, day)


class TestCollectionMeasures(CollectionCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer.country_id = cls.env.ref("base.be")
        cls.other_company = cls.setup_other_company()["company"]
        cls.other = cls._customer(
            "Lakeside Mills", country_id=cls.env.ref("base.de").id
        )

    def _dated_invoice(
        self, partner, amount, invoice_date, due, move_type="out_invoice"
    ):
        move = self._invoice(partner, amount, due, move_type=move_type, post=False)
        move.invoice_date = invoice_date
        move.invoice_date_due = due
        move.action_post()
        return move

    def _may(self):
        """Harbour Foods (Belgium): 1,000 overdue since April, 400 of it
        paid on 10 May; 2,000 due 10 May paid on the 20th; 3,000 due in June;
        a credit note of 500.  Lakeside Mills (Germany): 5,000 due 5 May,
        1,000 of it paid that day (on time), 1,000 due 15 May, disputed
        since 21 May; two promises, one kept, one broken."""
        a1 = self._dated_invoice(
            self.customer, 1000.0, date(2026, 4, 20), date(2026, 4, 20)
        )
        self._pay(a1, amount=400.0, payment_date=may(10))
        a2 = self._dated_invoice(self.customer, 2000.0, may(10), may(10))
        self._pay(a2, payment_date=may(20))
        self._dated_invoice(self.customer, 3000.0, may(25), date(2026, 6, 30))
        self._dated_invoice(self.customer, 500.0, may(28), may(28), "out_refund")
        b1 = self._dated_invoice(self.other, 5000.0, may(5), may(5))
        self._pay(b1, amount=1000.0, payment_date=may(5))
        b2 = self._dated_invoice(self.other, 1000.0, may(15), may(15))
        b2._overdue_set_dispute("Quantity short")
        b2.sudo().overdue_dispute_date = may(21)
        self._cron(date(2026, 6, 15))
        case_a, case_b = self._case(), self._case(self.other)
        case_a.sudo().user_id = self.collector
        case_b.sudo().user_id = self.collection_lead
        # recorded back then: as the superuser, who may date them
        promises = self.env["ar.collection.promise"].sudo()
        for amount, given, due in ((500.0, may(2), may(8)), (800.0, may(10), may(20))):
            promises.create(
                {
                    "case_id": case_b.id,
                    "amount": amount,
                    "given_date": given,
                    "date": due,
                }
            )
        self.env["ar.collection.promise"]._promise_settle(may(21))

    def _measures(self, dimension, user=None, date_from=MAY_1, date_to=MAY_31):
        wizard = (
            self.env["ar.collection.measure"]
            .with_user(user or self.collector)
            .create(
                {"date_from": date_from, "date_to": date_to, "dimension": dimension}
            )
        )
        return wizard, {row["name"]: row for row in wizard.measure_figures()}

    def test_company_measures_to_the_cent(self):
        self._may()
        _wizard, rows = self._measures("company")
        row = rows[self.company.name]
        self.assertEqual(
            {
                key: row[key]
                for key in (
                    "credit_sales",
                    "opening_receivable",
                    "closing_receivable",
                    "closing_current",
                    "overdue_at_start",
                    "fell_overdue",
                    "overdue_collected",
                    "invoices",
                    "disputed_invoices",
                    "promises_kept",
                    "promises_broken",
                )
            },
            {
                "credit_sales": 10500.0,
                "opening_receivable": 1000.0,
                "closing_receivable": 8100.0,
                "closing_current": 3000.0,
                "overdue_at_start": 1000.0,
                "fell_overdue": 7000.0,
                "overdue_collected": 2400.0,
                "invoices": 4,
                "disputed_invoices": 1,
                "promises_kept": 1,
                "promises_broken": 1,
            },
        )
        # DSO 8,100 / 10,500 x 31; best 3,000 / 10,500 x 31
        self.assertEqual(
            (row["dso"], row["best_dso"], row["add"]), (23.91, 8.86, 15.05)
        )
        # (1,000 + 10,500 - 8,100) / (1,000 + 10,500 - 3,000)
        self.assertEqual(row["cei"], 40.0)
        # 2,400 / (1,000 + 2,000 + 4,000 + 1,000)
        self.assertEqual(row["recovery_rate"], 30.0)
        self.assertEqual(row["bad_debt_rate"], 0.0)
        self.assertEqual(row["promise_kept_rate"], 50.0)
        self.assertEqual((row["dispute_rate"], row["dispute_age"]), (25.0, 10.0))

    def test_per_collector_and_per_country(self):
        self._may()
        _wizard, rows = self._measures("collector")
        mine, lead = rows[self.collector.name], rows[self.collection_lead.name]
        self.assertEqual(
            (mine["dso"], mine["recovery_rate"], mine["promise_kept_rate"]),
            (21.36, 80.0, None),
        )
        self.assertEqual(
            (lead["dso"], lead["recovery_rate"], lead["promise_kept_rate"]),
            (25.83, 0.0, 50.0),
        )
        _wizard, rows = self._measures("country")
        self.assertEqual(sorted(rows), ["Belgium", "Germany"])
        self.assertEqual(rows["Belgium"]["credit_sales"], 4500.0)
        # (0 + 6,000 - 5,000) / (0 + 6,000 - 0)
        self.assertEqual(rows["Germany"]["cei"], 16.67)

    def test_the_screen_shows_undefined_measures_as_a_dash(self):
        self._may()
        wizard, _rows = self._measures("collector")
        wizard.action_compute()
        line = wizard.line_ids.filtered(lambda row: row.name == self.collector.name)
        self.assertEqual((line.dso, line.recovery_rate), ("21.36", "80.00 %"))
        self.assertEqual((line.promise_kept_rate, line.bad_debt_rate), ("—", "0.00 %"))
        # a period without sales has no DSO
        wizard.write({"date_from": date(2026, 3, 1), "date_to": date(2026, 3, 31)})
        wizard.action_compute()
        self.assertEqual(set(wizard.line_ids.mapped("dso")), {"—"})
        _wizard, rows = self._measures("company", date_from=may(21), date_to=may(24))
        self.assertIsNone(rows[self.company.name]["dso"])

    def test_measures_of_his_companies_only(self):
        other_company = self.other_company
        with self.assertRaises(AccessError):
            self.env["ar.collection.measure"].with_user(self.collector).create(
                {"company_id": other_company.id, "dimension": "company"}
            )

    def test_salesperson_without_collection_group_cannot_open_it(self):
        seller = self._user("ar_seller_only", "account.group_account_invoice")
        with self.assertRaises(AccessError):
            self.env["ar.collection.measure"].with_user(seller).create(
                {"dimension": "company"}
            )


class TestCollectionMeasuresTitle(CollectionCommon):
    def test_the_screen_is_named_by_its_period(self):
        measure = self.env["ar.collection.measure"].create(
            {"date_from": date(2026, 5, 1), "date_to": date(2026, 5, 31)}
        )
        self.assertEqual(
            measure.display_name, "Collection Measures 05/01/2026 - 05/31/2026"
        )
