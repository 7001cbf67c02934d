"""The demo shows what it says: bin/test installs the addon with its demo
data, as bin/demo does, so the stories the demo tells are checked here."""

from odoo.tests import TransactionCase

NOT_OVERDUE = ["not_due", "credits"]
SEVERE = "ar_overdue_management.demo_partner_severe"
ONTIME = "ar_overdue_management.demo_partner_ontime"


class TestDemoData(TransactionCase):
    def test_the_repayment_plan_is_running_with_its_instalments(self):
        plan = self.env.ref("ar_overdue_management.demo_plan")
        self.assertEqual(plan.state, "active")
        self.assertEqual(plan.case_id.stage, "plan")
        self.assertEqual(len(plan.line_ids), 3)
        self.assertEqual(set(plan.line_ids.mapped("state")), {"due"})

    def test_the_disputed_statement_leaves_its_customer_case_open(self):
        partner = self.env.ref("ar_overdue_management.demo_partner_moderate")
        statement = self.env["ar.statement"].search([("partner_id", "=", partner.id)])
        self.assertEqual(statement.answer, "disputed")
        case = self.env["ar.collection.case"].search(
            [("partner_id", "=", partner.id), ("stage", "!=", "closed")]
        )
        self.assertEqual(len(case), 1)

    def test_the_history_has_past_month_ends_to_draw_trends(self):
        company = self.env.ref("base.main_company")
        groups = self.env["ar.receivable.snapshot"]._read_group(
            [("company_id", "=", company.id)], ["date:month"], ["amount:sum"]
        )
        # a year of invoices: thirteen month ends, overdue in most of them
        months_with_receivable = [month for month, amount in groups if amount]
        self.assertEqual(len(months_with_receivable), 13)
        overdue = self.env["ar.receivable.snapshot"]._read_group(
            [("company_id", "=", company.id), ("bucket", "not in", NOT_OVERDUE)],
            ["date:month"],
            ["amount:sum"],
        )
        self.assertGreaterEqual(len([m for m, amount in overdue if amount > 0]), 9)
        customers = self.env["ar.customer.month"].search_count(
            [("company_id", "=", company.id)]
        )
        self.assertGreater(customers, 0)

    def test_the_cash_in_forecast_has_past_weeks_measured(self):
        company = self.env.ref("base.main_company")
        runs = self.env["ar.forecast.run"].search(
            [("company_id", "=", company.id), ("state", "=", "done")]
        )
        # half a year of past Mondays and this one
        self.assertEqual(len(runs), 27)
        latest = self.env["ar.forecast.line"].search(
            [("company_id", "=", company.id), ("latest", "=", True)]
        )
        self.assertEqual(latest.run_id, runs.sorted("date")[-1])
        [(measured, error, naive)] = self.env["ar.forecast.accuracy"]._read_group(
            [
                ("company_id", "=", company.id),
                ("state", "=", "measured"),
                ("collected_amount", ">", 0),
            ],
            [],
            ["__count", "error_percent:avg", "naive_error_percent:avg"],
        )
        self.assertGreater(measured, 26)
        self.assertGreater(error, 0.0)
        self.assertGreater(naive, 0.0)

    def test_red_rock_pays_later_every_month(self):
        """The past invoices are paid, each customer at its habit: Red
        Rock's delay grows, Green Valley pays on time."""
        moves = self.env["account.move"].search(
            [
                ("partner_id", "=", self.env.ref(SEVERE).id),
                ("payment_state", "=", "paid"),
            ],
            order="invoice_date",
        )
        delays = [
            (
                max(move._get_reconciled_amls().mapped("date")) - move.invoice_date_due
            ).days
            for move in moves
        ]
        self.assertGreaterEqual(len(delays), 10)
        self.assertEqual(delays, sorted(delays))
        self.assertGreater(delays[-1], delays[0] + 30)
        ontime = self.env["account.move"].search(
            [
                ("partner_id", "=", self.env.ref(ONTIME).id),
                ("payment_state", "=", "paid"),
            ]
        )
        self.assertGreaterEqual(len(ontime), 12)

    def test_no_case_for_debts_settled_long_ago(self):
        """The past invoices open no case: every case of the demo is about
        today's debts, and only the paid-up and written-off ones are closed."""
        closed = self.env["ar.collection.case"].search([("stage", "=", "closed")])
        self.assertEqual(
            set(closed.partner_id.mapped("name")),
            {"Grey Stone Stores (paid up)", "Blue Harbour Builders (legal)"},
        )

    def test_the_audit_sample_is_closed_with_a_finding_on_every_case(self):
        sample = self.env.ref("ar_overdue_management.demo_audit_sample")
        auditor = self.env.ref("ar_overdue_management.demo_user_auditor")
        self.assertEqual(sample.state, "closed")
        self.assertEqual((sample.auditor_id, sample.closed_by_id), (auditor, auditor))
        self.assertEqual(sample.pending_count, 0)
        self.assertEqual(len(sample.line_ids), 5)
        builder = sample.line_ids.filtered(
            lambda line: (
                line.partner_id
                == self.env.ref("ar_overdue_management.demo_partner_legal")
            )
        )
        self.assertEqual(
            (builder.inclusion, builder.verdict), ("written_off", "exception")
        )
        self.assertEqual(sample.exception_count, 1)
        self.assertAlmostEqual(sample.exception_rate, 20.0)
        self.assertEqual(len(sample.check_ids), 5 * 8)
