"""The collector's Today screen: the cases needing an action today, as the
menu opens them (mine, by amount at risk, with why), the buttons of its
cards, the figures of the month, and the Collections menu in sections."""

from collection_common import CollectionCommon, days
from lxml import etree
from odoo.osv import expression
from odoo.tests import Form
from odoo.tools.safe_eval import safe_eval

ACTION = "ar_overdue_management.ar_collection_case_action_today"
MENU = "ar_overdue_management.ar_overdue_collections_menu"
TODAY_MENU = "ar_overdue_management.ar_collection_today_menu"


class TestToday(CollectionCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.big = cls._customer("Big Debts Ltd", salesperson=cls.collector)
        cls.middle = cls._customer("Answering Ltd", salesperson=cls.collector)
        cls.small = cls._customer("Next Step Ltd", salesperson=cls.collector)
        cls.late = cls._customer("Late Stage Ltd", salesperson=cls.collector)
        cls.quiet = cls._customer("Quiet Ltd", salesperson=cls.collector)
        cls.other = cls._customer("Somebody Else Ltd", salesperson=cls.risk_manager)
        for partner, amount in (
            (cls.big, 9000.0),
            (cls.middle, 7000.0),
            (cls.small, 5000.0),
            (cls.late, 3000.0),
            (cls.quiet, 2000.0),
            (cls.other, 8000.0),
        ):
            cls._invoice(partner, amount, days(-20))

    def _opened(self, user):
        """The cases the Today menu shows ``user`` as it opens: the action's
        default filters as its search view groups them, in the order of
        its kanban."""
        action = self.env.ref(ACTION)
        context = safe_eval(action.context or "{}", {"uid": user.id})
        model = self.env["ar.collection.case"].with_user(user)
        views = model.get_views(
            [
                (action.search_view_id.id, "search"),
                (action.view_ids[0].view_id.id, "kanban"),
            ]
        )["views"]
        groups, current = [], []
        for node in etree.fromstring(views["search"]["arch"]).iter(
            "filter", "separator"
        ):
            if node.tag == "separator":
                groups.append(current)
                current = []
            elif context.get(f"search_default_{node.get('name')}"):
                current.append(safe_eval(node.get("domain"), {"uid": user.id}))
        groups.append(current)
        domain = expression.AND([expression.OR(g) for g in groups if g])
        order = etree.fromstring(views["kanban"]["arch"]).get("default_order")
        return model.search(domain, order=order)

    def _prepare_day(self):
        """Cases opened today by the daily run, then one reason each."""
        self._cron(days(0))
        cases = {p: self._case(p) for p in (self.big, self.middle, self.small)}
        cases.update({p: self._case(p) for p in (self.late, self.quiet, self.other)})
        self._promise(cases[self.big], 1000.0, days(0), user=self.collector)
        self._log(cases[self.middle], channel="portal", answer="We shall pay on Friday")
        cases[self.small].with_user(self.collector).next_action_date = days(0)
        cases[self.late].sudo().action_deadline = days(-1)
        cases[self.other].sudo().write(
            {"user_id": self.risk_manager.id, "next_action_date": days(-2)}
        )
        return cases

    def test_my_day_by_amount_at_risk_with_the_reason(self):
        cases = self._prepare_day()
        shown = self._opened(self.collector)
        self.assertEqual(
            shown.mapped("partner_id"), self.big | self.middle | self.small | self.late
        )
        self.assertEqual(
            [c.partner_id for c in shown],
            [self.big, self.middle, self.small, self.late],
        )
        self.assertEqual(
            shown.mapped("today_reason"),
            ["promise_due", "answer_waiting", "next_action", "deadline"],
        )
        self.assertEqual(
            cases[self.big].with_user(self.collector).today_reasons, "Promise due"
        )
        self.assertFalse(cases[self.quiet].today_reason)

    def test_a_manager_removes_the_filter_and_sees_everyones_day(self):
        cases = self._prepare_day()
        manager = self._user(
            "ar_today_manager", "ar_overdue_management.group_ar_collection_manager"
        )
        model = self.env["ar.collection.case"].with_user(manager)
        everyone = model.search([("today_reason", "!=", False)])
        self.assertIn(cases[self.other], everyone)
        self.assertNotIn(cases[self.quiet], everyone)
        self.assertEqual(
            model.search([("today_reason", "=", "deadline")]), cases[self.late]
        )

    def test_searching_a_reason_finds_the_cards_that_show_it(self):
        cases = self._prepare_day()
        called_back = self._customer("Called Back Ltd", salesperson=self.collector)
        later = self._customer("Pays Later Ltd", salesperson=self.collector)
        broken = self._customer("Broke Its Word Ltd", salesperson=self.collector)
        for partner in (called_back, later, broken):
            self._invoice(partner, 1000.0, days(-20))
        self._cron(days(0))
        self._log(self._case(called_back), channel="portal", answer="Paid Monday")
        self.env["ar.collection.contact"].flush_model()
        self.env.cr.execute(
            "UPDATE ar_collection_contact SET create_date = create_date - interval '1 hour'"
            " WHERE case_id = %s",
            [self._case(called_back).id],
        )
        self.env["ar.collection.contact"].invalidate_model(["create_date"])
        self._log(self._case(called_back), channel="phone", answer="Confirmed")
        self._promise(self._case(later), 500.0, days(3), user=self.collector)
        # a promise given last week for yesterday (as recorded then)
        self.env["ar.collection.promise"].sudo().create(
            {
                "case_id": self._case(broken).id,
                "amount": 500.0,
                "date": days(-1),
                "given_date": days(-5),
            }
        )
        self._cron(days(0))
        self.env.invalidate_all()
        manager = self._user(
            "ar_today_lead", "ar_overdue_management.group_ar_collection_manager"
        )
        model = self.env["ar.collection.case"].with_user(manager)
        everyone = model.search([])
        labels = dict(model._fields["today_reason"]._description_selection(self.env))
        shown = {case: case.today_reasons.split(" · ") for case in everyone}
        self.assertEqual(
            model.search([("today_reason", "!=", False)]),
            everyone.filtered(lambda c: c.today_reasons),
        )
        for reason, label in labels.items():
            self.assertEqual(
                model.search([("today_reason", "=", reason)]),
                everyone.filtered(lambda c, lbl=label: lbl in shown[c]),
                reason,
            )
        self.assertEqual(
            model.search([("today_reason", "=", False)]),
            everyone.filtered(lambda c: not c.today_reasons),
        )
        self.assertEqual(
            model.search([("today_reason", "!=", "deadline")]),
            everyone.filtered(lambda c: labels["deadline"] not in shown[c]),
        )
        self.assertEqual(
            shown[self._case(broken)], ["Promise broken"], "broken the day before"
        )
        self.assertFalse(self._case(called_back).today_reason)
        self.assertFalse(self._case(later).today_reason)
        self.assertIn(cases[self.middle], model.search([("today_reason", "!=", False)]))

    def test_the_answer_leaves_the_list_once_the_collector_calls_back(self):
        case = self._prepare_day()[self.middle]
        self.assertEqual(case.with_user(self.collector).today_reason, "answer_waiting")
        self.env["ar.collection.contact"].flush_model()
        self.env.cr.execute(
            "UPDATE ar_collection_contact SET create_date = create_date - interval '1 hour'"
            " WHERE case_id = %s",
            [case.id],
        )
        self.env["ar.collection.contact"].invalidate_model(["create_date"])
        self._log(case, channel="phone", answer="Confirmed Friday")
        case.invalidate_recordset()
        self.assertFalse(case.with_user(self.collector).today_reason)

    def test_promise_button_opens_the_promise_form_of_the_case(self):
        case = self._prepare_day()[self.small].with_user(self.collector)
        action = case.action_new_promise()
        self.assertEqual(action["res_model"], "ar.collection.promise")
        self.assertEqual(action["target"], "new")
        form = Form(
            self.env["ar.collection.promise"]
            .with_user(self.collector)
            .with_context(**action["context"])
        )
        self.assertEqual(form.case_id, case)
        self.assertEqual(form.amount, 5000.0)
        form.date = days(5)
        promise = form.save()
        self.assertEqual(promise.case_id, case)
        self.assertEqual(case.today_reason, "next_action")

    def test_letter_button_prepares_the_letter_of_the_case(self):
        case = self._prepare_day()[self.big].with_user(self.collector)
        action = case.action_send_letter()
        self.assertEqual(action["res_model"], "ar.dunning.send.wizard")
        wizard = (
            self.env["ar.dunning.send.wizard"]
            .with_user(self.collector)
            .with_context(**action["context"])
            .create({})
        )
        self.assertEqual(wizard.case_ids, case)

    def test_cards_carry_the_three_buttons(self):
        arch = self.env.ref(
            "ar_overdue_management.ar_collection_case_view_kanban_today"
        ).arch
        names = etree.fromstring(arch).xpath("//button/@name")
        self.assertEqual(
            names, ["action_log_contact", "action_new_promise", "action_send_letter"]
        )

    def test_my_figures_of_the_month(self):
        invoice = self._invoice(self.quiet, 1500.0, days(-20))
        self._cron(days(0))
        case = self._case(self.quiet)
        self._promise(case, 3500.0, days(3), user=self.collector)
        self._pay(invoice | case.invoice_ids, payment_date=days(0))
        self._cron(days(0))
        figures = (
            self.env["ar.collection.case"].with_user(self.collector).today_figures()
        )
        self.assertEqual(figures["collected"], 3500.0)
        self.assertEqual(figures["closed"], 1)
        self.assertEqual(figures["kept"], 1)
        self.assertEqual(
            self.env["ar.collection.case"]
            .with_user(self.risk_manager)
            .today_figures()["kept"],
            0,
        )


class TestCollectionsMenu(CollectionCommon):
    def _children(self, menu):
        return [m.get_external_id()[m.id].split(".")[1] for m in menu.child_id.sorted()]

    def test_sections_with_their_entries(self):
        menu = self.env.ref(MENU).sudo()
        self.assertEqual(
            [m.name for m in menu.child_id.sorted()],
            [
                "Today",
                "Customers",
                "Letters and Statements",
                "Provision and Write-off",
                "Reporting",
                "Internal Audit",
                "Configuration",
            ],
        )
        sections = {m.name: m for m in menu.child_id}
        self.assertEqual(
            self._children(sections["Customers"]),
            [
                "ar_collection_case_my_menu",
                "ar_collection_case_menu",
                "res_partner_overdue_menu",
                "account_move_overdue_menu",
                "ar_collection_promise_menu",
                "ar_collection_plan_menu",
                "ar_overdue_confirmation_menu",
            ],
        )
        self.assertEqual(
            self._children(sections["Letters and Statements"]),
            [
                "ar_dunning_letter_menu",
                "ar_statement_menu",
                "ar_statement_unanswered_menu",
            ],
        )
        self.assertIn("ar_provision_line_menu", self._children(sections["Reporting"]))
        self.assertIn("ar_aging_report_menu", self._children(sections["Reporting"]))
        self.assertIn("ar_overdue_tier_menu", self._children(sections["Configuration"]))
        self.assertIn(
            "ar_dunning_level_menu", self._children(sections["Configuration"])
        )
        self.assertEqual(self.env.ref(TODAY_MENU).action, self.env.ref(ACTION))

    def test_groups_stay_on_each_entry(self):
        manager_only = self.env.ref("ar_overdue_management.ar_overdue_tier_menu")
        self.assertEqual(
            manager_only.groups_id,
            self.env.ref("ar_overdue_management.group_ar_collection_manager"),
        )
        provision = self.env.ref("ar_overdue_management.ar_provision_wizard_menu")
        self.assertEqual(
            provision.groups_id, self.env.ref("account.group_account_manager")
        )

    def test_collector_sees_today_a_salesperson_does_not(self):
        menus = self.env["ir.ui.menu"]
        today = self.env.ref(TODAY_MENU)
        billing = self._user("ar_today_billing", "account.group_account_invoice")
        self.assertIn(today.id, menus.with_user(self.collector)._visible_menu_ids())
        self.assertNotIn(today.id, menus.with_user(billing)._visible_menu_ids())
        self.assertNotIn(
            self.env.ref(MENU).id, menus.with_user(billing)._visible_menu_ids()
        )
        tiers = self.env.ref("ar_overdue_management.ar_overdue_tier_menu")
        self.assertNotIn(tiers.id, menus.with_user(self.collector)._visible_menu_ids())
