from odoo import api, fields, models
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
        as_of = fields.Date.to_date(as_of) if as_of else fields.Date.context_today(self)
        batch_size = batch_size or int(
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("ar_overdue_management.credit_batch_size", 2000)
        )
        self.env["res.partner"].flush_model(["commercial_partner_id"])
        self.env["account.move.line"].flush_model()
        self.flush_model()
        rows = self.env.execute_query(self._credit_active_pairs_sql(as_of, None))
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
