from odoo import api, fields, models
from odoo.exceptions import UserError

from ...policy import collection as collection_policy

PLAN_KINDS = [
    ("cash", "Cash Instalments"),
    ("offset", "Offset against Goods or Services"),
    ("guarantee", "Backed by Guarantee or Collateral"),
]
PLAN_STATES = [
    ("draft", "Draft"),
    ("active", "Active"),
    ("done", "Paid"),
    ("broken", "Broken"),
]
#: What a person writes on a draft plan; the rest (state, follow-up) is
#: the collection work's.
DRAFT_FIELDS = {"case_id", "kind", "guarantee", "amount", "start_date", "line_ids"}


class ArCollectionPlan(models.Model):
    """A repayment plan agreed with the customer: instalments that add up
    to the amount it covers.  While active it keeps that amount out of
    dunning; each instalment follows the customer's payments, and a missed
    one breaks the plan like a broken promise."""

    _name = "ar.collection.plan"
    _inherit = ["ar.collection.case.item.mixin", "mail.thread"]
    _description = "Repayment Plan"
    _order = "start_date desc, id desc"

    name = fields.Char(compute="_compute_name")
    kind = fields.Selection(PLAN_KINDS, required=True, default="cash")
    guarantee = fields.Text(
        string="Guarantee or Collateral",
        help="Guarantor, collateral, or the goods and services offset.",
    )
    amount = fields.Monetary(
        string="Amount Covered", required=True, currency_field="currency_id"
    )
    start_date = fields.Date(
        required=True,
        default=fields.Date.context_today,
        help="Payments from this day on count toward the instalments.",
    )
    line_ids = fields.One2many("ar.collection.plan.line", "plan_id", "Instalments")
    state = fields.Selection(
        PLAN_STATES, default="draft", required=True, readonly=True, tracking=True
    )
    paid_amount = fields.Monetary(readonly=True, currency_field="currency_id")
    settled_date = fields.Date(readonly=True)

    @api.depends("case_id.name", "amount")
    def _compute_name(self):
        for plan in self:
            plan.name = self.env._(
                "Plan of %(case)s", case=plan.case_id.name or plan.case_id.id
            )

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            for vals in vals_list:
                for name in set(vals) - DRAFT_FIELDS:
                    vals.pop(name)
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su and (
            set(vals) - DRAFT_FIELDS or self.filtered(lambda p: p.state != "draft")
        ):
            raise UserError(
                self.env._(
                    "An agreed repayment plan cannot be changed, and its state "
                    "follows the customer's payments."
                )
            )
        return super().write(vals)

    def unlink(self):
        if self.filtered(lambda p: p.state != "draft"):
            raise UserError(
                self.env._(
                    "An agreed repayment plan is part of the case's record: it "
                    "cannot be deleted."
                )
            )
        return super().unlink()

    def _plan_check(self):
        for plan in self:
            try:
                collection_policy.check_plan(
                    [(line.date, line.amount) for line in plan.line_ids],
                    plan.amount,
                    precision=plan.currency_id.rounding / 2,
                )
            except collection_policy.CollectionPolicyError as error:
                raise UserError(plan._plan_error(error)) from error

    def _plan_error(self, error):
        if error.code == "plan_total":
            return self.env._(
                "The instalments add up to %(total)s, not the %(covered)s the plan "
                "covers.",
                total=self.currency_id.format(error.values["total"]),
                covered=self.currency_id.format(error.values["covered"]),
            )
        if error.code == "plan_empty":
            return self.env._("A repayment plan needs at least one instalment.")
        if error.code == "plan_line":
            return self.env._("Each instalment needs a date and a positive amount.")
        return self.env._("A repayment plan covers a positive amount.")

    def action_activate(self):
        """The customer agreed: the plan takes effect, the case moves to the
        repayment plan stage, and the agreement enters the case's record."""
        for plan in self:
            if plan.state != "draft":
                raise UserError(self.env._("Only a draft plan can be agreed."))
            plan.case_id.check_access("write")
            if plan.case_id.stage == "closed":
                raise UserError(self.env._("The case is closed."))
            if self.search_count(
                [("case_id", "=", plan.case_id.id), ("state", "=", "active")]
            ):
                raise UserError(
                    self.env._("The case already has an active repayment plan.")
                )
        self._plan_check()
        # payments count from the day the plan is agreed
        self.sudo().write(
            {"state": "active", "start_date": fields.Date.context_today(self)}
        )
        for plan in self:
            plan.case_id.sudo()._case_set_stage(
                "plan", "plan", plan._plan_summary(), {"amount": plan.amount}
            )
        return True

    def _plan_summary(self):
        self.ensure_one()
        kinds = dict(self._fields["kind"]._description_selection(self.env))
        lines = "; ".join(
            f"{line.date}: {self.currency_id.format(line.amount)}"
            for line in self.line_ids.sorted("date")
        )
        guarantee = " " + self.guarantee if self.guarantee else ""
        return self.env._(
            "%(kind)s covering %(amount)s: %(lines)s.%(guarantee)s",
            kind=kinds[self.kind],
            amount=self.currency_id.format(self.amount),
            lines=lines,
            guarantee=guarantee,
        )

    @api.model
    def _plan_covered(self, pairs, as_of):
        """``{pair: amount still covered}`` by active plans: what dunning
        leaves alone."""
        pairs = set(pairs)
        plans = self.sudo().search(
            [
                ("partner_id", "in", list({p for p, _c in pairs})),
                ("state", "=", "active"),
            ]
        )
        covered = {}
        for plan in plans:
            pair = (plan.partner_id.id, plan.company_id.id)
            if pair in pairs:
                covered[pair] = covered.get(pair, 0.0) + max(
                    plan.amount - plan.paid_amount, 0.0
                )
        return covered
