"""The first screen of each worklist, as the web client opens it: the
action's default filters combined as the search view groups them (filters of
one group OR'ed, groups AND'ed).  My Cases shows the user's open cases only;
the lists of promises and statements show the work there is, not an empty
page."""

from collection_common import CollectionCommon, days
from lxml import etree
from odoo.osv import expression
from odoo.tools.safe_eval import safe_eval


class TestDefaultScreens(CollectionCommon):
    def _opened(self, action_xmlid, user):
        """The records the action shows ``user`` when it opens, and the
        groupings it starts with."""
        action = self.env.ref(action_xmlid)
        context = safe_eval(action.context or "{}", {"uid": user.id})
        model = self.env[action.res_model].with_user(user)
        view_id = action.search_view_id.id or False
        arch = etree.fromstring(
            model.get_views([(view_id, "search")])["views"]["search"]["arch"]
        )
        groups, current, group_by = [], [], []
        for node in arch.iter("filter", "separator", "group"):
            if node.tag != "filter":
                groups.append(current)
                current = []
                continue
            if not context.get(f"search_default_{node.get('name')}"):
                continue
            if node.get("domain"):
                current.append(
                    safe_eval(
                        node.get("domain"), {"uid": user.id, "context_today": None}
                    )
                )
            if node.get("context"):
                group_by.append(safe_eval(node.get("context")).get("group_by"))
        groups.append(current)
        domain = expression.AND(
            [expression.OR(group) for group in groups if group]
            + [action.domain and safe_eval(action.domain) or []]
        )
        return model.search(domain), group_by

    def test_my_cases_are_mine_and_open(self):
        mine = self._customer("Mine Ltd", salesperson=self.salesperson)
        closed = self._customer("Closed Ltd", salesperson=self.salesperson)
        others = self._customer("Others Ltd", salesperson=self.risk_manager)
        for partner in (mine, closed, others):
            self._invoice(partner, 500.00, days(-10))
        self._cron(days(0))
        cases = {p: self._case(p) for p in (mine, closed, others)}
        cases[others].sudo().user_id = self.risk_manager
        cases[closed].sudo().write({"stage": "closed", "closed_date": days(0)})
        shown, _group_by = self._opened(
            "ar_overdue_management.ar_collection_case_action_my", self.salesperson
        )
        self.assertEqual(shown, cases[mine])

    def test_promises_and_statements_open_on_the_work_there_is(self):
        self._invoice(self.customer, 900.00, days(-10))
        self._cron(days(0))
        case = self._case()
        promise = self._promise(case, 100.0, days(2), user=self.collector)
        promise.sudo().write({"state": "kept"})
        shown, group_by = self._opened(
            "ar_overdue_management.ar_collection_promise_action", self.collector
        )
        self.assertIn(promise, shown)
        self.assertEqual(group_by, ["state"])
        wizard = (
            self.env["ar.statement.wizard"]
            .with_user(self.collector)
            .with_context(active_model="res.partner", active_ids=self.customer.ids)
            .create({"date_from": days(-40), "date_to": days(0)})
        )
        statement = self.env["ar.statement"].browse(wizard.action_make()["res_id"])
        statement.with_user(self.collector).action_send()
        statement._statement_answer("Ms Chen")
        shown, group_by = self._opened(
            "ar_overdue_management.action_ar_statement", self.collector
        )
        self.assertIn(statement, shown)
        self.assertEqual(group_by, ["answer"])

    def test_the_customer_form_counts_and_opens_its_collection_documents(self):
        self._invoice(self.customer, 900.00, days(-10))
        self._cron(days(0))
        case = self._case()
        promise = self._promise(case, 100.0, days(2), user=self.collector)
        partner = self.customer.with_user(self.collector)
        self.assertEqual(
            (partner.ar_case_count, partner.ar_promise_count, partner.ar_plan_count),
            (1, 1, 0),
        )
        for method, record in (
            ("action_ar_cases", case),
            ("action_ar_promises", promise),
        ):
            action = getattr(partner, method)()
            shown = (
                self.env[action["res_model"]]
                .with_user(self.collector)
                .search(action["domain"])
            )
            self.assertEqual(shown, record)
        arch = partner.get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertIn('name="action_ar_cases"', arch)
        # a billing clerk sees no collection documents on the form
        clerk = self._user("ar_screen_clerk", "account.group_account_invoice")
        arch = self.customer.with_user(clerk).get_views([(False, "form")])["views"][
            "form"
        ]["arch"]
        self.assertNotIn("action_ar_cases", arch)
