from odoo import api, fields, models
from odoo.addons.ar_overdue_management.models.core.run_batch import (
    run_batch_size,
    run_day,
)


class ArDunningLetter(models.Model):
    """The day's letters as jobs: the cases that may get a letter, a batch
    per job; each job decides which of its cases get one, and makes them
    with their PDFs and e-mails."""

    _inherit = "ar.dunning.letter"

    @api.model
    def _cron_dunning_send(self, as_of=None, batch_size=None):
        planner = self.env["ar.job.planner"]
        if not planner._ar_jobs_on():
            return super()._cron_dunning_send(as_of=as_of, batch_size=batch_size)
        as_of = run_day(self, as_of)
        batch_size = run_batch_size(self.env, batch_size, "dunning")
        model = self.sudo()
        model._mailed_retry(as_of)
        day = fields.Date.to_string(as_of)
        batches = [
            (day, ids)
            for ids in planner._ar_chunks(model._dunning_candidate_ids(), batch_size)
        ]

        def describe(index, count, args):
            return self.env._(
                "Dunning letters of %(day)s: batch %(index)s of %(count)s (%(cases)s cases)",
                day=day,
                index=index,
                count=count,
                cases=len(args[1]),
            )

        count = planner._ar_plan(
            "dunning_send", as_of, model, "_ar_job_dunning_batch", batches, describe
        )
        return planner._ar_planned("dunning_send", count)

    def _ar_job_dunning_batch(self, day, case_ids):
        """The letters due on ``day`` among these cases (none twice: a case
        that got its level's letter is no longer eligible)."""
        as_of = fields.Date.to_date(day)
        model = self.sudo()
        cases = model.env["ar.collection.case"].browse(case_ids).exists()
        letters = model._dunning_send(model._dunning_eligible(as_of, cases), as_of)
        return self.env._("%(count)s letters queued", count=len(letters))
