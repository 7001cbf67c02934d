"""Sales glue: a salesperson sees the collection cases of his own customers
and logs contacts on them, and nobody else's; collectors who also sell keep
seeing every case."""

from odoo.exceptions import AccessError
from sale_credit_common import SALESMAN, SaleCreditCommon, days

COLLECTION_USER = "ar_overdue_management.group_ar_collection_user"


class TestSaleCases(SaleCreditCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_customer = cls._customer(
            "Quay Traders", salesperson=cls.sales_invoicer
        )
        cls.selling_collector = cls._user(
            "ar_selling_collector", f"{SALESMAN},{COLLECTION_USER}"
        )

    def _open_cases(self):
        self._invoice(self.customer, 500.00, days(-10))
        self._invoice(self.other_customer, 300.00, days(-10))
        Case = self.env["ar.collection.case"]
        return (
            Case.search([("partner_id", "=", self.customer.id)]),
            Case.search([("partner_id", "=", self.other_customer.id)]),
        )

    def test_salesman_sees_and_logs_on_his_customers_cases_only(self):
        own, other = self._open_cases()
        Case = self.env["ar.collection.case"].with_user(self.salesman)
        self.assertEqual(Case.search([]), own)
        Contact = self.env["ar.collection.contact"].with_user(self.salesman)
        contact = Contact.create({"case_id": own.id, "answer": "Cheque in the post"})
        self.assertEqual(contact.partner_id, self.customer)
        with self.assertRaises(AccessError):
            Contact.create({"case_id": other.id, "answer": "Not mine"})
        with self.assertRaises(AccessError):
            own.with_user(self.salesman).write({"stage": "escalated"})

    def test_salesman_reads_no_amount_of_his_customers_cases(self):
        own, _other = self._open_cases()
        case = own.with_user(self.salesman)
        for field in ("overdue_amount", "open_amount", "recovered_amount"):
            with self.subTest(field=field), self.assertRaises(AccessError):
                case.read([field])
        self.assertNotIn("overdue_amount", case.fields_get())
        self.assertEqual(own.with_user(self.selling_collector).overdue_amount, 500.00)

    def test_salesman_grants_grace_and_records_promises_on_his_cases_only(self):
        own, other = self._open_cases()
        Promise = self.env["ar.collection.promise"].with_user(self.salesman)
        grace = Promise.create(
            {"case_id": own.id, "kind": "grace", "amount": 500.0, "date": days(7)}
        )
        self.assertEqual(Promise.search([]), grace)
        with self.assertRaises(AccessError):
            Promise.create({"case_id": other.id, "amount": 300.0, "date": days(7)})
        for model in ("ar.collection.decision", "ar.collection.plan"):
            self.assertFalse(
                self.env[model]
                .with_user(self.salesman)
                .search([("case_id", "=", other.id)])
            )

    def test_collector_who_also_sells_sees_every_case(self):
        own, other = self._open_cases()
        cases = self.env["ar.collection.case"].with_user(self.selling_collector)
        self.assertEqual(cases.search([]), own | other)
