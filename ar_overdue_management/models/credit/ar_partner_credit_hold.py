from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_amount

from ...policy import credit as credit_policy
from ..core.ar_receivable import log_on_customers


class ArPartnerCredit(models.Model):
    """Credit holds: their causes, every hold and lift logged with its
    cause, the exposure against the credit limit, manual holds."""

    _inherit = "ar.partner.credit"

    @api.model
    def _credit_refresh_holds_pairs(self, pairs, summaries=None, as_of=None):
        """Re-evaluate the holds of these ``(partner id, company id)``;
        ``summaries`` are their receivable summaries when the caller has them."""
        by_pair = self._get_or_create(pairs)
        return (
            self.sudo()
            .browse([r.id for r in by_pair.values()])
            ._credit_refresh_holds(summaries=summaries, as_of=as_of)
        )

    def _credit_refresh_holds(self, summaries=None, as_of=None):
        """Put on hold or lift each customer by its current causes and log
        every change with its cause on the customer, per company."""
        if not self:
            return self
        records = self.sudo()
        today = as_of or fields.Date.context_today(self)
        pairs = {(r.partner_id.id, r.company_id.id) for r in records}
        if summaries is None:
            summaries = self.env["ar.partner.status"]._overdue_summaries(pairs, today)
        relaxed = self._credit_tier_hold_relaxed(pairs, today)
        hold_tier = {
            pair: status.tier_id.id
            for pair, status in self.env["ar.partner.status"]._of_pairs(pairs).items()
            if status.tier_id.hold_customers and pair not in relaxed
        }
        exposures = records._credit_exposure(summaries)
        policies = self.env["ar.credit.grade.policy"]._by_company_grade(
            records.company_id
        )
        changes, logs = {}, {}
        for record in records:
            pair = (record.partner_id.id, record.company_id.id)
            policy = policies.get((pair[1], record.grade))
            causes = record._credit_causes(exposures[pair], hold_tier.get(pair), policy)
            new = (",".join(causes), hold_tier.get(pair, False))
            if new == (record.hold_causes or "", record.hold_tier_id.id):
                continue
            # ids gathered, then browsed: adding records one by one to a
            # recordset copies it each time
            changes.setdefault(new, []).append(record.id)
            if new[0] != (record.hold_causes or ""):
                logs[pair] = (record, record.hold_causes or "")
        self._credit_write_holds(
            {new: records.browse(ids) for new, ids in changes.items()}, today
        )
        self.env["ar.credit.hold.event"]._log_changes(list(logs.values()))
        log_on_customers(
            self.env,
            {
                pair: record._credit_hold_log(old)
                for pair, (record, old) in logs.items()
            },
        )
        return records

    @api.model
    def _credit_tier_hold_relaxed(self, pairs, today):
        """The customers among ``pairs`` whose tier does not hold them on
        ``today`` (collection work relaxes it while a promise runs)."""
        return set()

    @api.model
    def _credit_write_holds(self, changes, today):
        """Write ``{(causes, holding tier): credit standings}``; the hold
        date follows the customers put on hold or lifted."""
        for (new_causes, new_tier), group in changes.items():
            was_free = group.filtered(lambda r: not r.on_hold)
            group.write(
                {
                    "hold_causes": new_causes,
                    "on_hold": bool(new_causes),
                    "hold_tier_id": new_tier,
                }
            )
            if new_causes and was_free:
                was_free.write({"hold_since": today})
            if not new_causes:
                group.write({"hold_since": False})

    def _credit_causes(self, exposure, hold_tier_id, policy):
        """The causes that hold this customer now (policy order), given its
        exposure, the tier that holds it and its grade ``policy``."""
        self.ensure_one()
        company = self.company_id
        return credit_policy.hold_causes(
            manual=self.hold_manual,
            tier_holds=bool(hold_tier_id),
            use_credit_limit=company.account_use_credit_limit,
            credit_limit_amount=self.partner_id.with_company(company).credit_limit,
            exposure=company.currency_id.round(exposure),
            prepayment_required=bool(policy and policy.prepayment_required),
            no_credit=self.no_credit,
        )

    def _credit_hold_log(self, old_causes):
        """The chatter note of a hold put or lifted (``old_causes``: before)."""
        self.ensure_one()
        if self.hold_causes:
            return self.env._(
                "On credit hold (%(company)s): %(causes)s.",
                company=self.company_id.name,
                causes=self._hold_description(),
            )
        labels = self._cause_labels()
        return self.env._(
            "Credit hold lifted (%(company)s); it was: %(causes)s.",
            company=self.company_id.name,
            causes=", ".join(labels.get(c, c) for c in old_causes.split(",") if c),
        )

    def _credit_block_description(self, exposure, amount):
        """Why a document adding ``amount`` to ``exposure`` (company currency,
        tax included) is stopped, or False: the customer is on hold, or the
        document would take it over its credit limit."""
        self.ensure_one()
        customer = self.partner_id
        if self.on_hold:
            return self.env._(
                "%(customer)s is on credit hold: %(causes)s.",
                customer=customer.display_name,
                causes=self._hold_description(),
            )
        company = self.company_id
        currency = company.currency_id
        limit = customer.with_company(company).credit_limit
        projected = currency.round(exposure + amount)
        if not company.account_use_credit_limit or not credit_policy.limit_exceeded(
            projected, limit, self.no_credit
        ):
            return False
        values = {
            "customer": customer.display_name,
            "limit": format_amount(self.env, limit, currency),
            "exposure": format_amount(self.env, exposure, currency),
            "amount": format_amount(self.env, amount, currency),
        }
        if self.no_credit:
            return self.env._(
                "%(customer)s is given no credit by its grade: exposure "
                "%(exposure)s plus this document %(amount)s (taxes included).",
                **values,
            )
        return self.env._(
            "%(customer)s would exceed its credit limit of %(limit)s: exposure "
            "%(exposure)s plus this document %(amount)s (taxes included).",
            **values,
        )

    def _credit_exposure(self, summaries=None):
        """Exposure per ``(partner, company)`` in company currency, taxes
        included: the net open receivable (unapplied payments deducted) plus
        what is ordered but not invoiced yet."""
        pairs = {(r.partner_id.id, r.company_id.id) for r in self}
        if summaries is None:
            summaries = self.env["ar.partner.status"]._overdue_summaries(
                pairs, fields.Date.context_today(self)
            )
        uninvoiced = self._credit_uninvoiced()
        return {
            pair: summaries[pair].open_amount + uninvoiced.get(pair, 0.0)
            for pair in pairs
        }

    def _credit_uninvoiced(self):
        """Amounts ordered but not invoiced per ``(partner, company)``, in
        company currency.  Nothing without Sales; the Sales glue addon
        adds its confirmed orders."""
        return {}

    # ------------------------------------------------------------------
    # Manager actions
    # ------------------------------------------------------------------
    def _credit_set_manual_hold(self, reason):
        """Put these customers on hold by hand (Credit Manager only)."""
        self._check_credit_manager()
        if not (reason or "").strip():
            raise UserError(self.env._("Give the reason of the credit hold."))
        self.sudo().write({"hold_manual": True, "hold_manual_reason": reason.strip()})
        return self._credit_refresh_holds()

    def _credit_lift_manual_hold(self):
        """Lift the manual hold; automatic causes stay until they are gone."""
        self._check_credit_manager()
        self.sudo().write({"hold_manual": False, "hold_manual_reason": False})
        return self._credit_refresh_holds()
