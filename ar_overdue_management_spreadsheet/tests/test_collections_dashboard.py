"""The Collections dashboard: shipped, readable, built on fields that
exist, filtered by period and company, and in Chinese."""

import json
import re
from datetime import timedelta

from odoo import fields
from odoo.addons.ar_overdue_management.tests.common import post_invoice
from odoo.tests import TransactionCase, new_test_user, tagged
from odoo.tools.translate import extract_formula_terms

COLLECTION_USER = "ar_overdue_management.group_ar_collection_user"
MODULE = "ar_overdue_management_spreadsheet"
LANGS = ("zh_CN", "zh_TW")


@tagged("post_install", "-at_install")
class TestCollectionsDashboard(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.dashboard = cls.env.ref(
            "ar_overdue_management_spreadsheet.spreadsheet_dashboard_collections"
        )
        cls.collector = new_test_user(
            cls.env,
            login="dashboard_collector",
            groups=f"base.group_user,{COLLECTION_USER}",
        )
        cls.employee = new_test_user(
            cls.env, login="dashboard_employee", groups="base.group_user"
        )
        cls.data = json.loads(cls.dashboard.spreadsheet_data)

    def _check_fields(self, model, names, what):
        """Every name is a field of the model (``__count`` is the record count)."""
        fields = self.env[model]._fields
        for name in names:
            if name != "__count":
                self.assertIn(name, fields, f"{what}: {model} has no field {name}")

    def _domain_fields(self, domain):
        """The field names of a domain's leaves."""
        return [leaf[0] for leaf in domain if isinstance(leaf, list | tuple)]

    def test_dashboard_loads(self):
        """The spreadsheet is one sheet of pivots and lists over the addon's models."""
        self.assertEqual(self.dashboard.name, "Collections")
        self.assertEqual(len(self.data["sheets"]), 1)
        self.assertTrue(self.data["pivots"])
        self.assertTrue(self.data["lists"])
        models = {p["model"] for p in self.data["pivots"].values()}
        models |= {li["model"] for li in self.data["lists"].values()}
        self.assertEqual(
            models,
            {
                "ar.receivable.snapshot",
                "ar.collection.case",
                "ar.collection.promise",
                "ar.writeoff.request",
                "ar.collection.scorecard",
                "ar.forecast.line",
                "ar.forecast.accuracy",
            },
        )

    def test_no_figure_typed_in(self):
        """Every cell is a title or a formula: no number is typed in."""
        for ref, cell in self.data["sheets"][0]["cells"].items():
            content = cell.get("content", "")
            self.assertTrue(
                content.startswith("="), f"{ref} holds {content!r}, not a formula"
            )

    def test_pivots_read_by_collector(self):
        """Each pivot names existing fields and a collector can group by them."""
        for pivot in self.data["pivots"].values():
            model = pivot["model"]
            measures = [m["fieldName"] for m in pivot["measures"]]
            dimensions = [d["fieldName"] for d in pivot["rows"] + pivot["columns"]]
            self._check_fields(model, measures, pivot["name"])
            self._check_fields(model, dimensions, pivot["name"])
            self._check_fields(
                model, self._domain_fields(pivot["domain"]), pivot["name"]
            )
            groupby = [
                f"{d['fieldName']}:{d['granularity']}"
                if d.get("granularity")
                else d["fieldName"]
                for d in pivot["rows"] + pivot["columns"]
            ]
            aggregates = [
                m["fieldName"]
                if m["fieldName"] == "__count"
                else f"{m['fieldName']}:{m.get('aggregator', 'sum')}"
                for m in pivot["measures"]
            ]
            records = self.env[model].with_user(self.collector)
            records.read_group(pivot["domain"], aggregates, groupby, lazy=False)

    def test_lists_read_by_collector(self):
        """Each list names existing fields and a collector can read its rows."""
        for olist in self.data["lists"].values():
            model = olist["model"]
            order = [o["name"] for o in olist["orderBy"]]
            self._check_fields(model, olist["columns"], olist["name"])
            self._check_fields(model, order, olist["name"])
            self._check_fields(
                model, self._domain_fields(olist["domain"]), olist["name"]
            )
            records = self.env[model].with_user(self.collector)
            records.search_read(
                olist["domain"],
                olist["columns"],
                order=", ".join(
                    f"{o['name']} {'asc' if o['asc'] else 'desc'}"
                    for o in olist["orderBy"]
                ),
                limit=10,
            )

    def test_formulas_name_defined_pivots_and_lists(self):
        """The formulas use every pivot and list of the file, and only those."""
        text = " ".join(
            cell.get("content", "") for cell in self.data["sheets"][0]["cells"].values()
        )
        pivots = set(re.findall(r"PIVOT(?:\.VALUE|\.HEADER)?\((\d+),", text))
        lists = set(re.findall(r"ODOO\.LIST(?:\.HEADER)?\((\d+),", text))
        self.assertEqual(pivots, set(self.data["pivots"]))
        self.assertEqual(lists, set(self.data["lists"]))

    def test_visible_to_collectors_only(self):
        """Collectors find the group and its dashboard in the Dashboards app."""
        groups = self.env["spreadsheet.dashboard.group"].with_user(self.collector)
        group = groups.search([("published_dashboard_ids", "!=", False)]).filtered(
            lambda g: g.name == "Collections"
        )
        self.assertEqual(group.published_dashboard_ids, self.dashboard)
        shown = self.dashboard.with_user(self.collector).get_readonly_dashboard()
        self.assertEqual(shown["snapshot"]["pivots"].keys(), self.data["pivots"].keys())
        others = self.env["spreadsheet.dashboard"].with_user(self.employee)
        self.assertFalse(others.search([("id", "=", self.dashboard.id)]))

    def _data_sources(self):
        """``(what, model, field matching)`` of every pivot and list."""
        return [
            (f"pivot {p['name']}", p["model"], p["fieldMatching"])
            for p in self.data["pivots"].values()
        ] + [
            (f"list {li['name']}", li["model"], li["fieldMatching"])
            for li in self.data["lists"].values()
        ]

    def test_a_period_and_a_company_filter(self):
        """A manager narrows the dashboard to a period and to companies."""
        filters = {f["type"]: f for f in self.data["globalFilters"]}
        self.assertEqual(len(filters), len(self.data["globalFilters"]))
        self.assertEqual(set(filters), {"date", "relation"})
        self.assertEqual(filters["date"]["label"], "Period")
        self.assertEqual(filters["relation"]["label"], "Company")
        self.assertEqual(filters["relation"]["modelName"], "res.company")
        # nothing filtered out until the user picks a period or a company
        self.assertFalse(filters["date"].get("defaultValue"))
        self.assertFalse(filters["relation"].get("defaultValue"))

    def test_every_pivot_and_list_follows_the_filters(self):
        """Each filter is matched, on every pivot and list, by a field of the
        right type of its model: a date for the period, the company."""
        filters = {f["id"]: f for f in self.data["globalFilters"]}
        for what, model, matching in self._data_sources():
            self.assertEqual(set(matching), set(filters), what)
            for filter_id, match in matching.items():
                field = self.env[model]._fields.get(match["chain"])
                self.assertTrue(field, f"{what}: {model} has no {match['chain']}")
                if filters[filter_id]["type"] == "date":
                    self.assertIn(field.type, ("date", "datetime"), what)
                    self.assertEqual(match["type"], field.type, what)
                    self.assertFalse(match.get("offset"), what)
                else:
                    self.assertEqual(match["chain"], "company_id", what)
                    self.assertEqual(
                        (field.type, field.comodel_name, match["type"]),
                        ("many2one", "res.company", "many2one"),
                        what,
                    )

    def test_texts_in_chinese(self):
        """The dashboard's titles and filter labels are in the translations
        the web client loads: the spreadsheet's ``_t`` reads them there."""
        terms = {
            term
            for cell in self.data["sheets"][0]["cells"].values()
            for term in extract_formula_terms(cell.get("content", ""))
        }
        terms |= {f["label"] for f in self.data["globalFilters"]}
        self.assertIn("Collections", terms)
        http = self.env["ir.http"]
        for lang in LANGS:
            self.env["res.lang"]._activate_lang(lang)
            with self.subTest(lang=lang):
                modules, _params = http.get_translations_for_webclient([MODULE], lang)
                shown = {m["id"]: m["string"] for m in modules[MODULE]["messages"]}
                self.assertEqual(sorted(terms - set(shown)), [], "untranslated")
                self.assertEqual(shown["Collections"], "催收管理")
                for term in terms:
                    self.assertNotEqual(shown[term], term, term)

    def test_named_in_chinese(self):
        """The Dashboards app lists the group and the dashboard in the
        collector's language."""
        for lang in LANGS:
            self.env["res.lang"]._activate_lang(lang)
        self.env["ir.module.module"]._load_module_terms([MODULE], list(LANGS))
        for lang in LANGS:
            dashboard = self.dashboard.with_user(self.collector).with_context(lang=lang)
            self.assertEqual(dashboard.name, "催收管理")
            self.assertEqual(dashboard.dashboard_group_id.name, "催收管理")

    def test_forecast_section_reads_the_latest_forecast(self):
        """The cash-in section sums the latest forecast of the company by
        week and source; an older forecast of the same debts stays out."""
        pivot = self.data["pivots"]["4"]
        customer = self.env["res.partner"].create({"name": "Forecast Customer"})
        today = fields.Date.today()
        monday = today - timedelta(days=today.weekday())
        for amount, due in ((1000.0, 9), (250.0, 23)):
            invoice = post_invoice(self.env, customer, amount, monday + timedelta(due))
            # issued three weeks before the forecast, due after it
            invoice.button_draft()
            invoice.invoice_date = monday - timedelta(weeks=3)
            invoice.invoice_date_due = monday + timedelta(due)
            invoice.action_post()
        runs = self.env["ar.forecast.run"]
        runs._forecast_make(self.env.company, monday - timedelta(weeks=1))
        runs._forecast_make(self.env.company, monday)
        lines = self.env[pivot["model"]].with_user(self.collector)
        rows = lines._read_group(
            pivot["domain"] + [("partner_id", "=", customer.id)],
            ["week_start:day", "source"],
            ["expected_amount:sum"],
        )
        self.assertEqual(
            sorted(rows),
            [
                (monday + timedelta(weeks=1), "due", 1000.0),
                (monday + timedelta(weeks=3), "due", 250.0),
            ],
        )

    def test_accuracy_section_averages_the_measured_weeks(self):
        """The accuracy section gives, by weeks ahead, the mean of the
        errors of the weeks measured (the demo's past forecasts)."""
        pivot = self.data["pivots"]["5"]
        accuracy = self.env[pivot["model"]].with_user(self.collector)
        measured = accuracy.search_read(
            pivot["domain"],
            ["horizon", "collected_amount", "error_percent", "naive_error_percent"],
        )
        self.assertTrue(measured, "the demo's forecasts have measured weeks")
        rows = accuracy._read_group(
            pivot["domain"],
            ["horizon"],
            ["error_percent:avg", "naive_error_percent:avg", "__count"],
        )
        self.assertEqual(len(rows), 13)
        for horizon, error, naive, count in rows:
            weeks = [m for m in measured if m["horizon"] == horizon]
            self.assertEqual(count, len(weeks))
            # a week that collected nothing has no error: left out of the mean
            weeks = [w for w in weeks if w["collected_amount"]]
            if not weeks:
                continue
            self.assertAlmostEqual(
                error, sum(w["error_percent"] for w in weeks) / len(weeks), places=6
            )
            self.assertAlmostEqual(
                naive,
                sum(w["naive_error_percent"] for w in weeks) / len(weeks),
                places=6,
            )
