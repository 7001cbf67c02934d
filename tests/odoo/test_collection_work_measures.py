"""Measures of May 2026's collection work on real Odoo, to the cent per
company and per collector: the bad-debt rate (write-offs booked against
credit sales) and the actions done on time (activities on cases and the
cases' stage deadlines)."""

from datetime import date

from collection_common import CollectionCommon
from freezegun import freeze_time
from measures_common import MAY_1, MayMeasures, may
from writeoff_common import COLLECTION_USER, WriteoffCommon


class TestBadDebtMeasure(MayMeasures, WriteoffCommon):
    """Harbour Foods is the collector's customer, Lakeside Mills the team
    leader's; write-offs asked by the collector, approved by the team lead,
    booked by finance."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.lakeside = cls._customer("Lakeside Mills")

    def _written_off(self, amount, day, invoice_amount=1000.0):
        """A write-off of ``amount`` of an old invoice of Harbour Foods,
        approved and booked on ``day``."""
        with freeze_time(day):
            request = self._request(amount, invoice_amount=invoice_amount)
            request.with_user(self.collector).action_submit()
            self._decide(request, self.team_lead)
            request.with_user(self.finance).action_post()
        return request

    def _may(self):
        """May's credit sales: Harbour 3,600.40 less a credit note of 100.00,
        Lakeside 2,000.00; Harbour's write-offs: 250.35 booked on 18 May,
        80.00 booked on the 19th and reversed on the 21st, 120.00 booked on
        15 June."""
        self._invoiced(self.customer, 3600.40, may(5))
        self._invoiced(self.customer, 100.00, may(20), move_type="out_refund")
        self._invoiced(self.lakeside, 2000.00, may(8))
        kept = self._written_off(250.35, may(18))
        reversed_one = self._written_off(80.00, may(19))
        with freeze_time(may(21)):
            reversed_one.with_user(self.finance).action_reverse()
        self._written_off(120.00, date(2026, 6, 15))
        self._cron(date(2026, 6, 15))
        self._owned_by({self.customer: self.collector, self.lakeside: self.team_lead})
        return kept

    def test_bad_debt_rate_to_the_cent(self):
        kept = self._may()
        self.assertEqual((kept.state, kept.posted_date), ("posted", may(18)))
        _wizard, rows = self._measures("company")
        row = rows[self.company.name]
        # 250.35 / (3,600.40 - 100.00 + 2,000.00)
        self.assertEqual(
            (row["written_off"], row["credit_sales"], row["bad_debt_rate"]),
            (250.35, 5500.40, 4.55),
        )
        _wizard, rows = self._measures("collector")
        mine, lead = rows[self.collector.name], rows[self.team_lead.name]
        # 250.35 / 3,500.40
        self.assertEqual(
            (mine["written_off"], mine["credit_sales"], mine["bad_debt_rate"]),
            (250.35, 3500.40, 7.15),
        )
        self.assertEqual((lead["written_off"], lead["bad_debt_rate"]), (0.0, 0.0))

    def test_bad_debt_rate_on_the_screen(self):
        self._may()
        wizard, _rows = self._measures("collector")
        wizard.action_compute()
        line = wizard.line_ids.filtered(lambda row: row.name == self.collector.name)
        self.assertEqual((line.written_off, line.bad_debt_rate), (250.35, "7.15 %"))

    def test_write_offs_of_another_company_not_counted(self):
        self._may()
        other = self.setup_other_company(name="Harbour Two")["company"]
        self._invoiced(self.customer, 900.0, may(12), company=other)
        outsider = self._user("ar_wo_outsider", COLLECTION_USER, company=other)
        _wizard, rows = self._measures("company", user=outsider)
        row = rows[other.name]
        self.assertEqual(
            (row["written_off"], row["credit_sales"], row["bad_debt_rate"]),
            (0.0, 900.0, 0.0),
        )


class TestOnTimeMeasure(MayMeasures, CollectionCommon):
    """The cases of Harbour Foods, Quay Traders and Dune Supplies are the
    collector's, Lakeside Mills' the team leader's; all open on Monday 4
    May, their first contact due on the 7th (three working days)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.lakeside = cls._customer("Lakeside Mills")
        cls.quay = cls._customer("Quay Traders")
        cls.dune = cls._customer("Dune Supplies")
        cls.env.ref(
            "ar_overdue_management.group_ar_collection_user"
        ).users |= cls.collection_lead
        cls.call = cls.env["mail.activity.type"].create(
            {"name": "Customer call", "keep_done": True}
        )

    def _plan(self, case, *deadlines, kept=True):
        """Activities the case's owner plans for himself today, due on
        ``deadlines``: customer calls (kept once done), or to-dos."""
        kind = self.call if kept else self.env.ref("mail.mail_activity_data_todo")
        activities = self.env["mail.activity"]
        for deadline in deadlines:
            activities |= case.with_user(case.user_id).activity_schedule(
                activity_type_id=kind.id,
                summary=f"Call, due {deadline}",
                date_deadline=deadline,
                user_id=case.user_id.id,
            )
        return activities

    def _done(self, activity, day):
        with freeze_time(day):
            activity.with_user(activity.user_id).action_feedback(feedback="Called")
            # its done date is written now, on the day it was done
            self.env.flush_all()

    def _paid(self, invoice, day):
        """``invoice`` paid on ``day``, and that day's run: its case closes."""
        with freeze_time(day):
            self._pay(invoice, payment_date=day)
            self._cron(day)

    def _may(self):
        """First contacts: Harbour on 6 May (on time), Lakeside on the 11th
        (late); none for Quay, who paid on the 5th (its case closed before
        the deadline), nor Dune, who paid on the 12th (after it).  Harbour's
        calls, planned on the 6th: due 12 May done on the 11th, due the 14th
        done on the 18th, due the 20th not done, due 5 June; a to-do due the
        15th done that day (not kept once done).  Lakeside's calls, planned
        on the 11th: due 13 May done that day, due the 29th done on the
        25th."""
        self._invoiced(self.customer, 1000.0, may(1))
        self._invoiced(self.lakeside, 2000.0, may(1))
        quay = self._invoiced(self.quay, 300.0, may(1))
        dune = self._invoiced(self.dune, 400.0, may(1))
        with freeze_time(may(4)):
            self._cron(may(4))
        self._owned_by(
            {
                self.customer: self.collector,
                self.quay: self.collector,
                self.dune: self.collector,
                self.lakeside: self.collection_lead,
            }
        )
        harbour, lakeside = self._case(), self._case(self.lakeside)
        self._paid(quay, may(5))
        with freeze_time(may(6)):
            self._log(harbour)
            calls = self._plan(harbour, may(12), may(14), may(20), date(2026, 6, 5))
            todo = self._plan(harbour, may(15), kept=False)
        self._done(calls[0], may(11))
        with freeze_time(may(11)):
            self._log(lakeside, user=self.collection_lead)
            lakeside_calls = self._plan(lakeside, may(13), may(29))
        self._paid(dune, may(12))
        self._done(lakeside_calls[0], may(13))
        self._done(todo, may(15))
        self._done(calls[1], may(18))
        self._done(lakeside_calls[1], may(25))
        return harbour, lakeside

    def test_actions_on_time_to_the_cent(self):
        harbour, lakeside = self._may()
        self.assertEqual(
            [(c.action_deadline, c.first_action_date) for c in (harbour, lakeside)],
            [(may(7), may(6)), (may(7), may(11))],
        )
        cases = self.env["ar.collection.case"].search(
            [("partner_id", "in", (self.quay | self.dune).ids)], order="closed_date"
        )
        self.assertEqual(
            [(c.stage, c.action_deadline, c.closed_date) for c in cases],
            [("closed", may(7), may(5)), ("closed", may(7), may(12))],
        )
        _wizard, rows = self._measures("company")
        row = rows[self.company.name]
        # 3 stage deadlines (Quay's case closed before its own) + 5 calls
        # due in May; on time: 1 + 3
        self.assertEqual(
            (row["actions_due"], row["actions_on_time"], row["on_time_rate"]),
            (8, 4, 50.0),
        )
        _wizard, rows = self._measures("collector")
        mine, lead = rows[self.collector.name], rows[self.collection_lead.name]
        self.assertEqual(
            (mine["actions_due"], mine["actions_on_time"], mine["on_time_rate"]),
            (5, 2, 40.0),
        )
        self.assertEqual(
            (lead["actions_due"], lead["actions_on_time"], lead["on_time_rate"]),
            (3, 2, 66.67),
        )

    def test_on_time_rate_on_the_screen_and_scorecard(self):
        self._may()
        wizard, _rows = self._measures("collector")
        wizard.action_compute()
        line = wizard.line_ids.filtered(lambda row: row.name == self.collector.name)
        self.assertEqual(line.on_time_rate, "40.00 %")
        with freeze_time(date(2026, 6, 1)):
            self.env["ar.collection.scorecard"]._cron_scorecard_monthly()
        card = (
            self.env["ar.collection.scorecard"]
            .with_user(self.collector)
            .search([("month", "=", MAY_1)])
        )
        self.assertEqual((card.actions_due, card.on_time_rate), (5, 40.0))
