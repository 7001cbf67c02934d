from odoo import api, fields, models
from odoo.addons.ar_overdue_management.models.core.run_batch import (
    run_batch_size,
    run_day,
)
from odoo.tools import SQL


class AccountMove(models.Model):
    """The daily run as jobs: the invoices whose check date has come, whole
    customers per batch, one job each; the features' day's work once they
    are all done."""

    _inherit = "account.move"

    @api.model
    def _cron_overdue_refresh(self, as_of=None, batch_size=None):
        planner = self.env["ar.job.planner"]
        if not planner._ar_jobs_on():
            return super()._cron_overdue_refresh(as_of=as_of, batch_size=batch_size)
        as_of = run_day(self, as_of)
        batch_size = run_batch_size(self.env, batch_size, "daily")
        day = fields.Date.to_string(as_of)
        batches = [(day, ids) for ids in self.sudo()._ar_due_batches(as_of, batch_size)]

        def describe(index, count, args):
            if index is None:
                return self.env._("Overdue run of %(day)s: the day's work", day=day)
            return self.env._(
                "Overdue run of %(day)s: batch %(index)s of %(count)s (%(moves)s invoices)",
                day=day,
                index=index,
                count=count,
                moves=len(args[1]),
            )

        count = planner._ar_plan(
            "overdue_refresh",
            as_of,
            self.sudo(),
            "_ar_job_overdue_batch",
            batches,
            describe,
            finish=("_ar_job_overdue_finish", (day,)),
        )
        return planner._ar_planned("overdue_refresh", count)

    @api.model
    def _ar_due_batches(self, as_of, batch_size):
        """Ids of the moves whose check date has come, in batches of about
        ``batch_size``, a customer's moves never split over two batches."""
        self.flush_model(["overdue_check_date", "commercial_partner_id"])
        rows = self.env.execute_query(
            SQL(
                """
                SELECT id, commercial_partner_id
                  FROM account_move
                 WHERE overdue_check_date <= %s
              ORDER BY commercial_partner_id, id
                """,
                as_of,
            )
        )
        batches, batch, last = [], [], None
        for move_id, partner_id in rows:
            if len(batch) >= batch_size and partner_id != last:
                batches.append(batch)
                batch = []
            batch.append(move_id)
            last = partner_id
        if batch:
            batches.append(batch)
        return batches

    def _ar_job_overdue_batch(self, day, move_ids):
        """Classify the moves of the batch still due on ``day``."""
        as_of = fields.Date.to_date(day)
        moves = self.sudo().search(
            [("id", "in", move_ids), ("overdue_check_date", "<=", as_of)]
        )
        moves._overdue_refresh(as_of)
        return self.env._("%(count)s invoices classified", count=len(moves))

    def _ar_job_overdue_finish(self, day):
        """The features' work of the day, once every batch is classified."""
        self._overdue_finish_day(fields.Date.to_date(day))
        return self.env._("The day's work of %(day)s done", day=day)
