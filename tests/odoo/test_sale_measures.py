"""Collection measures per sales team, with Sales installed."""

from datetime import date

from odoo import Command
from sale_credit_common import SaleCreditCommon


class TestSaleMeasures(SaleCreditCommon):
    def test_measures_per_sales_team(self):
        self.env["crm.team"].create(
            {"name": "Coast Team", "member_ids": [Command.set(self.salesman.ids)]}
        )
        customer = self._customer("Harbour Foods", salesperson=self.salesman)
        self._invoice(customer, 1550.0, date(2026, 5, 20))
        wizard = (
            self.env["ar.collection.measure"]
            .with_user(self.collector)
            .create(
                {
                    "date_from": date(2026, 5, 1),
                    "date_to": date(2026, 5, 31),
                    "dimension": "team",
                }
            )
        )
        rows = {row["name"]: row for row in wizard.measure_figures()}
        # 1,550 still open at the end of May / 1,550 sold x 31 days
        self.assertEqual(
            (rows["Coast Team"]["credit_sales"], rows["Coast Team"]["dso"]),
            (1550.0, 31.0),
        )
