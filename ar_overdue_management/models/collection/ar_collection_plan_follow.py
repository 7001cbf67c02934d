from odoo import api, models
from odoo.tools import SQL, format_date

from ...policy import collection as collection_policy
from ..core.ar_receivable import received_between


class ArCollectionPlan(models.Model):
    """The daily follow-up of active plans, set-wise."""

    _inherit = "ar.collection.plan"

    @api.model
    def _plan_follow(self, as_of):
        """Spread what each customer paid since its plan started over the
        instalments; a missed instalment breaks the plan (once), a plan
        paid in full is done.  Returns the plans broken."""
        plans = self.sudo().search([("state", "=", "active")])
        if not plans:
            return plans
        received = received_between(
            self.env,
            {
                p.id: (p.partner_id.id, p.company_id.id, p.start_date, as_of)
                for p in plans
            },
        )
        line_rows, plan_rows, broken_notes = [], [], {}
        for plan in plans:
            lines = plan.line_ids.sorted(lambda line: (line.date, line.id))
            states = collection_policy.instalment_states(
                [(line.date, line.amount) for line in lines],
                received[plan.id],
                as_of,
                precision=plan.currency_id.rounding / 2,
            )
            for line, (paid, state) in zip(lines, states, strict=True):
                line_rows.append((line.id, paid, state))
            new_state = collection_policy.plan_state(states)
            plan_rows.append((plan.id, received[plan.id], new_state))
            if new_state == "broken":
                missed = [
                    line
                    for line, (_p, s) in zip(lines, states, strict=False)
                    if s == "missed"
                ]
                broken_notes.setdefault(plan.case_id.id, []).append(
                    self.env._(
                        "Repayment plan broken: the instalment of %(amount)s due on "
                        "%(date)s was not paid.",
                        amount=plan.currency_id.format(missed[0].amount),
                        date=format_date(self.env, missed[0].date),
                    )
                )
        self._plan_write_follow_up(line_rows, plan_rows, as_of)
        broken = plans.filtered(lambda p: p.state == "broken")
        broken.case_id._case_promise_broken(broken_notes, as_of)
        return broken

    @api.model
    def _plan_write_follow_up(self, line_rows, plan_rows, as_of):
        lines = self.env["ar.collection.plan.line"]
        lines.flush_model()
        self.flush_model()
        self.env.cr.execute(
            SQL(
                """
                UPDATE ar_collection_plan_line l
                   SET paid_amount = v.paid, state = v.state,
                       settled_date = CASE WHEN v.state = 'missed'
                                           THEN COALESCE(l.settled_date, %s::date)
                                      END
                  FROM unnest(%s::int[], %s::numeric[], %s::varchar[])
                       AS v(id, paid, state)
                 WHERE l.id = v.id
                """,
                as_of,
                [row[0] for row in line_rows],
                [row[1] for row in line_rows],
                [row[2] for row in line_rows],
            )
        )
        self.env.cr.execute(
            SQL(
                """
                UPDATE ar_collection_plan p
                   SET paid_amount = v.paid, state = v.state,
                       settled_date = CASE WHEN v.state != 'active' THEN %s::date END
                  FROM unnest(%s::int[], %s::numeric[], %s::varchar[])
                       AS v(id, paid, state)
                 WHERE p.id = v.id
                """,
                as_of,
                [row[0] for row in plan_rows],
                [row[1] for row in plan_rows],
                [row[2] for row in plan_rows],
            )
        )
        lines.invalidate_model(["paid_amount", "state", "settled_date"])
        self.invalidate_model(["paid_amount", "state", "settled_date"])
