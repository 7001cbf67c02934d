"""Recovery targets per sales team, with Sales installed: what a team reached
is the collection measure of its customers, to the cent; its leader (else
the collection team leader) is alerted; one target per team, measure and
month; who reads them; the team shown when that scope is picked."""

from datetime import date

from collection_common import COLLECTION_MANAGER
from lxml import etree
from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from sale_credit_common import SALESMAN, SaleCreditCommon

JUNE = date(2026, 6, 1)


class TestSaleTargets(SaleCreditCommon):
    """The Coast Team (led by its own leader) sells to Harbour Foods, the
    Hill Team (no leader) to Lakeside Mills."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the invoices below leave the customers overdue: no hold stops them
        cls.company.ar_credit_hold_enforced = False
        cls.manager = cls._user("ar_team_target_mgr", COLLECTION_MANAGER)
        cls.coast_leader = cls._user("ar_coast_leader", SALESMAN)
        cls.hill_seller = cls._user("ar_hill_seller", SALESMAN)
        cls.coast = cls.env["crm.team"].create(
            {
                "name": "Coast Team",
                "company_id": cls.company.id,
                "user_id": cls.coast_leader.id,
                "member_ids": [Command.set(cls.salesman.ids)],
            }
        )
        cls.hill = cls.env["crm.team"].create(
            {
                "name": "Hill Team",
                "company_id": cls.company.id,
                "user_id": False,
                "member_ids": [Command.set(cls.hill_seller.ids)],
            }
        )
        cls.lakeside = cls._customer("Lakeside Mills", salesperson=cls.hill_seller)

    def _june(self):
        """June so far.  Harbour Foods: 1,000.00 due 20 May, 400.00 of it
        paid on 5 June; 500.00 due 10 June, unpaid.  Lakeside Mills: 800.00
        due 25 May, paid on 8 June."""
        harbour = self._invoice(self.customer, 1000.0, date(2026, 5, 20))
        self._pay(harbour, amount=400.0, payment_date=date(2026, 6, 5))
        self._invoice(self.customer, 500.0, date(2026, 6, 10))
        lakeside = self._invoice(self.lakeside, 800.0, date(2026, 5, 25))
        self._pay(lakeside, payment_date=date(2026, 6, 8))

    def _target(self, team, measure, base, user=None):
        return (
            self.env["ar.collection.target"]
            .with_user(user or self.manager)
            .create(
                {
                    "month": JUNE,
                    "scope": "sales_team",
                    "team_id": team.id,
                    "measure": measure,
                    "base_target": base,
                }
            )
        )

    def test_team_reaches_what_its_customers_measure(self):
        self._june()
        amount = self._target(self.coast, "amount", 1000.0)
        rate = self._target(self.coast, "rate", 40.0)
        hill = self._target(self.hill, "amount", 500.0)
        self.assertEqual(amount.name, "Coast Team, 2026-06, Overdue Collected")
        self.assertEqual((amount.reached, amount.attainment), (400.0, 40.0))
        # 400 collected of 1,000 overdue on 1 June + 500 fallen overdue since
        self.assertEqual((rate.reached, rate.attainment), (26.67, 66.68))
        self.assertEqual((hill.reached, hill.attainment), (800.0, 160.0))
        wizard = (
            self.env["ar.collection.measure"]
            .with_user(self.collector)
            .create(
                {"date_from": JUNE, "date_to": date(2026, 6, 30), "dimension": "team"}
            )
        )
        rows = {row["name"]: row for row in wizard.measure_figures()}
        self.assertEqual(
            (
                rows["Coast Team"]["overdue_collected"],
                rows["Coast Team"]["recovery_rate"],
            ),
            (amount.reached, rate.reached),
        )

    def test_alert_goes_to_the_team_leader(self):
        self._june()
        self.company.ar_target_alert_day = 15
        coast = self._target(self.coast, "amount", 1000.0)
        hill = self._target(self.hill, "amount", 2000.0)
        self.assertEqual(
            (coast.leader_id, hill.leader_id), (self.coast_leader, self.collection_lead)
        )
        self.env["ar.collection.target"]._cron_target_alert()
        for target, leader, note in (
            (coast, self.coast_leader, "Coast Team reached 400.00"),
            (hill, self.collection_lead, "Hill Team reached 800.00"),
        ):
            with self.subTest(team=target.team_id.name):
                activity = target.activity_ids
                self.assertEqual(activity.user_id, leader)
                self.assertIn(note, activity.note)
                self.assertEqual(target.alert_date, date(2026, 6, 15))
        # the leader reads the target he is alerted of
        self.assertEqual(coast.with_user(self.coast_leader).attainment, 40.0)
        # a new leader of the team is the one alerted from now on
        self.hill.user_id = self.hill_seller
        self.assertEqual(hill.leader_id, self.hill_seller)

    def test_one_target_per_team_measure_and_month(self):
        self._target(self.coast, "amount", 1000.0)
        self._target(self.hill, "amount", 1000.0)
        with self.assertRaises(ValidationError):
            self._target(self.coast, "amount", 2000.0)
        Target = self.env["ar.collection.target"].with_user(self.manager)
        with self.assertRaises(ValidationError):
            Target.create({"month": JUNE, "scope": "sales_team", "base_target": 1.0})
        elsewhere = self.env["crm.team"].create(
            {
                "name": "Harbour Two Team",
                "company_id": self.setup_other_company()["company"].id,
            }
        )
        with self.assertRaisesRegex(UserError, "Incompatible companies"):
            self._target(elsewhere, "amount", 1000.0)
        with self.assertRaises(ValidationError):
            Target.create(
                {
                    "month": JUNE,
                    "scope": "team",
                    "team_id": self.coast.id,
                    "base_target": 1.0,
                }
            )

    def test_team_targets_read_by_the_team_only(self):
        coast = self._target(self.coast, "amount", 1000.0)
        hill = self._target(self.hill, "amount", 1000.0)
        for user, seen in (
            (self.coast_leader, coast),
            (self.salesman, coast),
            (self.hill_seller, hill),
            (self.collector, self.env["ar.collection.target"]),
        ):
            with self.subTest(user=user.login):
                found = self.env["ar.collection.target"].with_user(user).search([])
                self.assertEqual(found, seen)
        for user in (self.collector, self.hill_seller):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                coast.with_user(user).read(["base_target"])
        with self.assertRaises(AccessError):
            self._target(self.coast, "rate", 50.0, user=self.coast_leader)

    def test_team_shown_when_its_scope_is_picked(self):
        views = (
            self.env["ar.collection.target"]
            .with_user(self.manager)
            .get_views([(False, "form"), (False, "list")])["views"]
        )
        form = etree.fromstring(views["form"]["arch"])
        (team,) = form.xpath("//field[@name='team_id']")
        self.assertEqual(
            (team.get("invisible"), team.get("required")),
            ("scope != 'sales_team'", "scope == 'sales_team'"),
        )
        scopes = dict(
            self.env["ar.collection.target"]
            ._fields["scope"]
            ._description_selection(self.env)
        )
        self.assertEqual(scopes["sales_team"], "Sales Team")
        listed = etree.fromstring(views["list"]["arch"])
        self.assertTrue(listed.xpath("//field[@name='team_id']"))
