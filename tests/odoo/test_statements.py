"""Statements of account on real Odoo: the figures read back from the
ledger to the cent (opening, movements, closing, aging on the period's last
day), the monthly run (once per customer and period, in batches, resumed
without doubles, monthly or quarterly per customer), sent only once the
e-mail left, the customer's answer (recorded on the customer and its case;
a disputed invoice goes into dispute unless it keeps the customer on hold),
unanswered statements listed for the owner once, and who may see them."""

import shutil
import subprocess
from datetime import date

from collection_common import CollectionCommon, days
from odoo.exceptions import AccessError, UserError

MAY = (date(2026, 5, 1), date(2026, 5, 31))


class TestStatements(CollectionCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer.email = "accounts@harbour.example"
        # the history below is partly over 60 days overdue: no hold stops it
        cls.company.ar_credit_hold_enforced = False

    def _history(self):
        """Invoice A 1,000.00 (10 April) paid 300.00 on 20 April: 700.00
        owed on 1 May.  In May: invoice B 500.00 (20 May), credit note C
        80.00 (25 May, not applied), 200.00 paid on A (28 May).  After May:
        the rest of A paid (5 June), invoice D 50.00 (10 June)."""
        inv_a = self._invoice(self.customer, 1000.00, date(2026, 4, 10))
        self._pay(inv_a, 300.00, payment_date=date(2026, 4, 20))
        inv_b = self._invoice(self.customer, 500.00, date(2026, 5, 20))
        ref_c = self._invoice(
            self.customer, 80.00, date(2026, 5, 25), move_type="out_refund"
        )
        pay_may = self._pay(inv_a, 200.00, payment_date=date(2026, 5, 28))
        self._pay(inv_a, 500.00, payment_date=date(2026, 6, 5))
        self._invoice(self.customer, 50.00, date(2026, 6, 10))
        return inv_a, inv_b, ref_c, pay_may

    def _make(self, partner=None, period=MAY, user=None):
        wizard = (
            self.env["ar.statement.wizard"]
            .with_user(user or self.collector)
            .with_context(
                active_model="res.partner", active_ids=(partner or self.customer).ids
            )
            .create({"date_from": period[0], "date_to": period[1]})
        )
        action = wizard.action_make()
        return self.env["ar.statement"].browse(action["res_id"])

    def _ledger(self, domain):
        groups = self.env["account.move.line"]._read_group(
            [
                ("partner_id", "=", self.customer.id),
                ("company_id", "=", self.company.id),
                ("account_id.account_type", "=", "asset_receivable"),
                ("parent_state", "=", "posted"),
                *domain,
            ],
            [],
            ["balance:sum"],
        )
        return groups[0][0]

    def _run(self, as_of, batch_size=None):
        # the other companies' statements are theirs: keep them out of the counts
        self.env["res.company"].search([("id", "!=", self.company.id)]).write(
            {"ar_statement_done_until": date(2099, 1, 1)}
        )
        return self.env["ar.statement"]._cron_statement_run(
            as_of=as_of, batch_size=batch_size
        )

    def _statements(self, partner=None):
        return self.env["ar.statement"].search(
            [("partner_id", "=", (partner or self.customer).id)], order="id"
        )

    def test_figures_to_the_cent_against_the_ledger(self):
        inv_a, inv_b, ref_c, pay_may = self._history()
        statement = self._make()
        self.assertEqual(statement.opening_balance, 700.00)
        self.assertEqual(
            statement.opening_balance, self._ledger([("date", "<", MAY[0])])
        )
        self.assertEqual(
            [
                (line.move_id, line.kind, line.debit, line.credit, line.balance)
                for line in statement.line_ids
            ],
            [
                (inv_b, "invoice", 500.00, 0.0, 1200.00),
                (ref_c, "refund", 0.0, 80.00, 1120.00),
                (pay_may.move_id, "payment", 0.0, 200.00, 920.00),
            ],
        )
        self.assertEqual(
            (statement.invoiced, statement.credited, statement.paid),
            (500.00, 80.00, 200.00),
        )
        self.assertEqual(statement.closing_balance, 920.00)
        self.assertEqual(
            statement.closing_balance, self._ledger([("date", "<=", MAY[1])])
        )
        # on 31 May, A (due 10 April) still had 500.00 open: 51 days; B and
        # the credit note were 11 and 6 days past due
        self.assertEqual(
            (
                statement.aging_not_due,
                statement.aging_1_30,
                statement.aging_31_60,
                statement.aging_61_90,
                statement.aging_credits,
            ),
            (0.0, 500.00, 500.00, 0.0, -80.00),
        )
        self.assertEqual(inv_a.payment_state, "paid")  # paid since: not on the aging
        self.assertEqual(statement.case_id, self._case())
        self.assertEqual(statement.state, "draft")

    def test_period_must_make_sense_and_statements_are_not_edited(self):
        self._history()
        with self.assertRaises(UserError):
            self._make(period=(date(2026, 5, 31), date(2026, 5, 1)))
        statement = self._make()
        admin = self.env.ref("base.user_admin")
        for user in (self.collector, admin):
            with self.assertRaises(UserError):
                statement.with_user(user).write({"closing_balance": 0.0})
        statement.sudo()._mailed_mark_sent()
        with self.assertRaises(UserError):
            statement.with_user(admin).unlink()
        self.assertEqual(statement.closing_balance, 920.00)

    def test_monthly_run_makes_one_statement_per_period_in_batches(self):
        self._history()
        quiet = self._customer("Quiet Ltd", email="quiet@example.com")
        never = self._customer("Never Ltd", email="never@example.com")
        never.ar_statement_frequency = "never"
        quarterly = self._customer("Quarter Ltd", email="quarter@example.com")
        quarterly.ar_statement_frequency = "quarterly"
        other = self._customer("Second Foods", email="second@example.com")
        for partner in (never, quarterly, other):
            self._invoice(partner, 100.00, date(2026, 5, 10))
        # before the statement day nothing is made
        self.company.ar_statement_day = 3
        self.assertEqual(self._run(date(2026, 6, 2))["done"], 0)
        first = self._run(date(2026, 6, 3), batch_size=1)
        self.assertEqual((first["done"], first["remaining"]), (1, 1))
        second = self._run(date(2026, 6, 3), batch_size=1)
        self.assertEqual((second["done"], second["remaining"]), (1, 0))
        self.assertEqual(self._run(date(2026, 6, 4))["done"], 0)
        made = self.env["ar.statement"].search([("company_id", "=", self.company.id)])
        self.assertEqual(made.partner_id, self.customer | other)
        self.assertEqual(set(made.mapped("date_from")), {MAY[0]})
        self.assertTrue(all(made.mapped("scheduled")))
        self.assertEqual(set(made.mapped("state")), {"queued"})
        self.assertFalse(self._statements(quiet))
        # the quarterly customer gets the quarter in July
        self.assertEqual(self._run(date(2026, 7, 3))["done"], 3)
        self.assertEqual(
            (
                self._statements(quarterly).date_from,
                self._statements(quarterly).date_to,
            ),
            (date(2026, 4, 1), date(2026, 6, 30)),
        )

    def test_sent_only_once_the_mail_left_then_an_answer_is_expected(self):
        self._history()
        statement = self._make()
        statement.with_user(self.collector).action_send()
        self.assertEqual(statement.state, "queued")
        link = statement._statement_portal_link()
        self.assertIn(f"/my/ar_statements/{statement.id}?access_token=", link)
        self.assertIn(link.replace("&", "&amp;"), statement.mail_id.body_html)
        self._deliver(server_up=False)
        self.assertEqual(statement.state, "failed")
        self.assertFalse(statement.answer_deadline)
        # the next run tries again; the mail leaves
        self._run(days(1))
        self.assertEqual(statement.state, "queued")
        self._deliver()
        self.assertEqual((statement.state, statement.sent_date), ("sent", days(0)))
        self.assertEqual(statement.answer_deadline, days(10))

    def test_a_statement_not_sent_is_sent_again_from_the_list_once(self):
        self._history()
        statement = self._make()
        statement.with_user(self.collector).action_send()
        self._deliver(server_up=False)
        self.assertEqual(statement.state, "failed")
        mine = statement.with_user(self.collector)
        self.assertIn("Connection failed", mine.failure)
        arch = mine.get_views([(False, "list")])["views"]["list"]["arch"]
        for label in ('string="Send by E-mail"', 'string="Print"', 'name="failure"'):
            self.assertIn(label, arch)
        mine.action_send()
        self._deliver()
        self.assertEqual(statement.state, "sent")
        mails = self.env["mail.mail"].search(
            [("model", "=", "ar.statement"), ("res_id", "=", statement.id)]
        )
        self.assertEqual(len(mails), 1)
        self.assertEqual(len(self._statements()), 1)
        with self.assertRaisesRegex(UserError, "went out already"):
            mine.action_send()

    def _sent(self):
        statement = self._make()
        statement.with_user(self.collector).action_send()
        self._deliver()
        return statement

    def test_confirmed_balance_recorded_on_the_customer_and_its_case(self):
        self._history()
        self._cron(days(0))
        case = self._case()
        statement = self._sent()
        with self.assertRaises(UserError):
            statement._statement_answer("")
        statement._statement_answer("Ms Chen")
        self.assertEqual(
            (statement.answer, statement.answer_name), ("confirmed", "Ms Chen")
        )
        self.assertEqual(set(statement.line_ids.mapped("answer")), {"confirmed"})
        contact = case.contact_ids.filtered(lambda c: c.channel == "portal")
        self.assertEqual((contact.written, contact.answered), (True, True))
        self.assertIn("920.00", contact.answer)
        self.assertTrue(
            any(statement.name in (m.body or "") for m in self.customer.message_ids)
        )
        with self.assertRaises(UserError):
            statement._statement_answer(
                "Mr Wang", "changed my mind", statement.line_ids[:1].ids
            )

    def test_only_the_latest_statement_of_a_period_is_answered(self):
        _inv_a, inv_b, _ref_c, _pay = self._history()
        old = self._sent()
        new = self._sent()
        line_b = old.line_ids.filtered(lambda line: line.move_id == inv_b)
        with self.assertRaises(UserError) as caught:
            old._statement_answer("Ms Chen", "wrong", line_b.ids, "price")
        self.assertIn("newer statement", str(caught.exception))
        self.assertEqual(old.answer, "none")
        self.assertFalse(inv_b.overdue_disputed)
        new._statement_answer("Ms Chen")
        self.assertEqual(new.answer, "confirmed")

    def test_the_answer_is_bounded(self):
        self._history()
        statement = self._sent()
        for name, comment in (("x" * 129, ""), ("Ms Chen", "y" * 2001)):
            with self.assertRaises(UserError):
                statement._statement_answer(
                    name, comment, statement.line_ids[:1].ids if comment else ()
                )
        self.assertEqual(statement.answer, "none")

    def test_the_customers_answer_is_no_work_of_the_collector(self):
        self._history()
        self._cron(days(0))
        case = self._case()
        statement = self._sent()
        case.activity_schedule(
            "mail.mail_activity_data_todo",
            summary="Call the customer",
            user_id=case.user_id.id,
        )
        first_action = case.first_action_date
        statement._statement_answer("Ms Chen")
        self.assertEqual(case.first_action_date, first_action)
        self.assertTrue(
            case.activity_ids.filtered(lambda a: a.summary == "Call the customer")
        )

    def test_the_link_key_is_read_by_nobody_but_the_system(self):
        self._history()
        statement = self._sent()
        self.assertTrue(statement.sudo().access_token)
        readonly = self._user("ar_stmt_auditor", "account.group_account_readonly")
        for user in (self.collector, readonly):
            with self.assertRaises(AccessError):
                statement.with_user(user).read(["access_token"])
        action = statement.with_user(self.collector).action_preview_portal()
        self.assertNotIn(statement.sudo().access_token, action["url"])

    def test_disputed_line_puts_its_invoice_in_dispute(self):
        _inv_a, inv_b, _ref_c, _pay = self._history()
        statement = self._sent()
        line_b = statement.line_ids.filtered(lambda line: line.move_id == inv_b)
        with self.assertRaises(UserError):
            statement._statement_answer("Ms Chen", "", line_b.ids)
        foreign = self._sent_for_other_customer()
        with self.assertRaises(UserError):
            statement._statement_answer("Ms Chen", "wrong", foreign.line_ids.ids)
        statement._statement_answer(
            "Ms Chen", "Only 450 delivered", line_b.ids, "quantity"
        )
        self.assertEqual(statement.answer, "disputed")
        self.assertEqual(line_b.answer, "disputed")
        self.assertTrue(inv_b.overdue_disputed)
        self.assertEqual(inv_b.overdue_dispute_kind, "quantity")
        self.assertIn("Only 450 delivered", inv_b.overdue_dispute_reason)
        self.assertEqual(inv_b.overdue_dispute_user_id, self.salesperson)

    def _sent_for_other_customer(self):
        other = self._customer("Other Foods", email="other@example.com")
        self._invoice(other, 70.00, date(2026, 5, 12))
        statement = self._make(other)
        statement.with_user(self.collector).action_send()
        return statement

    def test_a_dispute_on_the_portal_does_not_lift_a_credit_hold(self):
        inv_a, _inv_b, _ref_c, _pay = self._history()
        old = self._invoice(self.customer, 900.00, days(-100))
        self.company.ar_credit_hold_enforced = True
        self._cron(days(0))
        self.assertTrue(self._credit(self.customer).hold_tier_id)
        statement = self._make(period=(date(2026, 3, 1), date(2026, 3, 31)))
        statement.with_user(self.collector).action_send()
        line = statement.line_ids.filtered(lambda line: line.move_id == old)
        statement._statement_answer("Mr Wang", "Never ordered", line.ids)
        self.assertFalse(old.overdue_disputed)
        self.assertTrue(self._credit(self.customer).hold_tier_id)
        activity = old.activity_ids.filtered(lambda a: "Credit Manager" in a.summary)
        self.assertEqual(activity.user_id, self.salesperson)
        self.assertEqual(statement.answer, "disputed")
        self.assertFalse(inv_a.overdue_disputed)

    def test_unanswered_statements_listed_once_for_their_owner(self):
        self._history()
        statement = self._sent()
        self._run(days(10))
        self.assertFalse(statement.answer_late)
        self._run(days(11))
        self._run(days(12))
        self.assertTrue(statement.answer_late)
        chase = statement.sudo().activity_ids.filtered(
            lambda a: "not answered" in a.summary
        )
        self.assertEqual((len(chase), chase.user_id), (1, self.salesperson))
        listed = (
            self.env["ar.statement"]
            .with_user(self.collector)
            .search([("answer_late", "=", True), ("answer", "=", "none")])
        )
        self.assertEqual(listed, statement)
        # the monthly run sent May's statement again: the latest is answered,
        # and the one it replaces is chased no more
        latest = self._statements().filtered(lambda s: (s.date_from, s.date_to) == MAY)[
            -1:
        ]
        if latest != statement:
            with self.assertRaises(UserError):
                statement._statement_answer("Ms Chen")
        latest._statement_answer("Ms Chen")
        self.assertFalse(statement.answer_late)
        self.assertFalse(statement.sudo().activity_ids)

    def test_statements_are_private_to_collections_and_their_company(self):
        self._history()
        statement = self._make()
        clerk = self._user("ar_stmt_clerk", "account.group_account_invoice")
        with self.assertRaises(AccessError):
            statement.with_user(clerk).read(["closing_balance"])
        with self.assertRaises(AccessError):
            self._make(user=clerk)
        with self.assertRaises(AccessError):
            statement.with_user(clerk).action_send()
        other = self.setup_other_company(name="Harbour Two")["company"]
        outsider = self._user(
            "ar_stmt_outsider",
            "ar_overdue_management.group_ar_collection_user",
            company=other,
        )
        self.assertFalse(self.env["ar.statement"].with_user(outsider).search([]))
        # nor can make one of a company it does not work in, over RPC
        wizard = (
            self.env["ar.statement.wizard"]
            .with_user(outsider)
            .create(
                {
                    "partner_ids": [(6, 0, self.customer.ids)],
                    "company_id": self.company.id,
                    "date_from": MAY[0],
                    "date_to": MAY[1],
                }
            )
        )
        with self.assertRaises(AccessError):
            wizard.action_make()

    def test_pdf_statement_in_the_customers_language(self):
        if not shutil.which("wkhtmltopdf") or not shutil.which("pdftotext"):
            self.skipTest("wkhtmltopdf or pdftotext (poppler-utils) is not installed")
        fonts = subprocess.run(
            ["fc-list", ":lang=zh"], capture_output=True, text=True, check=False
        ).stdout
        if not fonts.strip():
            self.skipTest(
                "no Chinese font for wkhtmltopdf (Debian: fonts-wqy-microhei)"
            )
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(
            ["ar_overdue_management"], ["zh_CN"], overwrite=True
        )
        self.customer.lang = "zh_CN"
        self._history()
        statement = self._make()
        statement.with_user(self.collector).with_context(
            force_report_rendering=True
        ).action_send()
        self.assertTrue(statement.pdf_id, statement.pdf_note)
        text = self._pdf_text(statement.pdf_id.raw)
        for fragment in (
            "对账单",
            "700.00",
            "1,200.00",
            "920.00",
            "500.00",
            "80.00",
            statement.name,
        ):
            self.assertIn(fragment, text)
