"""What the screens offer: the invoice filters and grouping by tier, the
Collections tab of the customer form, the aging analysis views and the
scheduled action as Odoo runs it."""

from common import TODAY, OverdueCommon, days
from freezegun import freeze_time
from lxml import etree
from odoo.addons.ar_overdue_management.models.core.ar_receivable import (
    aging_field_names,
)
from odoo.tools.safe_eval import safe_eval


class TestOverdueScreens(OverdueCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer = cls._customer("Harbour Foods", salesperson=cls.salesperson)
        cls.invoicing_user = cls._user("ar_invoicing", "account.group_account_invoice")
        cls.collector = cls._user(
            "ar_collector", "ar_overdue_management.group_ar_collection_user"
        )

    def _arch(self, model, view_type, user):
        views = self.env[model].with_user(user).get_views([(False, view_type)])
        return etree.fromstring(views["views"][view_type]["arch"])

    def test_invoice_filters_by_days_overdue_and_tier(self):
        not_due = self._invoice(self.customer, 100.0, TODAY)
        inv_20 = self._invoice(self.customer, 100.0, days(-20))
        inv_45 = self._invoice(self.customer, 100.0, days(-45))
        inv_90 = self._invoice(self.customer, 100.0, days(-90))
        ours = [("id", "in", (inv_20 | inv_45 | inv_90 | not_due).ids)]
        arch = self._arch("account.move", "search", self.invoicing_user)
        Move = self.env["account.move"].with_user(self.invoicing_user)

        def filtered(name):
            [node] = arch.xpath(f"//filter[@name='{name}']")
            return Move.search(ours + safe_eval(node.get("domain")))

        self.assertEqual(filtered("overdue_over_30"), inv_45 | inv_90)
        self.assertEqual(filtered("overdue_over_60"), inv_90)
        self.assertEqual(filtered("overdue_tiered"), inv_20 | inv_45 | inv_90)
        self.assertTrue(arch.xpath("//filter[@name='group_by_overdue_tier']"))

    def test_overdue_invoices_menu_groups_by_tier(self):
        self._invoice(self.customer, 100.0, days(-20))
        self._invoice(self.customer, 150.0, days(-25))
        self._invoice(self.customer, 300.0, days(-45))
        action = self.env.ref("ar_overdue_management.account_move_action_overdue")
        context = safe_eval(action.context)
        self.assertEqual(context.get("search_default_group_by_overdue_tier"), 1)
        groups = (
            self.env["account.move"]
            .with_user(self.collector)
            .web_read_group(
                safe_eval(action.domain)
                + [
                    ("partner_id", "=", self.customer.id),
                    ("overdue_tier_id", "!=", False),
                ],
                ["amount_total:sum"],
                ["overdue_tier_id"],
            )["groups"]
        )
        self.assertEqual(
            [
                (g["overdue_tier_id"][1], g["overdue_tier_id_count"], g["amount_total"])
                for g in groups
            ],
            [("Mild", 2, 250.0), ("Moderate", 1, 300.0)],
        )

    def test_customer_form_has_collections_tab(self):
        arch = self._arch("res.partner", "form", self.invoicing_user)
        [page] = arch.xpath("//page[@name='ar_collections']")
        shown = set(page.xpath(".//field/@name"))
        self.assertLessEqual(
            {
                "overdue_tier_id",
                "overdue_traffic_light",
                "overdue_open_amount",
                "overdue_amount",
                "overdue_ratio",
                "overdue_max_days",
                *aging_field_names("aging").values(),
            },
            shown,
        )

    def test_aging_analysis_offers_pivot_graph_and_list(self):
        action = self.env.ref("ar_overdue_management.ar_aging_report_action")
        self.assertEqual(action.view_mode, "pivot,graph,list")
        views = (
            self.env["ar.aging.report"]
            .with_user(self.collector)
            .get_views([(False, "pivot"), (False, "graph"), (False, "list")])
        )
        self.assertEqual(set(views["views"]), {"pivot", "graph", "list"})

    def test_daily_scheduled_action_classifies_and_reports_progress(self):
        invoice = self._invoice(self.customer, 100.0, TODAY)
        cron = self.env.ref("ar_overdue_management.ir_cron_overdue_refresh")
        self.assertTrue(cron.active)
        self.assertEqual((cron.interval_number, cron.interval_type), (1, "days"))
        with freeze_time(days(5)):
            cron.method_direct_trigger()
        self.assertEqual(invoice.overdue_tier_id, self.mild)
        progress = self.env["ir.cron.progress"].search([("cron_id", "=", cron.id)])
        self.assertEqual(progress.mapped(lambda p: (p.done, p.remaining)), [(1, 0)])
        self.assertEqual(self._warnings(self.customer).user_id, self.salesperson)
