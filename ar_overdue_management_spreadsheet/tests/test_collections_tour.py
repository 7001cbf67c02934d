"""A collector's morning in a real browser (Odoo's tours, headless
Chromium): the Collections dashboard shows the open case prepared here,
then the Today screen shows its card, and a call logged from the card is
the case's first contact.  Run by odoo-bin (``--test-tags
/ar_overdue_management_spreadsheet``), which starts the HTTP server."""

from datetime import timedelta

from odoo import Command, fields
from odoo.addons.ar_overdue_management.tests.common import post_invoice
from odoo.tests import HttpCase, new_test_user, tagged

COLLECTION_USER = "ar_overdue_management.group_ar_collection_user"
#: the customer the tours look for (``collections_tour.js``)
CUSTOMER = "Tour Harbour Foods"


@tagged("post_install", "-at_install")
class TestCollectionsTour(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # a company of its own: the dashboard and Today show its case only
        cls.company = cls.env["res.company"].create(
            {"name": "Tour Collections Co", "ar_credit_hold_enforced": False}
        )
        cls.env["account.chart.template"].try_loading(
            "generic_coa", company=cls.company, install_demo=False
        )
        # the first contact of a new case is due the day it opens
        cls.company.ar_deadline_reminder_days = 0
        cls.collector = new_test_user(
            cls.env,
            login="tour_collector",
            groups=f"base.group_user,{COLLECTION_USER}",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )
        cls.customer = cls.env["res.partner"].create(
            {"name": CUSTOMER, "is_company": True, "user_id": cls.collector.id}
        )
        today = fields.Date.context_today(cls.collector)
        due = today - timedelta(days=10)
        post_invoice(cls.env, cls.customer, 1250.0, due, company=cls.company)
        cls.env["account.move"]._cron_overdue_refresh(as_of=today)
        cls.case = cls.env["ar.collection.case"].search(
            [("partner_id", "=", cls.customer.id), ("stage", "!=", "closed")]
        )
        cls.today = today

    def test_dashboard_then_a_call_from_today(self):
        case = self.case.with_user(self.collector)
        self.assertEqual(
            (case.user_id, case.overdue_amount, case.today_reason),
            (self.collector, 1250.0, "deadline"),
        )
        self.start_tour(
            "/odoo", "ar_collections_dashboard_and_today", login="tour_collector"
        )
        contact = case.contact_ids
        self.assertEqual(
            (contact.user_id, contact.channel, contact.contact_name, contact.answer),
            (self.collector, "phone", "Ms Lin", "Will pay on Friday"),
        )
        self.assertEqual(case.first_action_date, self.today)
        self.assertFalse(case.today_reason)
        logged = case.message_ids.filtered(
            lambda m: "Will pay on Friday" in (m.body or "")
        )
        self.assertEqual(logged.author_id, self.collector.partner_id)

    def test_dashboard_in_simplified_chinese(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(
            ["ar_overdue_management_spreadsheet"], ["zh_CN"]
        )
        self.collector.lang = "zh_CN"
        self.start_tour(
            "/odoo", "ar_collections_dashboard_zh_CN", login="tour_collector"
        )
