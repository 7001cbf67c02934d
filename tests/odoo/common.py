"""Shared set-up of the real-Odoo tests of ``ar_overdue_management``.

Every test runs on a company of its own with a chart of accounts (from
``AccountTestInvoicingCommon``) and with the clock frozen on ``TODAY``, so an
invoice "40 days overdue" is simply an invoice due ``TODAY - 40 days`` and
every expected figure can be worked out by hand.
"""

from contextlib import contextmanager
from datetime import date, timedelta

from freezegun import freeze_time
from odoo import Command
from odoo.addons.account.tests.common import AccountTestInvoicingCommon
from odoo.exceptions import ValidationError
from odoo.tests import new_test_user

TODAY = date(2026, 6, 15)
WARNING_TYPE = "ar_overdue_management.mail_activity_type_overdue_warning"


def days(n):
    """``TODAY`` shifted by ``n`` days (negative: in the past)."""
    return TODAY + timedelta(days=n)


class OverdueCommon(AccountTestInvoicingCommon):
    """A company with the default tiers, a salesperson, a risk manager and a
    collection team leader, and helpers to post, pay and inspect invoices."""

    @classmethod
    def setUpClass(cls):
        freezer = freeze_time(TODAY)
        freezer.start()
        cls.addClassCleanup(freezer.stop)
        super().setUpClass()
        cls.company = cls.company_data["company"]
        cls.currency = cls.company_data["currency"]
        cls.receivable = cls.company_data["default_account_receivable"]
        cls.tiers = cls.company.overdue_tier_ids
        cls.mild, cls.moderate, cls.severe = (
            cls.tiers.filtered(lambda t, n=name: t.name == n)
            for name in ("Mild", "Moderate", "Severe")
        )
        cls.salesperson = cls._user("ar_sales", "account.group_account_invoice")
        cls.risk_manager = cls._user("ar_risk", "account.group_account_invoice")
        cls.collection_lead = cls._user("ar_collect", "account.group_account_invoice")
        cls.company.write(
            {
                "overdue_risk_manager_id": cls.risk_manager.id,
                "overdue_collection_user_id": cls.collection_lead.id,
                "ar_credit_hold_enforced": True,
            }
        )
        cls.warning_type = cls.env.ref(WARNING_TYPE)

    # ------------------------------------------------------------------
    # Builders
    # ------------------------------------------------------------------
    @classmethod
    def _user(cls, login, groups, company=None):
        """An internal user of ``company`` (default: the test company) with
        only the groups given."""
        company = company or cls.company_data["company"]
        return new_test_user(
            cls.env,
            login=login,
            groups=groups,
            company_id=company.id,
            company_ids=[Command.set(company.ids)],
        )

    @classmethod
    def _customer(cls, name, salesperson=None, **vals):
        """A customer company with ``salesperson`` as its account owner."""
        return cls.env["res.partner"].create(
            {
                "name": name,
                "is_company": True,
                "user_id": salesperson.id if salesperson else False,
                **vals,
            }
        )

    @classmethod
    def _two_instalments(cls):
        """A payment term of two halves: at once and 30 days later."""
        return cls.env["account.payment.term"].create(
            {
                "name": "Half now, half in 30 days",
                "line_ids": [
                    Command.create(
                        {"value": "percent", "value_amount": 50.0, "nb_days": 0}
                    ),
                    Command.create(
                        {"value": "percent", "value_amount": 50.0, "nb_days": 30}
                    ),
                ],
            }
        )

    @classmethod
    def _invoice(
        cls,
        partner,
        amount,
        due,
        move_type="out_invoice",
        currency=None,
        company=None,
        post=True,
        user=None,
    ):
        """A customer invoice (or credit note) of ``amount``, no tax, falling
        due on ``due`` with no payment term, dated on its due date, created
        by ``user`` (default: the test's user)."""
        company = company or cls.company
        env = cls.env(user=user) if user else cls.env
        move = (
            env["account.move"]
            .with_company(company)
            .create(
                {
                    "move_type": move_type,
                    "partner_id": partner.id,
                    "invoice_date": min(due, TODAY),
                    "invoice_date_due": due,
                    "invoice_payment_term_id": False,
                    "currency_id": (currency or company.currency_id).id,
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "name": "Goods",
                                "quantity": 1,
                                "price_unit": amount,
                                "tax_ids": [Command.clear()],
                            }
                        )
                    ],
                }
            )
        )
        if post:
            move.action_post()
        return move

    def _pay(self, invoices, amount=None, user=None, payment_date=None):
        """Register a payment on ``invoices`` through the payment wizard, as a
        user would; ``amount`` None pays them in full."""
        env = self.env(user=user) if user else self.env
        vals = {"payment_date": payment_date or TODAY}
        if amount is not None:
            vals["amount"] = amount
        wizard = (
            env["account.payment.register"]
            .with_context(active_model="account.move", active_ids=invoices.ids)
            .create(vals)
        )
        return wizard._create_payments()

    def _receivable_lines(self, moves):
        return moves.line_ids.filtered(
            lambda line: line.account_id.account_type == "asset_receivable"
        )

    def _apply_credit_note(self, invoice, credit_note):
        """Reconcile ``credit_note`` against ``invoice``."""
        (
            self._receivable_lines(invoice) | self._receivable_lines(credit_note)
        ).reconcile()

    def _aging_scenario(self, customer):
        """Open items of ``customer`` spread over every aging bucket, with a
        partly paid invoice and an unapplied credit note.

        ==========  =========  ===========================  ========  ========
        item        amount     due                          open      bucket
        ==========  =========  ===========================  ========  ========
        not_due     1,000.10   in 10 days                   1,000.10  not due
        b_10        500.25     10 days ago                  500.25    1-30
        credit      -120.65    5 days ago (credit note)     -120.65   credits
        c_45        800.40     45 days ago, 300.15 paid     500.25    31-60
        d_75        200.35     75 days ago                  200.35    61-90
        e_100       300.45     100 days ago                 300.45    91-180
        f_200       150.55     200 days ago                 150.55    over 180
        ==========  =========  ===========================  ========  ========

        Open receivable 2,531.30, of which 1,531.20 overdue (60.49 %).
        """
        specs = {
            "not_due": (1000.10, days(10), "out_invoice"),
            "b_10": (500.25, days(-10), "out_invoice"),
            "credit": (120.65, days(-5), "out_refund"),
            "c_45": (800.40, days(-45), "out_invoice"),
            "d_75": (200.35, days(-75), "out_invoice"),
            "e_100": (300.45, days(-100), "out_invoice"),
            "f_200": (150.55, days(-200), "out_invoice"),
        }
        items = {
            key: self._invoice(customer, amount, due, move_type=move_type, post=False)
            for key, (amount, due, move_type) in specs.items()
        }
        # posted together: a customer that reaches a tier with a credit hold
        # could not be invoiced any further
        self.env["account.move"].union(*items.values()).action_post()
        self._pay(items["c_45"], amount=300.15)
        return items

    # ------------------------------------------------------------------
    # What the user sees
    # ------------------------------------------------------------------
    @contextmanager
    def assertRefused(self, *fragments, exception=ValidationError):
        """Expect ``exception`` with a message holding every fragment; the
        refused change is rolled back, as it would be for the user."""
        with self.assertRaises(exception) as caught:
            yield caught
        for fragment in fragments:
            self.assertIn(fragment, str(caught.exception))

    def _warnings(self, partner):
        """Overdue warning activities scheduled on ``partner``."""
        return partner.activity_ids.filtered(
            lambda a: a.activity_type_id == self.warning_type
        )

    def _messages_about(self, partner, invoice):
        """Chatter messages of ``partner`` that mention ``invoice``."""
        return partner.message_ids.filtered(lambda m: invoice.name in (m.body or ""))

    def _cron(self, as_of, batch_size=None, user=None):
        """Run the daily job as of ``as_of`` and return its progress."""
        model = self.env["account.move"]
        if user:
            model = model.with_user(user)
        return model._cron_overdue_refresh(as_of=as_of, batch_size=batch_size)

    def _status(self, partner, company=None):
        """Overdue status record of ``partner`` in ``company``."""
        return self.env["ar.partner.status"].search(
            [
                ("partner_id", "=", partner.commercial_partner_id.id),
                ("company_id", "=", (company or self.company).id),
            ]
        )
