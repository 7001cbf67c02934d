from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_amount

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
            partner = order.partner_id.commercial_partner_id.with_company(
                order.company_id
            )
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
            partner = order.partner_id.commercial_partner_id.with_company(
                order.company_id
            )
            if order.partner_id and partner.credit_prepayment_required:
                order.require_payment = True
        return res

    def action_confirm(self):
        overrides = self._ar_credit_check_hold()
        res = super().action_confirm()
        for order, description, reason in overrides:
            text = self.env._(
                "Credit hold overridden by %(user)s to confirm %(order)s. %(causes)s "
                "Reason: %(reason)s",
                user=self.env.user.name,
                order=order.name,
                causes=description,
                reason=reason,
            )
            order.message_post(body=text)
            order.partner_id.commercial_partner_id.sudo().message_post(body=text)
        # what is ordered now counts in the exposure against the credit limit
        self._ar_credit_refresh_exposure()
        return res

    def _action_cancel(self):
        """A cancelled order no longer counts in the exposure: a credit limit
        hold it caused lifts at once."""
        confirmed = self.filtered(lambda o: o.state == "sale")
        res = super()._action_cancel()
        confirmed._ar_credit_refresh_exposure()
        return res

    def _ar_credit_refresh_exposure(self):
        """Re-evaluate the holds of the customers of these orders."""
        self.env["ar.partner.credit"]._credit_refresh_holds_pairs(
            {(o.partner_id.commercial_partner_id.id, o.company_id.id) for o in self}
        )

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

    def _ar_credit_blocks(self):
        """Quotations of these orders that may not be confirmed, as
        ``[(order, credit standing, description)]``: the customer is on hold
        (a prepayment-only hold lets a prepaid order through), or the order
        itself would take the exposure over the credit limit."""
        orders = self.filtered(lambda o: o.state in ("draft", "sent"))
        if not orders:
            return []
        Credit = self.env["ar.partner.credit"]
        by_pair = Credit._get_or_create(
            {(o.partner_id.commercial_partner_id.id, o.company_id.id) for o in orders}
        )
        credits = Credit.sudo().browse([c.id for c in by_pair.values()])
        exposures = credits._credit_exposure()
        blocks = []
        for order in orders:
            pair = (order.partner_id.commercial_partner_id.id, order.company_id.id)
            credit = by_pair[pair]
            customer = order.partner_id.commercial_partner_id
            if credit.on_hold and not (
                credit.hold_causes == "prepayment" and order._ar_credit_prepaid()
            ):
                blocks.append(
                    (
                        order,
                        credit,
                        self.env._(
                            "%(customer)s is on credit hold: %(causes)s.",
                            customer=customer.display_name,
                            causes=credit._hold_description(),
                        ),
                    )
                )
                continue
            company = order.company_id
            limit = customer.with_company(company).credit_limit
            if not (company.account_use_credit_limit and limit):
                continue
            order_amount = order.amount_total / (order.currency_rate or 1.0)
            projected = company.currency_id.round(
                exposures.get(pair, 0.0) + order_amount
            )
            if company.currency_id.compare_amounts(projected, limit) > 0:
                blocks.append(
                    (
                        order,
                        credit,
                        self.env._(
                            "%(customer)s would exceed its credit limit of %(limit)s: "
                            "exposure %(exposure)s plus this order %(order)s.",
                            customer=customer.display_name,
                            limit=format_amount(self.env, limit, company.currency_id),
                            exposure=format_amount(
                                self.env, exposures.get(pair, 0.0), company.currency_id
                            ),
                            order=format_amount(
                                self.env, order_amount, company.currency_id
                            ),
                        ),
                    )
                )
        return blocks

    def _ar_credit_check_hold(self):
        """Refuse to confirm the blocked orders unless a Credit Hold
        Override user gives a reason.  Returns the overrides to log once
        the orders are confirmed."""
        blocks = self._ar_credit_blocks()
        if not blocks:
            return []
        reason = (self.env.context.get("ar_credit_hold_override_reason") or "").strip()
        if not reason or not self.env.user.has_group(HOLD_OVERRIDE_GROUP):
            raise UserError(
                "\n".join(dict.fromkeys(description for _o, _c, description in blocks))
                + "\n"
                + self.env._(
                    "The order cannot be confirmed until the hold is lifted, the "
                    "required down payment is paid, or a user of the Credit Hold "
                    "Override group overrides it with a reason."
                )
            )
        return [(order, description, reason) for order, _credit, description in blocks]
