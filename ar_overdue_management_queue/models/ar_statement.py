from odoo import api, fields, models
from odoo.addons.ar_overdue_management.models.core.run_batch import (
    run_batch_size,
    run_day,
)


class ArStatement(models.Model):
    """The month's statements as jobs: the customers of each company due,
    a batch per job; each job makes the statements of its customers that
    have none yet, with their PDFs and e-mails."""

    _inherit = "ar.statement"

    @api.model
    def _cron_statement_run(self, as_of=None, batch_size=None):
        planner = self.env["ar.job.planner"]
        if not planner._ar_jobs_on():
            return super()._cron_statement_run(as_of=as_of, batch_size=batch_size)
        as_of = run_day(self, as_of)
        batch_size = run_batch_size(self.env, batch_size, "statement")
        model = self.sudo()
        model._mailed_retry(as_of)
        batches = model._ar_statement_batches(as_of, batch_size)
        day = fields.Date.to_string(as_of)

        def describe(index, count, args):
            return self.env._(
                "Statements of %(day)s: batch %(index)s of %(count)s (%(customers)s customers, %(start)s to %(end)s)",
                day=day,
                index=index,
                count=count,
                customers=len(args[4]),
                start=args[2],
                end=args[3],
            )

        count = planner._ar_plan(
            "statement_run", as_of, model, "_ar_job_statement_batch", batches, describe
        )
        model._statement_chase(as_of)
        return planner._ar_planned("statement_run", count)

    @api.model
    def _ar_statement_batches(self, as_of, batch_size):
        """``[(company, frequency, first day, last day, customer ids)]``
        of the statements due; a company with none left is marked done for
        the month, as the cron does."""
        batches = []
        chunks = self.env["ar.job.planner"]._ar_chunks
        for company, todos in self._statement_due_todos(as_of).items():
            for frequency, period, todo in todos:
                first, last = (fields.Date.to_string(d) for d in period)
                batches += [
                    (company.id, frequency, first, last, [p for p, _c in chunk])
                    for chunk in chunks(todo, batch_size)
                ]
            if not any(todo for _f, _p, todo in todos):
                self._statement_month_done(company, as_of)
        return batches

    def _ar_job_statement_batch(self, company_id, frequency, first, last, partner_ids):
        """The scheduled statements of these customers of the period that
        are not made yet."""
        model = self.sudo()
        company = model.env["res.company"].browse(company_id)
        period = (fields.Date.to_date(first), fields.Date.to_date(last))
        wanted = set(partner_ids)
        todo = [
            pair
            for pair in model._statement_todo(company, frequency, period)
            if pair[0] in wanted
        ]
        made = model._statement_build(todo, *period, scheduled=True)
        made._statement_send()
        return self.env._("%(count)s statements queued", count=len(made))
