"""Recovery targets and collectors' scorecards on real Odoo: the alert given
once, May 2026's scorecards to the cent (the data of the measures' tests),
who reads them and that nobody changes them."""

from datetime import date

import test_collection_measures as measures_test
from collection_common import COLLECTION_MANAGER, CollectionCommon
from freezegun import freeze_time
from odoo.exceptions import AccessError, UserError, ValidationError

MAY, JUNE = date(2026, 5, 1), date(2026, 6, 1)


class TestCollectionTargets(CollectionCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer.country_id = cls.env.ref("base.be")
        cls.other_company = cls.setup_other_company()["company"]
        cls.other = cls._customer(
            "Lakeside Mills", country_id=cls.env.ref("base.de").id
        )
        cls.manager = cls._user("ar_target_mgr", COLLECTION_MANAGER)

    # the month of May of the measures' tests: Harbour Foods is the
    # collector's (2,400 collected of 1,000 + 2,000 overdue), Lakeside Mills
    # the team leader's (nothing collected of 5,000; a promise kept, one broken)
    _dated_invoice = measures_test.TestCollectionMeasures._dated_invoice
    _may = measures_test.TestCollectionMeasures._may

    def _target(self, user, measure, base, month=MAY, stretch=0.0, company=None):
        return (
            self.env["ar.collection.target"]
            .with_user(self.manager)
            .create(
                {
                    "company_id": (company or self.company).id,
                    "month": month,
                    "scope": "collector" if user else "team",
                    "user_id": user.id if user else False,
                    "measure": measure,
                    "base_target": base,
                    "stretch_target": stretch,
                }
            )
        )

    def _scorecards(self):
        self.env["ar.collection.scorecard"]._cron_scorecard_monthly()
        return self.env["ar.collection.scorecard"].search(
            [("company_id", "=", self.company.id), ("month", "=", MAY)]
        )

    def test_target_reads_what_the_unit_reached(self):
        self._may()
        mine = self._target(self.collector, "amount", 2000.0, stretch=2400.0)
        team = self._target(None, "rate", 40.0)
        self.assertEqual((mine.reached, mine.attainment), (2400.0, 120.0))
        self.assertTrue(mine.stretch_reached)
        # the team: 2,400 of 8,000 = 30 %, of a 40 % base
        self.assertEqual((team.reached, team.attainment), (30.0, 75.0))
        self.assertEqual(team.leader_id, self.collection_lead)

    def _june(self):
        """May, then June so far: 600 more of Harbour Foods' old debt paid on
        the 10th, nothing of Lakeside's."""
        self._may()
        harbour = self.env["account.move"].search(
            [("partner_id", "=", self.customer.id), ("amount_residual", "=", 600.0)]
        )
        self._pay(harbour, payment_date=date(2026, 6, 10))

    def test_rate_of_the_month_so_far(self):
        self._june()
        self.company.ar_credit_hold_enforced = False
        # 900 more of Harbour Foods' fall due on the 20th: not overdue yet
        self._dated_invoice(self.customer, 900.0, JUNE, date(2026, 6, 20))
        mine = self._target(self.collector, "rate", 80.0, month=JUNE)
        # 600 collected of the 600 overdue so far
        self.assertEqual((mine.reached, mine.attainment), (100.0, 125.0))

    def test_alert_once_per_unit_and_month(self):
        self._june()
        self.company.ar_target_alert_day = 15
        mine = self._target(self.collector, "amount", 700.0, month=JUNE)
        lead = self._target(self.collection_lead, "amount", 100.0, month=JUNE)
        team = self._target(None, "amount", 500.0, month=JUNE)
        Target = self.env["ar.collection.target"]
        Target._cron_target_alert()
        Target._cron_target_alert()
        with freeze_time("2026-06-16"):
            Target._cron_target_alert()
        self.assertEqual(mine.attainment, 85.71)
        self.assertFalse(mine.activity_ids | team.activity_ids)
        self.assertEqual(len(lead.activity_ids), 1)
        self.assertEqual(lead.activity_ids.user_id, self.collection_lead)
        self.assertEqual(lead.alert_date, date(2026, 6, 15))

    def test_alert_day_missed_is_caught_up_once(self):
        self._june()
        self.company.ar_target_alert_day = 12
        # the scheduled action did not run from the 12th to the 14th
        mine = self._target(self.collector, "amount", 500.0, month=JUNE)
        lead = self._target(self.collection_lead, "amount", 100.0, month=JUNE)
        may_lead = self._target(self.collection_lead, "amount", 100.0)
        Target = self.env["ar.collection.target"]
        Target._cron_target_alert()
        self.assertEqual(len(lead.activity_ids), 1)
        self.assertEqual(lead.activity_ids.user_id, self.collection_lead)
        self.assertIn("0.00 % of it", lead.activity_ids.note)
        self.assertEqual(
            (lead.alert_date, lead.alert_checked_date),
            (date(2026, 6, 15), date(2026, 6, 15)),
        )
        # 600 collected of a base of 500: above target
        self.assertEqual(
            (mine.alert_date, mine.alert_checked_date), (False, date(2026, 6, 15))
        )
        # May's targets were May's to check
        self.assertFalse(may_lead.activity_ids or may_lead.alert_checked_date)
        Target._cron_target_alert()
        with freeze_time("2026-06-16"):
            Target._cron_target_alert()
        self.assertEqual(len(lead.activity_ids), 1)
        self.assertFalse(mine.activity_ids)

    def test_unit_above_target_on_the_check_day_is_not_alerted_later(self):
        self._june()
        self.company.write(
            {"ar_target_alert_day": 12, "ar_credit_hold_enforced": False}
        )
        # 900 more of Harbour Foods' fall due on the 13th, unpaid
        self._dated_invoice(self.customer, 900.0, JUNE, date(2026, 6, 13))
        # its new case is the collector's too
        self._case().sudo().user_id = self.collector
        mine = self._target(self.collector, "rate", 80.0, month=JUNE)
        Target = self.env["ar.collection.target"]
        with freeze_time("2026-06-12"):
            # 600 collected of 600 overdue: 100 %
            self.assertEqual((mine.reached, mine.attainment), (100.0, 125.0))
            Target._cron_target_alert()
        self.assertEqual(mine.alert_checked_date, date(2026, 6, 12))
        mine.invalidate_recordset(["reached", "attainment"])
        # 600 of 1,500 now: 40 %, half the base, under the alert share
        self.assertEqual((mine.reached, mine.attainment), (40.0, 50.0))
        Target._cron_target_alert()
        self.assertFalse(mine.activity_ids or mine.alert_date)

    def test_alert_waits_for_the_alert_day(self):
        self._may()
        self.company.ar_target_alert_day = 20
        lead = self._target(self.collection_lead, "amount", 100.0, month=JUNE)
        self.env["ar.collection.target"]._cron_target_alert()
        self.assertFalse(lead.activity_ids or lead.alert_date)

    def test_scorecards_of_may_to_the_cent(self):
        self._may()
        self._target(self.collector, "amount", 2000.0)
        self._target(self.collector, "rate", 75.0)
        self._target(self.collection_lead, "rate", 10.0)
        cards = {card.user_id: card for card in self._scorecards()}
        mine, lead = cards[self.collector], cards[self.collection_lead]
        self.assertEqual(
            (
                mine.overdue_at_start,
                mine.fell_overdue,
                mine.overdue_collected,
                mine.recovery_rate,
            ),
            (1000.0, 2000.0, 2400.0, 80.0),
        )
        # 2,400 / 2,000 = 120 %; 80 % / 75 % = 106.67 %: the lower grades
        self.assertEqual(
            (mine.amount_attainment, mine.rate_attainment), (120.0, 106.67)
        )
        self.assertEqual((mine.attainment, mine.grade), (106.67, "good"))
        self.assertEqual((lead.overdue_collected, lead.fell_overdue), (0.0, 5000.0))
        self.assertEqual((lead.promises_settled, lead.promise_kept_rate), (2, 50.0))
        self.assertEqual((lead.attainment, lead.grade), (0.0, "fail"))
        self.assertEqual(mine.leader_id, self.collection_lead)

    def test_scorecards_made_once(self):
        self._may()
        first = self._scorecards()
        self.assertEqual(self._scorecards(), first)
        self.assertEqual(len(first), 2)
        # without a target: figures, no grade
        self.assertEqual(set(first.mapped("grade")), {False})

    def test_collector_reads_his_scorecard_only(self):
        self._may()
        cards = {card.user_id: card for card in self._scorecards()}
        mine = self.env["ar.collection.scorecard"].with_user(self.collector)
        self.assertEqual(mine.search([]), cards[self.collector])
        with self.assertRaises(AccessError):
            cards[self.collection_lead].with_user(self.collector).read(["grade"])
        self.assertEqual(
            mine.with_user(self.manager).search([("company_id", "=", self.company.id)]),
            cards[self.collector] | cards[self.collection_lead],
        )

    def test_leader_and_auditor_read_the_team_scorecards(self):
        self._may()
        cards = self._scorecards()
        self.env.ref(
            "ar_overdue_management.group_ar_collection_user"
        ).users |= self.collection_lead
        auditor = self._user("ar_auditor", "account.group_account_readonly")
        for user in (self.collection_lead, auditor):
            with self.subTest(user=user.login):
                found = self.env["ar.collection.scorecard"].with_user(user).search([])
                self.assertEqual(found.filtered(lambda c: c in cards), cards)

    def test_nobody_changes_a_scorecard(self):
        self._may()
        card = self._scorecards().filtered(lambda c: c.user_id == self.collector)
        with self.assertRaises(AccessError):
            card.with_user(self.collector).write({"grade": "excellent"})
        with self.assertRaises(UserError):
            card.sudo().write({"grade": "excellent"})
        with self.assertRaises(UserError):
            card.sudo().unlink()

    def test_collector_reads_his_and_the_team_targets(self):
        mine = self._target(self.collector, "amount", 2000.0)
        team = self._target(None, "amount", 5000.0)
        self._target(self.collection_lead, "amount", 3000.0)
        Target = self.env["ar.collection.target"].with_user(self.collector)
        self.assertEqual(Target.search([]), mine | team)
        with self.assertRaises(AccessError):
            Target.create({"user_id": self.collector.id, "base_target": 1.0})

    def test_companies_apart(self):
        self._may()
        self._scorecards()
        elsewhere = (
            self.env["ar.collection.target"]
            .sudo()
            .create(
                {
                    "company_id": self.other_company.id,
                    "month": MAY,
                    "scope": "team",
                    "base_target": 10.0,
                }
            )
        )
        for model in ("ar.collection.target", "ar.collection.scorecard"):
            with self.subTest(model=model):
                found = self.env[model].with_user(self.manager).search([])
                self.assertNotIn(self.other_company, found.company_id)
        self.assertFalse(
            self.env["ar.collection.scorecard"]
            .sudo()
            .search([("company_id", "=", self.other_company.id)])
        )
        with self.assertRaises(AccessError):
            elsewhere.with_user(self.manager).read(["base_target"])

    def test_target_is_for_a_month_and_one_per_unit(self):
        target = self._target(self.collector, "amount", 2000.0, month=date(2026, 6, 17))
        self.assertEqual(target.month, JUNE)
        with self.assertRaises(ValidationError):
            self._target(self.collector, "amount", 1000.0, month=JUNE)
        with self.assertRaises(ValidationError):
            self._target(self.collector, "rate", 50.0, month=JUNE, stretch=40.0)

    def test_settings_refuse_grade_thresholds_out_of_order(self):
        with self.assertRaises(ValidationError):
            self.env["res.config.settings"].create(
                {"ar_scorecard_good_min": 120.0}
            ).execute()
        self.assertEqual(self.company.ar_scorecard_good_min, 100.0)
