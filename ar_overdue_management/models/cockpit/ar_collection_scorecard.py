from dateutil.relativedelta import relativedelta
from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import date_utils

from ...policy import targets as targets_policy

#: the context key of the monthly run, the only writer of scorecards
RUN_KEY = "ar_scorecard_run"


class ArCollectionScorecard(models.Model):
    """A collector's month as it was measured at the start of the next one:
    the figures, his targets' attainment and the grade.  Kept as history:
    made once by the monthly run, never changed afterwards."""

    _name = "ar.collection.scorecard"
    _description = "Collector Scorecard"
    _order = "month desc, user_id"
    _check_company_auto = True

    company_id = fields.Many2one("res.company", required=True, readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    month = fields.Date(required=True, readonly=True)
    user_id = fields.Many2one(
        "res.users", string="Collector", required=True, readonly=True, index=True
    )
    leader_id = fields.Many2one("res.users", string="Team Leader", readonly=True)
    overdue_at_start = fields.Monetary(readonly=True)
    fell_overdue = fields.Monetary(readonly=True)
    overdue_collected = fields.Monetary(readonly=True)
    recovery_rate = fields.Float(string="Recovery Rate (%)", readonly=True)
    actions_due = fields.Integer(readonly=True)
    on_time_rate = fields.Float(string="Actions on Time (%)", readonly=True)
    promises_settled = fields.Integer(readonly=True)
    promise_kept_rate = fields.Float(string="Promises Kept (%)", readonly=True)
    amount_target = fields.Monetary(readonly=True)
    amount_attainment = fields.Float(string="Amount Attainment (%)", readonly=True)
    rate_target = fields.Float(string="Rate Target (%)", readonly=True)
    rate_attainment = fields.Float(string="Rate Attainment (%)", readonly=True)
    attainment = fields.Float(
        string="Attainment (%)",
        readonly=True,
        aggregator="avg",
        help="The lowest attainment of the collector's targets of the month.",
    )
    grade = fields.Selection(
        list(targets_policy.GRADE_SELECTION),
        readonly=True,
        help="From the attainment and the company's thresholds; none without a target.",
    )

    _sql_constraints = [
        (
            "one_per_collector_month",
            "UNIQUE(company_id, user_id, month)",
            "A collector has one scorecard per company and month.",
        ),
    ]

    def write(self, vals):
        if not self.env.context.get(RUN_KEY):
            self.check_access("write")
            raise UserError(self.env._("A scorecard is history: it cannot be changed."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(self.env._("A scorecard is history: it cannot be deleted."))

    @api.model
    def _cron_scorecard_monthly(self):
        """Make last month's scorecards of every company, once: collectors
        who already have theirs are left as they are."""
        today = fields.Date.context_today(self)
        month = date_utils.start_of(today - relativedelta(months=1), "month")
        for company in self.env["res.company"].sudo().search([]):
            self._scorecard_make(company, month)

    @api.model
    def _scorecard_make(self, company, month):
        """The scorecards of ``company``'s collectors for ``month``: those
        with work measured or a target that month."""
        Target = self.env["ar.collection.target"].sudo()
        units = Target._target_unit_figures(company, month)
        targets = Target.search(
            [
                ("company_id", "=", company.id),
                ("month", "=", month),
                ("scope", "=", "collector"),
            ]
        )
        by_user = {}
        for target in targets:
            by_user.setdefault(target.user_id.id, {})[target.measure] = target
        users = {key for scope, key in units if scope == "collector"} | set(by_user)
        done = set(
            self.sudo()
            .search([("company_id", "=", company.id), ("month", "=", month)])
            .mapped("user_id")
            .ids
        )
        leader = company.overdue_collection_user_id or company.overdue_risk_manager_id
        values = [
            self._scorecard_values(
                company,
                month,
                user_id,
                units.get(("collector", user_id), {}),
                by_user.get(user_id, {}),
                leader,
            )
            for user_id in sorted(users - done)
        ]
        return self.sudo().with_context(**{RUN_KEY: True}).create(values)

    @api.model
    def _scorecard_values(self, company, month, user_id, row, targets, leader):
        """One scorecard's values from the collector's figures and
        measures (``row``) and his targets by measure."""
        amount = targets.get(targets_policy.MEASURE_AMOUNT)
        rate = targets.get(targets_policy.MEASURE_RATE)
        collected = row.get("overdue_collected", 0.0)
        recovery = row.get("recovery_rate")

        def attained(target):
            if not target:
                return None
            reached = targets_policy.actual(target.measure, collected, recovery)
            return targets_policy.attainment(reached, target.base_target)

        amount_attainment, rate_attainment = attained(amount), attained(rate)
        overall = targets_policy.overall_attainment(
            [amount_attainment, rate_attainment]
        )
        return {
            "company_id": company.id,
            "month": month,
            "user_id": user_id,
            "leader_id": leader.id,
            "overdue_at_start": row.get("overdue_at_start", 0.0),
            "fell_overdue": row.get("fell_overdue", 0.0),
            "overdue_collected": collected,
            "recovery_rate": recovery or 0.0,
            "actions_due": row.get("actions_due", 0),
            "on_time_rate": row.get("on_time_rate") or 0.0,
            "promises_settled": row.get("promises_kept", 0)
            + row.get("promises_broken", 0),
            "promise_kept_rate": row.get("promise_kept_rate") or 0.0,
            "amount_target": amount.base_target if amount else 0.0,
            "amount_attainment": amount_attainment or 0.0,
            "rate_target": rate.base_target if rate else 0.0,
            "rate_attainment": rate_attainment or 0.0,
            "attainment": overall or 0.0,
            "grade": targets_policy.grade(overall, company._scorecard_thresholds())
            or False,
        }
