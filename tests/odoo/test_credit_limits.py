"""Credit limits set by grade policies: a multiple of sales needs sales (no
history keeps the current limit, an override reads the real sales), and "no
credit" and "no limit" are two distinct rules."""

from credit_common import CreditCommon, days
from odoo.exceptions import ValidationError


class TestCreditLimits(CreditCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer = cls._customer("Harbour Foods", salesperson=cls.salesperson)
        cls.company.account_use_credit_limit = True

    def _policy(self, grade):
        return self.env["ar.credit.grade.policy"].search(
            [("company_id", "=", self.company.id), ("grade", "=", grade)]
        )

    def _limit(self):
        return self.customer.with_company(self.company).credit_limit

    def test_override_applies_the_multiple_of_real_sales(self):
        # 12,000.00 sold in the last 12 months: 1,000.00 a month
        invoice = self._invoice(self.customer, 12000.00, days(-20))
        self._pay(invoice)
        self._override_grade(self.customer, "B", "Long-standing customer", days(30))
        # grade B: 2 months of sales
        self.assertEqual(self._limit(), 2000.00)

    def test_no_sales_in_twelve_months_keeps_the_current_limit(self):
        self.customer.with_company(self.company).credit_limit = 5000.00
        credit = self._rerate(self.customer)
        self.assertEqual(credit.grade, "A")
        self.assertEqual(self._limit(), 5000.00)
        self._override_grade(self.customer, "C", "Watch list", days(30))
        self.assertEqual(self._limit(), 5000.00)

    def test_no_credit_rule_holds_any_exposure(self):
        self._policy("C").write({"limit_rule": "no_credit"})
        self._invoice(self.customer, 10.00, days(20))
        self._override_grade(self.customer, "C", "Watch list", days(30))
        self.assertEqual(self.customer.credit_hold_description, "credit limit exceeded")

    def test_no_limit_rule_never_holds_for_the_limit(self):
        self.customer.with_company(self.company).credit_limit = 100.00
        self._policy("B").write({"limit_rule": "unlimited"})
        self._override_grade(self.customer, "B", "Guaranteed", days(30))
        self._invoice(self.customer, 50000.00, days(20))
        self.assertEqual(self._limit(), 0.0)
        self.assertFalse(self.customer.credit_on_hold)

    def test_fixed_limit_of_nothing_is_refused(self):
        with self.assertRaises(ValidationError) as caught:
            self._policy("C").write({"limit_rule": "fixed", "limit_amount": 0.0})
        self.assertIn("No credit", str(caught.exception))
