from odoo import api, fields, models
from odoo.addons.ar_overdue_management.models.core.run_batch import (
    run_batch_size,
    run_day,
)
from odoo.tools import SQL


class ArPartnerCredit(models.Model):
    """The month's credit rating as jobs: the customers to rate, a batch
    per job; a customer already rated that day is not rated again."""

    _inherit = "ar.partner.credit"

    @api.model
    def _cron_credit_rate(self, as_of=None, batch_size=None):
        planner = self.env["ar.job.planner"]
        if not planner._ar_jobs_on():
            return super()._cron_credit_rate(as_of=as_of, batch_size=batch_size)
        as_of = run_day(self, as_of)
        batch_size = run_batch_size(self.env, batch_size, "credit")
        rows = self._credit_pairs_to_rate(as_of)
        pairs = sorted({(partner, company) for partner, company in rows})
        day = fields.Date.to_string(as_of)
        batches = [
            (day, [list(pair) for pair in chunk])
            for chunk in planner._ar_chunks(pairs, batch_size)
        ]

        def describe(index, count, args):
            return self.env._(
                "Credit rating of %(day)s: batch %(index)s of %(count)s (%(customers)s customers)",
                day=day,
                index=index,
                count=count,
                customers=len(args[1]),
            )

        count = planner._ar_plan(
            "credit_rate", as_of, self.sudo(), "_ar_job_credit_rate", batches, describe
        )
        return planner._ar_planned("credit_rate", count)

    def _ar_job_credit_rate(self, day, pairs):
        """Rate the customers of the batch not rated on ``day`` yet."""
        as_of = fields.Date.to_date(day)
        pairs = {tuple(pair) for pair in pairs}
        self.flush_model(["partner_id", "company_id", "rating_date"])
        rated = {
            (partner, company)
            for partner, company in self.env.execute_query(
                SQL(
                    """
                    SELECT partner_id, company_id FROM ar_partner_credit
                     WHERE rating_date >= %s AND partner_id = ANY(%s)
                    """,
                    as_of,
                    [partner for partner, _company in pairs],
                )
            )
        }
        todo = pairs - rated
        self.sudo()._credit_rate(todo, as_of=as_of, trigger="cron")
        return self.env._("%(count)s customers rated", count=len(todo))
