"""The credit hold history on real Odoo: every hold put or lifted, every
document let through a hold and every holding invoice released is a row
with who, when, the causes, the amount and the reason, written by the holds
themselves and never changed nor deleted."""

from credit_common import CreditCommon, days
from odoo.exceptions import UserError
from odoo.tools import mute_logger


class TestCreditHoldHistory(CreditCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer = cls._customer("Harbour Foods", salesperson=cls.salesperson)

    def _history(self):
        return self.env["ar.credit.hold.event"].search(
            [("partner_id", "=", self.customer.id)], order="id"
        )

    def test_hold_override_and_lift_are_logged_with_who_and_why(self):
        self._put_on_hold(self.customer, "Rumours of insolvency")
        self._override_hold(self._draft_invoice(self.customer, 800.0), "Cash paid")
        self.customer.with_user(self.credit_manager).action_credit_lift_hold()
        hold, override, lift = self._history()
        self.assertEqual(
            (hold.kind, hold.causes, hold.reason, hold.user_id),
            ("hold", "manual", "Rumours of insolvency", self.credit_manager),
        )
        self.assertEqual(
            (override.kind, override.amount, override.reason, override.user_id),
            ("override", 800.0, "Cash paid", self.overrider),
        )
        self.assertTrue(override.authorised)
        self.assertIn("INV/", override.document)
        self.assertEqual(
            (lift.kind, lift.causes_before, lift.causes, lift.authorised),
            ("lift", "manual", False, True),
        )

    def test_automatic_hold_and_lift_by_the_daily_run(self):
        invoice = self._invoice(self.customer, 500.0, days(-70))
        self._pay(invoice)
        kinds = self._history().mapped("kind")
        self.assertEqual(kinds, ["hold", "lift"])
        self.assertEqual(self._history()[0].causes, "tier")

    @mute_logger("odoo.models")
    def test_history_is_written_by_the_holds_only(self):
        self._put_on_hold(self.customer, "Rumours of insolvency")
        event = self._history()
        for user in (self.collector, self.credit_manager):
            history = self.env["ar.credit.hold.event"].with_user(user)
            with self.subTest(user=user.login):
                with self.assertRaises(UserError), self.env.cr.savepoint():
                    history.create(
                        {
                            "company_id": self.company.id,
                            "partner_id": self.customer.id,
                            "kind": "lift",
                        }
                    )
                with self.assertRaises(UserError), self.env.cr.savepoint():
                    event.with_user(user).write({"reason": "Never happened"})
                with self.assertRaises(UserError), self.env.cr.savepoint():
                    event.with_user(user).unlink()
        with self.assertRaises(UserError):
            event.sudo().write({"reason": "Never happened"})
