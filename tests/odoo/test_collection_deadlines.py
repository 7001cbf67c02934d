"""Stage deadlines on real Odoo: the first action of a stage is due within
working days of the company's calendar; the daily run flags late cases once
and gives the team leader an activity."""

from collection_common import CollectionCommon, days


class TestStageDeadlines(CollectionCommon):
    def test_deadline_counts_working_days_and_holidays(self):
        # TODAY is a Monday; 3 working days, Wednesday off: Friday
        calendar = self.company.resource_calendar_id
        calendar.tz = "UTC"  # the holiday below is given in UTC
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Holiday",
                "calendar_id": calendar.id,
                "date_from": f"{days(2)} 00:00:00",
                "date_to": f"{days(2)} 23:59:59",
            }
        )
        self._invoice(self.customer, 500.00, days(-10))
        case = self._case()
        self.assertEqual((case.stage_date, case.action_deadline), (days(0), days(4)))
        # a new stage, a new deadline: 5 working days over the weekend
        case.with_user(self.collector).write({"stage": "dunning"})
        self.assertEqual(case.action_deadline, days(8))

    def test_late_case_is_flagged_once_with_an_activity_for_the_leader(self):
        self._invoice(self.customer, 500.00, days(-10))
        case = self._case()
        self._cron(case.action_deadline)
        self.assertFalse(case.late)
        self._cron(days(5))
        self._cron(days(6))
        self.assertTrue(case.late)
        leader = case.activity_ids.filtered(
            lambda a: a.user_id == self.collection_lead and "Late" in (a.note or "")
        )
        self.assertEqual(len(leader), 1)
        self.assertTrue(
            self.env["ar.collection.case"].search(
                [("late", "=", True), ("id", "=", case.id)]
            )
        )

    def test_contact_in_time_keeps_the_case_on_time(self):
        self._invoice(self.customer, 500.00, days(-10))
        case = self._case()
        self._log(case)
        self._cron(days(10))
        self.assertEqual((case.first_action_date, case.late), (days(0), False))
