"""The scheduled runs planned as jobs.

With this addon a scheduled run's method no longer does one batch per call:
it plans the whole run as jobs, one per batch, on the channel
``root.ar_overdue``, and queue_job's workers (as many as the channel allows,
on as many servers as run them) do the batches.  Each job's identity key
names its run, its day and its batch, and each job looks again at what is
left to do in its batch before doing it, so a job run twice, or a batch
done by the cron before, does nothing twice.
"""

import hashlib
import json

from odoo import api, fields, models
from odoo.addons.ar_overdue_management.models.core.run_lock import try_run_lock
from odoo.addons.queue_job.delay import group

CHANNEL = "root.ar_overdue"
PARAM = "ar_overdue_management.run_mode"


class ArJobPlanner(models.AbstractModel):
    _name = "ar.job.planner"
    _description = "Scheduled runs of overdue management as queued jobs"

    @api.model
    def _ar_jobs_on(self):
        """Whether the scheduled runs go to the job workers (the default
        with this addon; the setting turns it off)."""
        param = self.env["ir.config_parameter"].sudo().get_param(PARAM, "jobs")
        return param == "jobs"

    @api.model
    def _ar_run_key(self, run, as_of):
        return f"ar_overdue_management.{run}:{fields.Date.to_string(as_of)}"

    @api.model
    def _ar_unfinished(self, run, as_of):
        """The jobs of ``run`` that would overlap a new plan: those of any
        day waiting for a worker or running (a run planned again the next
        day must not meet them), and those of ``as_of`` waiting for others
        (the day's work after a batch that failed and waits to be
        requeued)."""
        prefix = f"ar_overdue_management.{run}:"
        return (
            self.env["queue.job"]
            .sudo()
            .search(
                [
                    ("identity_key", "=like", prefix + "%"),
                    "|",
                    ("state", "in", ("pending", "enqueued", "started")),
                    "&",
                    ("state", "=", "wait_dependencies"),
                    ("identity_key", "=like", self._ar_run_key(run, as_of) + ":%"),
                ]
            )
        )

    @api.model
    def _ar_plan(self, run, as_of, model, method, batches, describe, finish=None):
        """Queue one job ``model.method(*args)`` per ``args`` of ``batches``
        and, once all are done, ``finish`` (``(method, args)`` of ``model``).

        Nothing is queued while another worker plans ``run`` or while jobs
        of ``run`` are unfinished (``_ar_unfinished``): the batches would
        overlap theirs.  ``describe(index, count, args)`` names a job in the list of
        jobs.  Returns the number of jobs queued."""
        if not try_run_lock(self.env, run) or self._ar_unfinished(run, as_of):
            return 0
        key = self._ar_run_key(run, as_of)
        count = len(batches)
        jobs = [
            getattr(
                self._ar_delayable(
                    model,
                    f"{key}:{index}/{count}:{self._ar_digest(args)}",
                    describe(index, count, args),
                ),
                method,
            )(*args)
            for index, args in enumerate(batches, 1)
        ]
        if finish:
            method, args = finish
            last = getattr(
                self._ar_delayable(model, f"{key}:finish", describe(None, count, args)),
                method,
            )(*args)
            if jobs:
                group(*jobs).on_done(last).delay()
            else:
                last.delay()
            return count + 1
        if jobs:
            group(*jobs).delay()
        return count

    @api.model
    def _ar_delayable(self, model, identity_key, description):
        return model.delayable(
            channel=CHANNEL, identity_key=identity_key, description=description
        )

    @staticmethod
    def _ar_digest(args):
        text = json.dumps(args, default=str, sort_keys=True)
        return hashlib.sha1(text.encode()).hexdigest()[:12]

    @staticmethod
    def _ar_chunks(items, size):
        return [items[i : i + size] for i in range(0, len(items), size)]

    @api.model
    def _ar_planned(self, run, count):
        """What a planning call of a scheduled run returns and reports to
        the cron framework: the run itself is in the jobs now."""
        self.env["ir.cron"]._notify_progress(done=0, remaining=0)
        return {"done": 0, "remaining": 0, "jobs": count}
