from odoo import api, models
from odoo.tools import SQL

from ...policy import statement as statement_policy
from ..core.run_batch import run_batch_size, run_day
from ..core.run_lock import try_run_lock


class ArStatement(models.Model):
    """The scheduled statements: on each company's statement day, one per
    customer with a balance or an entry in the period that ended (monthly,
    or quarterly where the customer asks so), in batches; then the
    statements left unanswered past their delay are listed for their
    owners."""

    _inherit = "ar.statement"

    @api.model
    def _cron_statement_run(self, as_of=None, batch_size=None):
        """Make and e-mail a batch of the statements due; report progress
        like the other daily runs; leave the run to another worker already
        in it (``run_lock``)."""
        if not try_run_lock(self.env, "statement_run"):
            self.env["ir.cron"]._notify_progress(done=0, remaining=0)
            return {"done": 0, "remaining": 0}
        as_of = run_day(self, as_of)
        batch_size = run_batch_size(self.env, batch_size, "statement")
        model = self.sudo()
        model._mailed_retry(as_of)
        made, remaining = model.browse(), 0
        for company, todos in model._statement_due_todos(as_of).items():
            left = 0
            for _frequency, period, todo in todos:
                take = todo[: max(batch_size - len(made), 0)]
                left += len(todo) - len(take)
                made |= model._statement_build(take, *period, scheduled=True)
            if not left:
                model._statement_month_done(company, as_of)
            remaining += left
        made._statement_send()
        model._statement_chase(as_of)
        self.env["ir.cron"]._notify_progress(done=len(made), remaining=remaining)
        return {"done": len(made), "remaining": remaining}

    @api.model
    def _statement_due_todos(self, as_of):
        """``{company: [(frequency, period, customers)]}`` of the companies
        whose statements are due on ``as_of``: for each frequency, the
        ``(customer, company)`` pairs with no scheduled statement of the
        period yet."""
        todos = {}
        for company in self.env["res.company"].sudo().search([]):
            if not self._statement_company_due(company, as_of):
                continue
            todos[company] = [
                (frequency, period, self._statement_todo(company, frequency, period))
                for frequency in ("monthly", "quarterly")
                if (period := statement_policy.previous_period(frequency, as_of))
            ]
        return todos

    @api.model
    def _statement_month_done(self, company, as_of):
        """Nothing left this month: the next days skip the company."""
        company.ar_statement_done_until = as_of.replace(day=1)

    def _statement_send(self):
        """Queue these scheduled statements: their PDFs and e-mails."""
        self.write({"state": "queued"})
        self._mailed_render_pdfs()
        self._mailed_queue_mails()

    @api.model
    def _statement_company_due(self, company, as_of):
        done = company.ar_statement_done_until
        return statement_policy.statement_due_today(
            as_of, company.ar_statement_day
        ) and not (done and done >= as_of.replace(day=1))

    @api.model
    def _statement_todo(self, company, frequency, period):
        """The customers of ``company`` asking ``frequency`` who have no
        scheduled statement of ``period`` yet."""
        date_from, date_to = period
        return self._statement_customers([company.id], date_from, date_to, frequency)

    @api.model
    def _statement_chase(self, as_of):
        """Statements unanswered past their delay: flagged, and their owner
        gets one activity."""
        late = self.search(
            [
                ("answer", "=", "none"),
                ("answer_late", "=", False),
                ("answer_deadline", "<", as_of),
            ]
        )
        late.write({"answer_late": True})
        for statement in late.filtered("user_id"):
            statement.activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=statement.user_id.id,
                summary=self.env._(
                    "%(customer)s has not answered statement %(ref)s",
                    customer=statement.partner_id.name,
                    ref=statement.name,
                ),
            )
        return late

    @api.model
    def _merge_keep_statements(self, src_partners, dst_partner):
        """Customers merged: a scheduled statement of a merged customer for
        a period the kept customer has one of too is kept, as made on demand
        (one scheduled statement per period is the monthly run's rule, and
        the merge would delete the row that breaks it)."""
        kept = self.sudo().search(
            [("partner_id", "=", dst_partner.id), ("scheduled", "=", True)]
        )
        periods = {(s.company_id.id, s.date_from, s.date_to) for s in kept}
        clash = (
            self.sudo()
            .search([("partner_id", "in", src_partners.ids), ("scheduled", "=", True)])
            .filtered(lambda s: (s.company_id.id, s.date_from, s.date_to) in periods)
        )
        if clash:
            self.env.cr.execute(
                SQL(
                    "UPDATE ar_statement SET scheduled = FALSE WHERE id = ANY(%s)",
                    clash.ids,
                )
            )
            clash.invalidate_recordset(["scheduled"])
