from odoo import fields, models
from odoo.exceptions import UserError

from ..core.ar_security import CREDIT_MANAGER_GROUP


class AccountMove(models.Model):
    """Credit holds stop the posting of invoices; an invoice that keeps its
    customer on a tier hold cannot be disputed, reset or cancelled by
    anyone but a Credit Manager."""

    _name = "account.move"
    _inherit = ["account.move", "ar.credit.hold.mixin"]
    _ar_credit_guarded_state = "posted"
    _ar_credit_override_method = "action_post"

    ar_credit_hold_enforced = fields.Boolean(
        related="company_id.ar_credit_hold_enforced", string="Credit Holds Enforced"
    )

    def _overdue_holding(self):
        """The invoices of ``self`` that keep their customer on a tier hold:
        posted and in a tier, for a customer held because of its tier in a
        company that enforces holds."""
        tiered = self.filtered(lambda m: m.state == "posted" and m.overdue_tier_id)
        if not tiered:
            return tiered
        credits = (
            self.env["ar.partner.credit"]
            .sudo()
            .search(
                [
                    ("partner_id", "in", tiered.commercial_partner_id.ids),
                    ("company_id", "in", tiered.company_id.ids),
                    ("hold_tier_id", "!=", False),
                    ("company_id.ar_credit_hold_enforced", "=", True),
                ]
            )
        )
        held = {(c.partner_id.id, c.company_id.id) for c in credits}
        return tiered.filtered(
            lambda m: (m.commercial_partner_id.id, m.company_id.id) in held
        )

    def _reverse_moves(self, default_values_list=None, cancel=False):
        """A full reversal (the credit note wizard's "Reverse" and "Reverse
        and Create Invoice") settles the invoice and so lifts the hold it
        keeps: the same rule as a reset to draft."""
        if cancel:
            self._overdue_check_release("reverse")
        return super()._reverse_moves(default_values_list, cancel=cancel)

    def _overdue_check_release(self, action):
        """Disputing, resetting, cancelling or reversing (``action``:
        "dispute", "draft", "cancel", "reverse") an invoice that holds its customer would lift the
        hold: only a Credit Manager may, and it is logged on the invoice and
        the customer."""
        super()._overdue_check_release(action)
        holding = self._overdue_holding()
        if not holding:
            return
        if not self.env.user.has_group(CREDIT_MANAGER_GROUP):
            refusals = {
                "dispute": self.env._(
                    "%(invoices)s keep their customer on credit hold: only a "
                    "Credit Manager may dispute them."
                ),
                "draft": self.env._(
                    "%(invoices)s keep their customer on credit hold: only a "
                    "Credit Manager may reset them to draft."
                ),
                "cancel": self.env._(
                    "%(invoices)s keep their customer on credit hold: only a "
                    "Credit Manager may cancel them."
                ),
                "reverse": self.env._(
                    "%(invoices)s keep their customer on credit hold: only a "
                    "Credit Manager may reverse them in full."
                ),
            }
            raise UserError(
                refusals[action]
                % {"invoices": ", ".join(holding.mapped("display_name"))}
            )
        logs = {
            "dispute": self.env._(
                "%(user)s disputed %(invoice)s, which kept its customer on credit hold."
            ),
            "draft": self.env._(
                "%(user)s reset %(invoice)s to draft, which kept its customer on "
                "credit hold."
            ),
            "cancel": self.env._(
                "%(user)s cancelled %(invoice)s, which kept its customer on credit "
                "hold."
            ),
            "reverse": self.env._(
                "%(user)s reversed %(invoice)s in full, which kept its customer on "
                "credit hold."
            ),
        }
        self.env["ar.credit.hold.event"]._log_documents(
            "release",
            holding,
            {
                move: (
                    logs[action]
                    % {"user": self.env.user.name, "invoice": move.display_name},
                    False,
                )
                for move in holding
            },
        )
        for move in holding:
            text = logs[action] % {
                "user": self.env.user.name,
                "invoice": move.display_name,
            }
            move.message_post(body=text)
            move.commercial_partner_id.sudo().message_post(body=text)

    # ------------------------------------------------------------------
    # Credit holds (see ar.credit.hold.mixin)
    # ------------------------------------------------------------------
    def _ar_credit_customer(self):
        self.ensure_one()
        return self.commercial_partner_id, self.company_id

    def _ar_credit_applies(self):
        """Holds stop invoices and receipts; credit notes lower the debt."""
        self.ensure_one()
        return self.move_type in ("out_invoice", "out_receipt")

    def _ar_credit_amount(self):
        self.ensure_one()
        return self.amount_total_signed

    def _ar_credit_exempt(self, credit):
        """A down payment invoice goes through a hold that only asks for
        prepayment: it is how the customer prepays."""
        self.ensure_one()
        causes = set((credit.hold_causes or "").split(",")) - {""}
        return (
            bool(causes)
            and causes
            <= {
                "prepayment",
                "credit_limit",
            }
            and self._ar_credit_is_prepayment_invoice()
        )

    def _ar_credit_is_prepayment_invoice(self):
        """Whether this invoice bills a down payment (Sales says so)."""
        self.ensure_one()
        return False
