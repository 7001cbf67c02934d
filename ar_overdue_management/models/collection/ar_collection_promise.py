from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import format_date

from ...policy import collection as collection_policy
from ..core.ar_security import (
    COLLECTION_MANAGER_GROUP,
    COLLECTION_USER_GROUP,
    CREDIT_MANAGER_GROUP,
)

PROMISE_STATES = [("open", "Open"), ("kept", "Kept"), ("broken", "Broken")]


class ArCollectionPromise(models.Model):
    """A promise to pay (amount, date) or a grace period granted by the case
    owner: while it runs, the customer is not dunned and, if the company
    says so, its tier does not hold it.  The daily run settles it: kept
    once paid (partial payments add up), broken the day after its date.
    An entry of the case's record: never changed nor deleted."""

    _name = "ar.collection.promise"
    _inherit = ["ar.collection.record.mixin"]
    _description = "Promise to Pay"
    _order = "date desc, id desc"
    _record_fields = (
        "case_id",
        "kind",
        "amount",
        "given_date",
        "date",
        "user_id",
        "note",
    )

    name = fields.Char(compute="_compute_name")
    kind = fields.Selection(
        [("promise", "Promise to Pay"), ("grace", "Grace Period")],
        required=True,
        default="promise",
    )
    amount = fields.Monetary(
        string="Promised Amount", required=True, currency_field="currency_id"
    )
    given_date = fields.Date(
        string="Given On", required=True, default=fields.Date.context_today
    )
    date = fields.Date(string="Pay By", required=True)
    user_id = fields.Many2one(
        "res.users", string="Recorded By", required=True, default=lambda s: s.env.user
    )
    note = fields.Text()
    state = fields.Selection(
        PROMISE_STATES, required=True, default="open", readonly=True, index=True
    )
    paid_amount = fields.Monetary(
        string="Paid Toward It", readonly=True, currency_field="currency_id"
    )
    settled_date = fields.Date(readonly=True)
    relaxes_hold = fields.Boolean(
        readonly=True,
        help="Recorded by the case owner or a collections user: relaxes the tier "
        "hold where the company allows it.",
    )

    @api.depends("kind", "amount", "date")
    def _compute_name(self):
        kinds = dict(self._fields["kind"]._description_selection(self.env))
        for promise in self:
            promise.name = " ".join(
                filter(
                    None,
                    (kinds.get(promise.kind), format_date(self.env, promise.date)),
                )
            )

    @api.constrains("amount", "date", "given_date", "kind")
    def _check_promise(self):
        for promise in self:
            case = promise.case_id
            try:
                collection_policy.check_promise(
                    promise.amount,
                    promise.given_date,
                    promise.date,
                    promise.kind,
                    case.tier_id.grace_max_days,
                    case.company_id.ar_promise_max_days,
                )
            except collection_policy.CollectionPolicyError as error:
                raise UserError(promise._promise_error(error)) from error

    def _promise_error(self, error):
        if error.code == "amount":
            return self.env._("A promise to pay is for a positive amount.")
        if error.code == "date":
            return self.env._("A promise cannot be due before the day it is given.")
        if error.code == "far":
            return self.env._(
                "A promise due in %(days)s days is further away than the %(max_days)s "
                "days the company accepts: agree a repayment plan instead.",
                **error.values,
            )
        return self.env._(
            "A grace period of %(days)s days is longer than the %(max_days)s days "
            "this customer's tier allows.",
            **error.values,
        )

    @api.model_create_multi
    def create(self, vals_list):
        today = fields.Date.context_today(self)
        for vals in vals_list:
            vals.pop("state", None)
            vals.pop("paid_amount", None)
            vals.pop("settled_date", None)
            if not self.env.su:
                # payments count from the day the promise is recorded: a
                # promise back-dated would be kept by earlier payments
                vals["given_date"] = today
                vals["user_id"] = self.env.user.id
        promises = super().create(vals_list)
        promises._check_grace_granted_by_owner()
        promises._promise_mark_relaxing()
        cases = promises.case_id.sudo()
        if cases.filtered(lambda c: c.stage == "closed"):
            raise UserError(self.env._("A closed case takes no promise."))
        for promise in promises:
            promise.case_id.sudo().message_post(body=promise._promise_note())
        promises._promise_refresh_holds()
        return promises

    def _promise_mark_relaxing(self):
        """The promises that relax their customer's tier hold (where the
        company allows it): given by a collector who does not sell to the
        customer, or by a Credit Manager; covering the whole overdue amount;
        due within the company's horizon; not one too many on the case
        (``policy.collection.promise_relaxes_hold``)."""
        if not self:
            return
        user = self.env.user
        su = self.env.su
        approved = su or user.has_group(CREDIT_MANAGER_GROUP)
        collector = su or user.has_group(COLLECTION_USER_GROUP)
        pairs = {(p.partner_id.id, p.company_id.id) for p in self}
        today = fields.Date.context_today(self)
        summaries = self.env["ar.partner.status"]._overdue_summaries(pairs, today)
        counts = {
            case.id: count
            for case, count in self.sudo()._read_group(
                [("case_id", "in", self.case_id.ids), ("relaxes_hold", "=", True)],
                ["case_id"],
                ["__count"],
            )
        }
        for promise in self.sudo():
            company = promise.company_id
            if not (collector or approved or promise.case_id.user_id == user):
                continue
            salesperson = promise.partner_id.with_company(company).user_id
            summary = summaries.get((promise.partner_id.id, company.id))
            refusal = collection_policy.promise_relaxes_hold(
                promise.amount,
                summary.overdue_amount if summary else 0.0,
                promise.given_date,
                promise.date,
                company.ar_promise_relax_max_days,
                counts.get(promise.case_id.id, 0),
                company.ar_promise_relax_max_count,
                bool(salesperson) and salesperson == user and not su,
                approved,
            )
            if refusal is None:
                promise.relaxes_hold = True
                counts[promise.case_id.id] = counts.get(promise.case_id.id, 0) + 1

    def _check_grace_granted_by_owner(self):
        """A grace period is the owner's to grant (or a collections
        manager's)."""
        if self.env.su or self.env.user.has_group(COLLECTION_MANAGER_GROUP):
            return
        for promise in self.filtered(lambda p: p.kind == "grace"):
            if promise.case_id.user_id != self.env.user:
                raise AccessError(
                    self.env._(
                        "Only the owner of case %(case)s grants a grace period.",
                        case=promise.case_id.name,
                    )
                )

    def _promise_note(self):
        self.ensure_one()
        return self.env._(
            "%(kind)s: %(amount)s by %(date)s (%(user)s).",
            kind=dict(self._fields["kind"]._description_selection(self.env))[self.kind],
            amount=self.currency_id.format(self.amount),
            date=format_date(self.env, self.date),
            user=self.user_id.name,
        )

    def _promise_refresh_holds(self):
        """Holds follow the promises where the company relaxes them."""
        relaxing = self.filtered(lambda p: p.company_id.ar_promise_relaxes_hold)
        if relaxing:
            self.env["ar.partner.credit"]._credit_refresh_holds_pairs(
                {(p.partner_id.id, p.company_id.id) for p in relaxing}
            )

    @api.model
    def _promise_active_pairs(self, pairs, as_of, relaxing=False):
        """``{pair: last day covered}`` of the customers among ``pairs`` with
        an open promise still running on ``as_of`` (``relaxing``: only those
        that relax the tier hold)."""
        pairs = set(pairs)
        partner_ids = list({p for p, _c in pairs})
        domain = [
            ("partner_id", "in", partner_ids),
            ("state", "=", "open"),
            ("date", ">=", as_of),
        ]
        if relaxing:
            domain.append(("relaxes_hold", "=", True))
        groups = self.sudo()._read_group(
            domain,
            ["partner_id", "company_id"],
            ["date:max"],
        )
        return {
            (partner.id, company.id): until
            for partner, company, until in groups
            if (partner.id, company.id) in pairs
        }
