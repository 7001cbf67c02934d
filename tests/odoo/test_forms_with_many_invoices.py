"""The forms a collector opens for a customer with many open invoices: the
customer form, its collection case and the Send Dunning Letters window.
What they show is worked out by hand, and opening them takes as many
queries for thirty invoices as for three."""

from collection_common import CollectionCommon, days
from credit_common import COLLECTION_USER, INVOICING
from odoo.addons.ar_overdue_management.models.core.ar_receivable import chased_lines
from odoo.tests import Form

WIZARD = "ar.dunning.send.wizard"


class TestFormsWithManyInvoices(CollectionCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.ar_credit_hold_enforced = False
        # invoicing and collection: the customer form's Collections tab
        cls.accountant = cls._user("ar_accountant", f"{INVOICING},{COLLECTION_USER}")

    def _open(self, record):
        """Open ``record``'s form (a new wizard: its window) as the web client
        does, on a cold cache; returns the form and the queries it took."""
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        form = Form(record)
        return form, self.env.cr.sql_log_count - before

    def _customer_with(self, name, count):
        """A customer with ``count`` overdue invoices and its case."""
        customer = self._customer(name, salesperson=self.salesperson)
        for i in range(count):
            self._invoice(customer, 100.00 + i, days(-5 - i))
        self._cron(days(0))
        return customer, self._case(customer)

    # ------------------------------------------------------------------
    # What the forms show
    # ------------------------------------------------------------------
    def test_the_case_lists_each_item_it_chases_with_their_total(self):
        oldest = self._invoice(self.customer, 1200.00, days(-60))
        part_paid = self._invoice(self.customer, 800.00, days(-35))
        recent = self._invoice(self.customer, 450.00, days(-8))
        self._invoice(self.customer, 999.00, days(10))  # not due yet
        refund = self._invoice(self.customer, 150.00, days(-3), move_type="out_refund")
        self._pay(part_paid, 300.00)
        self._cron(days(0))
        case = self._case()
        form, _queries = self._open(case.with_user(self.collector))
        rows = form.chased_line_ids
        shown = [
            (rows[i].move_id.name, rows[i].amount_residual) for i in range(len(rows))
        ]
        # oldest due first, the credit deducted last; 1,200 + 500 + 450 - 150
        self.assertEqual(
            shown,
            [
                (oldest.name, 1200.00),
                (part_paid.name, 500.00),
                (recent.name, 450.00),
                (refund.name, -150.00),
            ],
        )
        self.assertEqual(round(sum(amount for _n, amount in shown), 2), 2000.00)
        self.assertEqual(form.overdue_amount, 2000.00)
        self.assertEqual(form.open_amount, 2999.00)
        # the very items, in the order, that the case's letter lists
        pair = (self.customer.id, self.company.id)
        letter_rows = chased_lines(self.env, {pair}, days(0))[pair]
        self.assertEqual(
            case.chased_line_ids.ids, [row["line_id"] for row in letter_rows]
        )

    def test_the_customer_form_shows_the_overdue_and_its_aging(self):
        self._invoice(self.customer, 1200.00, days(-100))
        self._invoice(self.customer, 800.00, days(-45))
        self._invoice(self.customer, 450.00, days(-8))
        self._invoice(self.customer, 999.00, days(10))
        self._cron(days(0))
        form, _queries = self._open(self.customer.with_user(self.accountant))
        self.assertEqual(form.overdue_open_amount, 3449.00)
        self.assertEqual(form.overdue_amount, 2450.00)
        self.assertEqual(form.overdue_max_days, 100)
        self.assertEqual(
            (
                form.aging_not_due,
                form.aging_1_30,
                form.aging_31_60,
                form.aging_61_90,
                form.aging_91_180,
                form.aging_over_180,
            ),
            (999.00, 450.00, 800.00, 0.00, 1200.00, 0.00),
        )
        self.assertEqual(form.ar_case_count, 1)

    # ------------------------------------------------------------------
    # Queries of opening them
    # ------------------------------------------------------------------
    def test_opening_the_forms_takes_the_same_queries_for_3_or_30_invoices(self):
        few, few_case = self._customer_with("Few Invoices", 3)
        many, many_case = self._customer_with("Many Invoices", 30)
        self.assertEqual(
            (len(few_case.chased_line_ids), len(many_case.chased_line_ids)), (3, 30)
        )
        wizard = self.env[WIZARD].with_user(self.accountant)

        def from_case(case):
            return wizard.with_context(
                active_model=case._name, active_id=case.id, active_ids=case.ids
            )

        def from_customer(customer):
            return wizard.with_context(
                active_model=customer._name,
                active_id=customer.id,
                active_ids=customer.ids,
            )

        screens = {
            "customer form": lambda c, _case: c.with_user(self.accountant),
            "case form": lambda _c, case: case.with_user(self.accountant),
            "dunning window from the case": lambda _c, case: from_case(case),
            "dunning window from the customer": lambda c, _case: from_customer(c),
        }
        for screen, record in screens.items():
            with self.subTest(screen=screen):
                self._open(record(few, few_case))  # views and access rules cached
                few_form, few_queries = self._open(record(few, few_case))
                many_form, many_queries = self._open(record(many, many_case))
                self.assertEqual(few_queries, many_queries)
        self.assertEqual(many_form.case_ids[:], many_case)
