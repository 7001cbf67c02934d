from odoo import api, models
from odoo.tools import format_amount


class SaleOrder(models.Model):
    """Sale orders are stopped at confirmation by credit holds (see
    ``ar.credit.hold.mixin``): the button, ``write({'state': 'sale'})`` over
    RPC and any other flow alike."""

    _name = "sale.order"
    _inherit = ["sale.order", "ar.credit.hold.mixin"]
    _ar_credit_guarded_state = "sale"
    _ar_credit_override_method = "action_confirm"

    def _ar_credit_pending(self):
        """Every order not confirmed yet, a cancelled quotation included."""
        return self.filtered(lambda o: o.partner_id and o.state != "sale")

    def _ar_credit_amount(self):
        """The order's total, taxes included, in company currency (the
        exposure counts open receivable and uninvoiced orders the same way)."""
        self.ensure_one()
        return self.amount_total / (self.currency_rate or 1.0)

    def _ar_credit_exempt(self, credit):
        """An order paid in full online takes no credit; a prepayment-only
        customer's order goes through once its down payment is paid."""
        self.ensure_one()
        if self.amount_paid and self._is_paid():
            return True
        causes = set((credit.hold_causes or "").split(",")) - {""}
        return causes == {"prepayment"} and self._ar_credit_prepaid()

    def _ar_credit_refusal_hint(self):
        return self.env._(
            "The order cannot be confirmed until the hold is lifted, the required "
            "down payment is paid, or a user of the Credit Hold Override group "
            "overrides it with a reason."
        )

    @api.depends("partner_id")
    def _compute_require_payment(self):
        """Customers whose grade requires prepayment must pay online before
        their quotation is confirmed."""
        res = super()._compute_require_payment()
        for order in self:
            partner = order.partner_id.commercial_partner_id.with_company(
                order.company_id
            ).sudo()
            if order.partner_id and partner.credit_prepayment_required:
                order.require_payment = True
        return res

    @api.model_create_multi
    def create(self, vals_list):
        orders = super().create(vals_list)
        # created confirmed (an import, RPC): the hold applies all the same
        orders._ar_credit_guard_created()
        orders.filtered(lambda o: o.state == "sale")._ar_credit_refresh_exposure()
        return orders

    def write(self, vals):
        confirmed_before = self.filtered(lambda o: o.state == "sale")
        res = super().write(vals)
        if "state" in vals:
            # what is ordered counts in the exposure, until cancelled
            (
                self.filtered(lambda o: o.state == "sale") | confirmed_before
            )._ar_credit_refresh_exposure()
        return res

    def _ar_credit_refresh_exposure(self):
        """Re-evaluate the holds of the customers of these orders."""
        if not self:
            return
        self.env["ar.partner.credit"]._credit_refresh_holds_pairs(
            {(o.partner_id.commercial_partner_id.id, o.company_id.id) for o in self}
        )

    def _ar_credit_prepaid(self):
        """Whether the down payment this order requires is paid online."""
        self.ensure_one()
        required = self._get_prepayment_required_amount()
        return bool(self.amount_paid) and (
            self.currency_id.compare_amounts(self.amount_paid, required) >= 0
        )

    def _is_confirmation_amount_reached(self):
        """A partial online payment of a held customer's quotation is
        recorded but does not confirm it: the quotation stays, waiting for
        the credit manager (payment processing must never be refused)."""
        reached = super()._is_confirmation_amount_reached()
        if reached and self.state in ("draft", "sent") and self._ar_credit_blocks():
            return False
        return reached

    def _ar_credit_schedule_review(self, description):
        """Ask the credit manager to decide on a held quotation that the
        customer paid in part online."""
        self.ensure_one()
        company = self.company_id
        user = company.overdue_risk_manager_id or self.user_id or self.env.user
        summary = self.env._("Paid online in part while on credit hold")
        if self.activity_ids.filtered(lambda a: a.summary == summary):
            return
        self.sudo().activity_schedule(
            "mail.mail_activity_data_todo",
            summary=summary,
            note=self.env._(
                "%(paid)s paid online on %(order)s. %(hold)s Confirm it with an "
                "override, or refund the customer.",
                paid=format_amount(self.env, self.amount_paid, self.currency_id),
                order=self.name,
                hold=description,
            ),
            user_id=user.id,
        )
