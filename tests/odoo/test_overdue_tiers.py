"""Overdue tiers: the default ladder of each company and the refusal of
tables that cannot classify every overdue day exactly once."""

from common import OverdueCommon
from odoo import Command


class TestOverdueTiers(OverdueCommon):
    def _ladder(self, company):
        return [
            (t.name, t.days_from, t.days_to, t.traffic_light, t.owner_role)
            for t in company.overdue_tier_ids.sorted("days_from")
        ]

    def test_new_company_gets_default_tiers(self):
        company = self.env["res.company"].create({"name": "Newco Trading"})
        self.assertEqual(
            self._ladder(company),
            [
                ("Mild", 1, 30, "yellow", "account_owner"),
                ("Moderate", 31, 60, "orange", "risk_manager"),
                ("Severe", 61, 0, "red", "collection_team"),
            ],
        )
        self.assertEqual(
            company.overdue_tier_ids.mapped("range_display"), ["1-30", "31-60", "61+"]
        )

    def test_overlapping_tier_refused(self):
        with self.assertRefused(
            "“Watch” (from day 50) overlaps tier “Moderate”",
            "make “Moderate” end before day 50",
        ):
            self.env["ar.overdue.tier"].create(
                {
                    "name": "Watch",
                    "days_from": 50,
                    "days_to": 70,
                    "company_id": self.company.id,
                }
            )

    def test_gap_between_tiers_refused(self):
        self.severe.days_to = 90
        with self.assertRefused(
            "Days 91 to 119 have no tier between “Severe” and “Extreme”",
            "make “Extreme” start at day 91",
        ):
            self.env["ar.overdue.tier"].create(
                {"name": "Extreme", "days_from": 120, "company_id": self.company.id}
            )

    def test_moving_an_end_moves_the_next_start(self):
        self.moderate.days_to = 50
        self.assertEqual(
            [
                (t.name, t.days_from, t.days_to)
                for t in self.company.overdue_tier_ids.sorted("days_from")
            ],
            [("Mild", 1, 30), ("Moderate", 31, 50), ("Severe", 51, 0)],
        )

    def test_moving_a_start_moves_the_previous_end(self):
        manager = self._user(
            "ar_tier_manager",
            "base.group_user,ar_overdue_management.group_ar_collection_manager",
        )
        self.moderate.with_user(manager).days_from = 46
        self.assertEqual(
            [
                (t.name, t.days_from, t.days_to)
                for t in self.company.overdue_tier_ids.sorted("days_from")
            ],
            [("Mild", 1, 45), ("Moderate", 46, 60), ("Severe", 61, 0)],
        )

    def test_moving_a_boundary_past_the_neighbour_refused(self):
        # moderate cannot start after its own end: refused, nothing moves
        with self.assertRefused("“Moderate” ends (day 60) before it starts (day 61)"):
            self.moderate.days_from = 61

    def test_negative_start_refused(self):
        with self.assertRefused("“Mild” must start at day 1 or later"):
            self.mild.days_from = -5

    def test_reversed_range_refused(self):
        with self.assertRefused(
            "“Moderate” ends (day 20) before it starts (day 31)",
            "set “To” to 31 or more",
        ):
            self.moderate.days_to = 20

    def test_ratio_above_100_refused(self):
        with self.assertRefused("threshold of 120.0%", "use a value between 0 and 100"):
            self.moderate.ratio_threshold = 120

    def test_negative_ratio_refused(self):
        with self.assertRefused("use a value between 0 and 100"):
            self.severe.ratio_threshold = -1

    def test_first_tier_must_start_at_day_one(self):
        with self.assertRefused(
            "The first tier, “Mild”, starts at day 2: it must start at day 1"
        ):
            self.mild.days_from = 2

    def test_deleting_middle_tier_refused(self):
        with self.assertRefused(
            "Days 31 to 60 have no tier between “Mild” and “Severe”"
        ):
            self.moderate.unlink()
        self.assertEqual(self.company.overdue_tier_ids, self.tiers)

    def test_bulk_edit_of_adjacent_tiers_through_company(self):
        self.company.write(
            {
                "overdue_tier_ids": [
                    Command.update(self.mild.id, {"days_to": 20}),
                    Command.update(self.moderate.id, {"days_from": 21}),
                ]
            }
        )
        self.assertEqual(
            self.company.overdue_tier_ids.mapped("range_display"),
            ["1-20", "21-60", "61+"],
        )

    def test_bulk_edit_leaving_gap_refused(self):
        with self.assertRefused(
            f"Overdue tiers of {self.company.name}: Days 21 to 30 have no tier"
        ):
            self.company.write(
                {
                    "overdue_tier_ids": [
                        Command.update(self.mild.id, {"days_to": 20}),
                        Command.update(self.moderate.id, {"days_from": 31}),
                    ]
                }
            )
        self.assertEqual(self.mild.days_to, 30)
