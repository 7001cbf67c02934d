from datetime import timedelta

from odoo import api, models
from odoo.tools import SQL

from ...policy import provision as provision_policy
from ..core.ar_receivable import DUE, flush_open_at, open_at_sql


class ArProvisionRate(models.Model):
    """Rates learned from the company's own history: at each of the last
    thirteen month ends, what every customer invoice still owed and in
    which monthly aging bucket; how much of each bucket rolled into the
    next a month later; the expected loss of each bucket is the product of
    the rolls from it to the last bucket."""

    _inherit = "ar.provision.rate"

    @api.model
    def _provision_month_ends(self, as_of, count=13):
        """The last ``count`` month ends up to ``as_of``, oldest first."""
        ends = []
        day = as_of.replace(day=1) - timedelta(days=1)
        for _i in range(count):
            ends.append(day)
            day = day.replace(day=1) - timedelta(days=1)
        return ends[::-1]

    @api.model
    def _provision_history(self, company, ends):
        """``[(month index, due date, open at that month end, open at the
        next, invoice ids)]``: the customer invoices' open amounts, summed
        by due date, in one query."""
        flush_open_at(self.env)
        return self.env.execute_query(
            SQL(
                """
                WITH ends AS (
                    SELECT k::int AS k, d::date AS d
                      FROM unnest(%(ends)s::date[]) WITH ORDINALITY AS e(d, k)
                ), debts AS (
                    SELECT l.id, l.move_id, l.date, l.balance, %(due)s AS due
                      FROM account_move_line l
                      JOIN account_account a
                        ON a.id = l.account_id AND a.account_type = 'asset_receivable'
                      JOIN account_move m ON m.id = l.move_id AND m.move_type = 'out_invoice'
                     WHERE l.parent_state = 'posted' AND l.company_id = %(company)s
                       AND l.balance > 0 AND l.date <= %(last)s
                       AND (l.reconciled IS NOT TRUE OR EXISTS (
                            SELECT 1 FROM account_partial_reconcile r
                             WHERE r.debit_move_id = l.id AND r.max_date > %(first)s))
                ), open_at AS (
                    SELECT e.k, l.id, l.move_id, l.due, %(open)s AS open
                      FROM ends e JOIN debts l ON l.date <= e.d
                )
                SELECT a.k, a.due, SUM(a.open), SUM(COALESCE(b.open, 0)),
                       ARRAY_AGG(DISTINCT a.move_id)
                  FROM open_at a
             LEFT JOIN open_at b ON b.id = a.id AND b.k = a.k + 1
                 WHERE a.open > 0 AND a.k < %(count)s
              GROUP BY a.k, a.due
                """,
                ends=ends,
                due=DUE,
                open=open_at_sql(SQL("e.d")),
                company=company.id,
                first=ends[0],
                last=ends[-1],
                count=len(ends),
            )
        )

    @api.model
    def _provision_transitions(self, rows, ends):
        """The history's amounts that left their monthly bucket in a month
        (``policy.provision.Transition``) and the invoices seen leaving
        (``policy.provision.Observation``)."""
        transitions, observations = [], []
        for k, due, open_now, open_next, invoices in rows:
            now, later = ends[k - 1], ends[k]
            bucket = provision_policy.monthly_bucket((now - due).days)
            next_bucket = provision_policy.monthly_bucket((later - due).days)
            if next_bucket == bucket and bucket < provision_policy.MONTHLY - 1:
                continue  # still in its bucket: tells nothing yet
            # what is still open a month later has rolled on (or, in the
            # last bucket, stayed there)
            transitions.append(
                provision_policy.Transition(bucket, float(open_now), float(open_next))
            )
            observations.extend(
                provision_policy.Observation(bucket, k, invoice) for invoice in invoices
            )
        return transitions, observations

    @api.model
    def _provision_learn(self, company, as_of):
        """Learn and store the rates of ``company`` from its last twelve
        months; returns ``{bucket: rate}``."""
        ends = self._provision_month_ends(as_of)
        rows = self._provision_history(company, ends)
        transitions, observations = self._provision_transitions(rows, ends)
        rolls = provision_policy.roll_rates(transitions)
        losses = provision_policy.expected_loss_rates(rolls)
        held = [0.0] * provision_policy.MONTHLY
        for transition in transitions:
            held[transition.bucket] += transition.held
        learned = provision_policy.learned_bucket_rates(losses, held)
        history = provision_policy.bucket_history(observations)
        rates = self.sudo().search([("company_id", "=", company.id)])
        for rate in rates:
            rate.write(
                {
                    "learned_rate": learned[rate.bucket],
                    "learned_date": as_of,
                    "learned_months": history[rate.bucket].months,
                    "learned_invoices": history[rate.bucket].invoices,
                }
            )
        return learned
