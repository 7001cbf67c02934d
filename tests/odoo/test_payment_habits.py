"""Payment habits on real Odoo: a customer that pays around the 25th, six
days late, is shown so on its form; its friendly reminder waits for the days
before its usual payment day, never past the first-contact deadline."""

from datetime import date

from collection_common import CollectionCommon, days


class TestPaymentHabits(CollectionCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer.email = "accounts@harbour.example"

    def _history(self):
        """Five invoices due on the 19th, each paid on the 25th."""
        for month in (1, 2, 3, 4, 5):
            invoice = self._invoice(self.customer, 100.00, date(2026, month, 19))
            self._pay(invoice, payment_date=date(2026, month, 25))

    def _letters(self):
        return self.env["ar.dunning.letter"].search(
            [("partner_id", "=", self.customer.id)]
        )

    def _run(self, as_of):
        self._cron(as_of)
        self.env["ar.dunning.letter"]._cron_dunning_send(as_of=as_of)

    def test_the_form_tells_the_habit(self):
        self._history()
        partner = self.customer.with_user(self.collector)
        self.assertEqual(
            partner.ar_payment_habit,
            "usually pays around day 25, 6 days late on average",
        )
        newcomer = self._customer("New Customer Ltd")
        self.assertEqual(newcomer.ar_payment_habit, "Not enough payments to tell")

    def test_reminder_waits_for_the_days_before_the_usual_payment(self):
        self._history()
        self.company.ar_dunning_habit_lead_days = 8
        self._invoice(self.customer, 300.00, days(-5))
        # the 25th less 8 days: the 17th (TODAY is 15 June)
        self._run(days(1))
        self.assertFalse(self._letters())
        self._run(days(2))
        self.assertEqual(self._letters().severity, "mild")

    def test_first_contact_deadline_wins_over_the_habit(self):
        self._history()
        self.company.ar_dunning_first_contact_days = 2
        self._invoice(self.customer, 300.00, days(-5))
        # the habit would wait for the 22nd; two working days: the 17th
        self._run(days(1))
        self.assertFalse(self._letters())
        self._run(days(2))
        self.assertEqual(len(self._letters()), 1)

    def test_no_habit_no_waiting(self):
        self._invoice(self.customer, 300.00, days(-5))
        self._run(days(0))
        self.assertEqual(len(self._letters()), 1)

    def test_the_rating_follows_a_worsening_habit(self):
        """Two customers, each 15 days late on average over six payments:
        one steady, one paying later and later (5 days late, then 25)."""
        steady = self._customer("Steady Ltd")
        slipping = self._customer("Slipping Ltd")
        months = ((2025, 12), (2026, 1), (2026, 2), (2026, 3), (2026, 4), (2026, 5))
        for (year, month), late_slipping in zip(
            months, (5, 5, 5, 25, 25, 25), strict=True
        ):
            for partner, late in ((steady, 15), (slipping, late_slipping)):
                invoice = self._invoice(partner, 100.00, date(year, month, 1))
                self._pay(invoice, payment_date=date(year, month, 1 + late))
        self._rerate(steady | slipping)
        ratings = {p: self._credit(p).rating_ids[:1] for p in (steady, slipping)}
        self.assertEqual(ratings[steady].avg_days_late, ratings[slipping].avg_days_late)
        self.assertEqual(ratings[steady].lateness_trend, 0.0)
        self.assertEqual(ratings[slipping].lateness_trend, 20.0)
        self.assertLess(
            ratings[slipping].score_days_late, ratings[steady].score_days_late
        )
