from odoo import api, fields, models
from odoo.exceptions import UserError

HOLD_OVERRIDE_GROUP = "ar_overdue_management.group_ar_credit_hold_override"


class SaleOrder(models.Model):
    _inherit = "sale.order"

    ar_credit_on_hold = fields.Boolean(
        string="Customer on Credit Hold", compute="_compute_ar_credit_hold"
    )
    ar_credit_hold_description = fields.Char(
        string="Credit Hold", compute="_compute_ar_credit_hold"
    )

    @api.depends("partner_id", "company_id")
    def _compute_ar_credit_hold(self):
        for order in self:
            partner = order.partner_id.commercial_partner_id.with_company(order.company_id)
            order.ar_credit_on_hold = bool(order.partner_id) and partner.credit_on_hold
            order.ar_credit_hold_description = (
                partner.credit_hold_description if order.ar_credit_on_hold else False
            )

    @api.depends("partner_id")
    def _compute_require_payment(self):
        """Customers whose grade requires prepayment must pay online before
        their quotation is confirmed."""
        res = super()._compute_require_payment()
        for order in self:
            partner = order.partner_id.commercial_partner_id.with_company(order.company_id)
            if order.partner_id and partner.credit_prepayment_required:
                order.require_payment = True
        return res

    def action_confirm(self):
        overrides = self._ar_credit_check_hold()
        res = super().action_confirm()
        for order, credit, reason in overrides:
            text = self.env._(
                "Credit hold overridden by %(user)s to confirm %(order)s (hold: %(causes)s). "
                "Reason: %(reason)s",
                user=self.env.user.name,
                order=order.name,
                causes=credit._hold_description(),
                reason=reason,
            )
            order.message_post(body=text)
            order.partner_id.commercial_partner_id.sudo().message_post(body=text)
        # what is ordered now counts in the exposure against the credit limit
        self.env["ar.partner.credit"]._credit_refresh_holds_pairs(
            {(o.partner_id.commercial_partner_id.id, o.company_id.id) for o in self}
        )
        return res

    def action_ar_credit_override_confirm(self):
        """Confirm orders of customers on credit hold, asking the reason first."""
        return self.env["ar.credit.hold.override.wizard"]._open_for(self)

    def _ar_credit_prepaid(self):
        """Whether the down payment this order requires is paid online."""
        self.ensure_one()
        required = self._get_prepayment_required_amount()
        return bool(self.amount_paid) and (
            self.currency_id.compare_amounts(self.amount_paid, required) >= 0
        )

    def _ar_credit_check_hold(self):
        """Refuse to confirm orders of customers on credit hold, unless the
        hold is for prepayment only and the down payment is paid, or a
        Credit Hold Override user gives a reason.  Returns the overrides
        to log once the orders are confirmed."""
        orders = self.filtered(lambda o: o.state in ("draft", "sent"))
        if not orders:
            return []
        credits = self.env["ar.partner.credit"].sudo().search(
            [
                ("partner_id", "in", orders.partner_id.commercial_partner_id.ids),
                ("company_id", "in", orders.company_id.ids),
                ("on_hold", "=", True),
            ]
        )
        held = {(c.partner_id.id, c.company_id.id): c for c in credits}
        blocked = []
        for order in orders:
            credit = held.get((order.partner_id.commercial_partner_id.id, order.company_id.id))
            if not credit:
                continue
            if credit.hold_causes == "prepayment" and order._ar_credit_prepaid():
                continue
            blocked.append((order, credit))
        if not blocked:
            return []
        reason = (self.env.context.get("ar_credit_hold_override_reason") or "").strip()
        if not reason or not self.env.user.has_group(HOLD_OVERRIDE_GROUP):
            lines = []
            for order, credit in blocked:
                lines.append(
                    self.env._(
                        "%(customer)s is on credit hold: %(causes)s.",
                        customer=order.partner_id.commercial_partner_id.display_name,
                        causes=credit._hold_description(),
                    )
                )
            raise UserError(
                "\n".join(dict.fromkeys(lines))
                + "\n"
                + self.env._(
                    "The order cannot be confirmed until the hold is lifted, the "
                    "required down payment is paid, or a user of the Credit Hold "
                    "Override group overrides it with a reason."
                )
            )
        return [(order, credit, reason) for order, credit in blocked]
