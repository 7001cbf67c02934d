"""Customers: the figures of the Collections tab (open receivable, overdue,
ratio, max days, worst tier, traffic light, aging), per commercial entity and
per company."""

from common import OverdueCommon, days
from odoo.addons.ar_overdue_management.models.core.ar_receivable import (
    aging_field_names,
)
from odoo.addons.ar_overdue_management.policy.tiers import TRAFFIC_LIGHTS

BUCKET_FIELDS = tuple(aging_field_names("aging").values())


class TestOverduePartners(OverdueCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_data_2 = cls.setup_other_company()
        cls.company_2 = cls.company_data_2["company"]
        cls.customer = cls._customer("Harbour Foods", salesperson=cls.salesperson)

    def test_open_overdue_ratio_and_max_days(self):
        self._aging_scenario(self.customer)
        self.assertEqual(self.customer.overdue_currency_id, self.currency)
        self.assertEqual(self.customer.overdue_open_amount, 2531.30)
        self.assertEqual(self.customer.overdue_amount, 1531.20)
        # 1,531.20 / 2,531.30 = 60.4906...%
        self.assertAlmostEqual(self.customer.overdue_ratio, 60.49, places=2)
        self.assertEqual(self.customer.overdue_max_days, 200)

    def test_aging_buckets_add_up_to_open_receivable(self):
        self._aging_scenario(self.customer)
        buckets = [self.customer[name] for name in BUCKET_FIELDS]
        self.assertEqual(
            buckets, [1000.10, 500.25, 500.25, 200.35, 300.45, 150.55, -120.65]
        )
        self.assertTrue(
            self.currency.is_zero(sum(buckets) - self.customer.overdue_open_amount)
        )

    def test_worst_tier_and_traffic_light(self):
        self._aging_scenario(self.customer)
        self.assertEqual(self.customer.overdue_tier_id, self.severe)
        self.assertEqual(self.customer.overdue_traffic_light, "red")

    def test_traffic_light_per_worst_tier(self):
        customers = {
            light: self._customer(f"Customer {light}")
            for light, _label in TRAFFIC_LIGHTS
        }
        self._invoice(customers["green"], 100.0, days(5))
        self._invoice(customers["yellow"], 100.0, days(-30))
        self._invoice(customers["orange"], 100.0, days(-31))
        self._invoice(customers["yellow"], 100.0, days(-1))
        self._invoice(customers["red"], 100.0, days(-2))
        self._invoice(customers["red"], 100.0, days(-61))
        self.assertEqual(
            {light: c.overdue_traffic_light for light, c in customers.items()},
            {"green": "green", "yellow": "yellow", "orange": "orange", "red": "red"},
        )

    def test_search_customers_by_traffic_light_and_tier(self):
        late = self._customer("Late Payer")
        on_time = self._customer("On Time")
        self._invoice(late, 100.0, days(-45))
        self._invoice(on_time, 100.0, days(15))
        Partner = self.env["res.partner"]
        pair = [("id", "in", (late | on_time).ids)]
        self.assertEqual(
            Partner.search(pair + [("overdue_traffic_light", "=", "orange")]), late
        )
        self.assertEqual(
            Partner.search(pair + [("overdue_traffic_light", "=", "green")]), on_time
        )
        self.assertEqual(
            Partner.search(pair + [("overdue_tier_id", "=", self.moderate.id)]), late
        )
        self.assertEqual(
            Partner.search(pair + [("overdue_tier_id", "=", False)]), on_time
        )

    def test_customer_paid_up_is_green_again(self):
        invoice = self._invoice(self.customer, 640.0, days(-70))
        self.assertEqual(self.customer.overdue_traffic_light, "red")
        self._pay(invoice)
        self.assertFalse(self.customer.overdue_tier_id)
        self.assertEqual(self.customer.overdue_traffic_light, "green")
        self.assertEqual(self.customer.overdue_open_amount, 0.0)
        self.assertEqual(self.customer.overdue_max_days, 0)

    def test_contact_invoice_counts_for_its_company(self):
        contact = self.env["res.partner"].create(
            {
                "name": "Accounts Payable Desk",
                "parent_id": self.customer.id,
                "type": "invoice",
            }
        )
        self._invoice(self.customer, 300.0, days(-10))
        self._invoice(contact, 450.0, days(-40))
        for partner in (self.customer, contact):
            self.assertEqual(partner.overdue_open_amount, 750.0)
            self.assertEqual(partner.overdue_amount, 750.0)
            self.assertEqual(partner.overdue_max_days, 40)
            self.assertEqual(partner.overdue_tier_id, self.moderate)
        self.assertEqual(self._status(contact).partner_id, self.customer)

    def test_figures_kept_per_company(self):
        self._invoice(self.customer, 300.0, days(-10))
        self._invoice(self.customer, 700.0, days(-70), company=self.company_2)
        here = self.customer.with_company(self.company)
        there = self.customer.with_company(self.company_2)
        self.assertEqual(here.overdue_open_amount, 300.0)
        self.assertEqual(here.overdue_max_days, 10)
        self.assertEqual(here.overdue_tier_id, self.mild)
        self.assertEqual(there.overdue_open_amount, 700.0)
        self.assertEqual(there.aging_61_90, 700.0)
        self.assertEqual(there.overdue_tier_id.company_id, self.company_2)
        self.assertEqual(there.overdue_tier_id.name, "Severe")
