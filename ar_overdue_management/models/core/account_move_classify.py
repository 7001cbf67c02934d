import logging

from odoo import api, fields, models
from odoo.tools import SQL

from ...policy import tiers as tier_policy
from .ar_receivable import CUSTOMER_MOVE_TYPES, DUE, flush_open_lines, open_lines_sql
from .run_batch import run_batch_size, run_day
from .run_lock import try_run_lock

_logger = logging.getLogger(__name__)


class AccountMove(models.Model):
    """The daily run, top to bottom: the invoices whose check date has come
    are classified into tiers (one read, one UPDATE), their customers are
    refreshed (``ar.partner.status._overdue_refresh_partners``, which hands
    what changed to the features through ``_overdue_after_refresh``), and
    once the last batch is done the features do the day's work through
    ``ar.partner.status._overdue_after_run``.  Core names no feature."""

    _inherit = "account.move"

    # ------------------------------------------------------------------
    # The daily run
    # ------------------------------------------------------------------
    @api.model
    def _cron_overdue_refresh(self, as_of=None, batch_size=None):
        """Daily run: reclassify the invoices whose check date has come.

        Each call handles one batch and reports progress, so the cron
        framework commits between batches and a run cut short resumes where
        it stopped: moves already done have a later check date and customers
        already warned have their warned tier stored.  A batch that finds
        another worker in the run leaves it to that one (``run_lock``).
        """
        if not try_run_lock(self.env, "overdue_refresh"):
            self.env["ir.cron"]._notify_progress(done=0, remaining=0)
            return {"done": 0, "remaining": 0}
        as_of = run_day(self, as_of)
        batch_size = run_batch_size(self.env, batch_size, "daily")
        moves_model = self.sudo()
        moves = moves_model.browse(moves_model._overdue_due_batch(as_of, batch_size))
        moves._overdue_refresh(as_of)
        remaining = 0
        if len(moves) >= batch_size:
            remaining = moves_model.search_count([("overdue_check_date", "<=", as_of)])
        if not remaining:
            self._overdue_finish_day(as_of)
        self.env["ir.cron"]._notify_progress(done=len(moves), remaining=remaining)
        return {"done": len(moves), "remaining": remaining}

    @api.model
    def _overdue_due_batch(self, as_of, batch_size):
        """Ids of the next moves whose check date has come, whole customers
        per batch: a customer whose invoices cross several tiers the same
        night is classified, and warned, once."""
        self.flush_model(["overdue_check_date", "commercial_partner_id"])
        rows = self.env.execute_query(
            SQL(
                """
                SELECT id, commercial_partner_id
                  FROM account_move
                 WHERE overdue_check_date <= %(as_of)s
              ORDER BY commercial_partner_id, id
                 LIMIT %(limit)s
                """,
                as_of=as_of,
                limit=batch_size,
            )
        )
        ids = [move_id for move_id, _partner in rows]
        if len(rows) == batch_size:
            ids += [
                move_id
                for (move_id,) in self.env.execute_query(
                    SQL(
                        """
                        SELECT id FROM account_move
                         WHERE overdue_check_date <= %s
                           AND commercial_partner_id = %s AND id > %s
                        """,
                        as_of,
                        rows[-1][1],
                        rows[-1][0],
                    )
                )
            ]
        return ids

    @api.model
    def _overdue_finish_day(self, as_of):
        """Once the last batch is classified, the features do the day's
        work (``ar.partner.status._overdue_after_run``), in a savepoint: a
        failure there is logged and leaves the tiers just written in place
        (the next run tries that work again)."""
        try:
            with self.env.cr.savepoint():
                self.env["ar.partner.status"].sudo()._overdue_after_run(as_of)
        except Exception:
            _logger.exception("The day's work of %s failed; tiers are kept", as_of)

    # ------------------------------------------------------------------
    # Classification
    # ------------------------------------------------------------------
    def _overdue_refresh(self, as_of=None, warn=True):
        """Classify these moves and update their customers, notifying the
        owners of tiers newly entered.  Returns the customers touched as a
        set of ``(commercial partner id, company id)``."""
        other_ids = []
        pairs = self._overdue_classify(as_of, others=other_ids)
        # payments and journal entries move the customer's net balance too
        others = self.browse(other_ids)
        pairs |= {
            (line.partner_id.commercial_partner_id.id, line.company_id.id)
            for line in others.line_ids
            if line.partner_id and line.account_id.account_type == "asset_receivable"
        }
        self.env["ar.partner.status"]._overdue_refresh_partners(pairs, as_of, warn)
        return pairs

    def _overdue_rows(self):
        """``[(id, company, customer, tier, due, check, disputed, eligible,
        open due dates)]`` of these moves, in two set-wise queries."""
        flush_open_lines(self.env)
        self.flush_model(["overdue_tier_id", "overdue_due_date", "overdue_check_date"])
        moves = self.env.execute_query(
            SQL(
                """
                SELECT id, company_id, commercial_partner_id, overdue_tier_id,
                       overdue_due_date, overdue_check_date,
                       overdue_disputed IS TRUE,
                       state = 'posted' AND move_type IN %(types)s,
                       move_type IN %(types)s
                  FROM account_move
                 WHERE id = ANY(%(ids)s)
                """,
                types=CUSTOMER_MOVE_TYPES,
                ids=self.ids,
            )
        )
        dates = dict(
            self.env.execute_query(
                open_lines_sql(
                    SQL("l.move_id, ARRAY_AGG(DISTINCT %s)", DUE),
                    where=SQL(
                        "l.move_id = ANY(%s) AND l.amount_residual > 0", self.ids
                    ),
                    group_by=SQL("l.move_id"),
                )
            )
        )
        return [(*row, dates.get(row[0])) for row in moves]

    def _overdue_classify(self, as_of=None, others=None):
        """Recompute oldest due date, tier and next check date of these moves.

        The policy classifies each distinct (company, due date) once, and one
        UPDATE writes the rows whose values changed.  Returns the customers
        concerned as a set of ``(commercial partner id, company id)``; the
        ids of moves that are no customer documents (payments, entries) are
        added to ``others`` when given.
        """
        if not self:
            return set()
        as_of = as_of or fields.Date.context_today(self)
        rows = self._overdue_rows()
        companies = self.env["res.company"].browse({row[1] for row in rows})
        specs = self.env["ar.overdue.tier"]._specs_by_company(companies)
        cache = {}

        def tier_and_boundary(company_id, due):
            if (company_id, due) not in cache:
                spec = tier_policy.classify_days((as_of - due).days, specs[company_id])
                cache[company_id, due] = (
                    spec.key if spec else None,
                    tier_policy.next_boundary(due, as_of, specs[company_id]),
                )
            return cache[company_id, due]

        changed = []
        pairs = set()
        for row in rows:
            move_id, company_id, partner_id, *old, disputed, eligible, customer = row[
                :-1
            ]
            dates = row[-1]
            if not customer and others is not None:
                others.append(move_id)
            new = (None, None, None)
            if eligible and dates:
                due = min(dates)
                if disputed:
                    new = (None, due, None)
                else:
                    checks = [tier_and_boundary(company_id, d)[1] for d in dates]
                    checks = [c for c in checks if c]
                    new = (
                        tier_and_boundary(company_id, due)[0],
                        due,
                        min(checks) if checks else None,
                    )
            if new != tuple(old):
                changed.append((move_id, *new))
            if partner_id and (eligible or old[0]):
                pairs.add((partner_id, company_id))
        self._overdue_write_classes(changed)
        return pairs

    def _overdue_write_classes(self, changed):
        """Write ``[(move id, tier, due, check)]`` in one UPDATE."""
        if not changed:
            return
        ids, tier_ids, due_dates, check_dates = (
            list(c) for c in zip(*changed, strict=False)
        )
        self.env.cr.execute(
            SQL(
                """
                UPDATE account_move m
                   SET overdue_tier_id = v.tier_id,
                       overdue_due_date = v.due_date,
                       overdue_check_date = v.check_date
                  FROM unnest(%s::int[], %s::int[], %s::date[], %s::date[])
                       AS v(id, tier_id, due_date, check_date)
                 WHERE m.id = v.id
                """,
                ids,
                tier_ids,
                due_dates,
                check_dates,
            )
        )
        written = ["overdue_tier_id", "overdue_due_date", "overdue_check_date"]
        self.invalidate_model(written)
        # the UPDATE bypassed the ORM: drop what the cache derived from the
        # old values (days overdue, traffic light)
        self.browse(ids).modified(written)
