"""Set-up shared by the credit rating and credit hold tests.

Users with only the groups their role needs, and helpers that go through
the same actions and wizards as the buttons of the customer form.
"""

from common import TODAY, OverdueCommon, days

INVOICING = "account.group_account_invoice"
COLLECTION_USER = "ar_overdue_management.group_ar_collection_user"
CREDIT_MANAGER = "ar_overdue_management.group_ar_credit_manager"
HOLD_OVERRIDE = "ar_overdue_management.group_ar_credit_hold_override"

__all__ = ["TODAY", "CreditCommon", "days"]


class CreditCommon(OverdueCommon):
    """Adds a collector (may re-rate), a credit manager (holds and grade
    overrides) and a hold overrider (may post despite a hold) to the
    overdue set-up; ``salesperson`` is a plain invoicing user."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.collector = cls._user("ar_collector", COLLECTION_USER)
        cls.credit_manager = cls._user("ar_credit_mgr", f"{INVOICING},{CREDIT_MANAGER}")
        cls.overrider = cls._user("ar_overrider", f"{INVOICING},{HOLD_OVERRIDE}")

    # ------------------------------------------------------------------
    # Actions, as the buttons run them
    # ------------------------------------------------------------------
    def _credit(self, partner, company=None):
        """The credit standing of ``partner`` in ``company``."""
        return self.env["ar.partner.credit"].search(
            [
                ("partner_id", "=", partner.commercial_partner_id.id),
                ("company_id", "=", (company or self.company).id),
            ]
        )

    def _rerate(self, partners, user=None):
        """The "Re-rate" button, by the collector unless told."""
        partners.with_user(user or self.collector).action_credit_rerate()
        return self._credit(partners[:1])

    def _put_on_hold(self, partners, reason, user=None):
        """The "Put on hold" button and its wizard, by the credit manager."""
        user = user or self.credit_manager
        action = partners.with_user(user).action_credit_open_hold_wizard()
        wizard = (
            self.env["ar.credit.hold.wizard"]
            .with_user(user)
            .with_context(action["context"])
            .create({"reason": reason})
        )
        wizard.action_confirm()

    def _override_grade(self, partners, grade, reason, expiry, user=None):
        """The "Override grade" button and its wizard, by the credit manager."""
        user = user or self.credit_manager
        action = partners.with_user(user).action_credit_open_override_wizard()
        wizard = (
            self.env["ar.credit.override.wizard"]
            .with_user(user)
            .with_context(action["context"])
            .create({"grade": grade, "reason": reason, "expiry_date": expiry})
        )
        wizard.action_confirm()

    def _override_hold(self, records, reason, user=None):
        """The "Post / Confirm (override hold)" button and its wizard."""
        user = user or self.overrider
        method = (
            "action_ar_credit_override"
            if records._name == "account.move"
            else "action_ar_credit_override"
        )
        action = getattr(records.with_user(user), method)()
        wizard = (
            self.env["ar.credit.hold.override.wizard"]
            .with_user(user)
            .with_context(action["context"])
            .create({"reason": reason})
        )
        wizard.action_confirm()
        return wizard

    def _draft_invoice(self, partner, amount, user=None, company=None):
        """A draft customer invoice of ``amount`` (no tax) due in 30 days."""
        return self._invoice(
            partner, amount, days(30), company=company, post=False, user=user
        )

    # ------------------------------------------------------------------
    # What the user sees
    # ------------------------------------------------------------------
    def _logged(self, partner, fragment):
        """Chatter messages of ``partner`` whose text holds ``fragment``."""
        return partner.message_ids.filtered(lambda m: fragment in (m.body or ""))
