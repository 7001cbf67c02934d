"""The demo shows what it says: bin/test installs the addon with its demo
data, as bin/demo does, so the stories the demo tells are checked here."""

from odoo.tests import TransactionCase


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
        # the demo's invoices span several months: a trend, not a point
        months_with_receivable = [month for month, amount in groups if amount]
        self.assertGreaterEqual(len(months_with_receivable), 2)
        customers = self.env["ar.customer.month"].search_count(
            [("company_id", "=", company.id)]
        )
        self.assertGreater(customers, 0)
