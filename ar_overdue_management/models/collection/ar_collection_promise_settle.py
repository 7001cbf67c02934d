from odoo import api, models
from odoo.tools import SQL, format_date

from ...policy import collection as collection_policy
from ..core.ar_receivable import payments_by_day


class ArCollectionPromise(models.Model):
    """The daily settlement of promises, set-wise: one read of the open
    promises, one query of their customers' payments by day, one UPDATE."""

    _inherit = "ar.collection.promise"

    @api.model
    def _promise_settle(self, as_of):
        """Settle the open promises: kept once paid in full, broken the day
        after their date.  Returns ``(kept, broken)``."""
        promises = self.sudo().search([("state", "=", "open")])
        if not promises:
            return promises, promises
        by_pair = {}
        for p in promises:
            by_pair.setdefault((p.partner_id.id, p.company_id.id), []).append(
                (p.id, p.given_date, min(p.date, as_of), p.amount)
            )
        payments = payments_by_day(
            self.env,
            {
                pair: (
                    min(first for _k, first, _last, _a in rows),
                    max(last for _k, _first, last, _a in rows),
                )
                for pair, rows in by_pair.items()
            },
        )
        received = {}
        for pair, rows in by_pair.items():
            received.update(collection_policy.share_payments(rows, payments[pair]))
        outcomes = {
            p: collection_policy.promise_outcome(
                p.amount,
                received[p.id],
                p.date,
                as_of,
                precision=p.currency_id.rounding / 2,
            )
            for p in promises
        }
        self._promise_write_settlement(outcomes, received, as_of)
        kept = promises.filtered(lambda p: outcomes[p] == collection_policy.KEPT)
        broken = promises.filtered(lambda p: outcomes[p] == collection_policy.BROKEN)
        kept.case_id._message_log_batch(
            bodies={
                p.case_id.id: self.env._("Promise kept: %(promise)s", promise=p.name)
                for p in kept
            }
        )
        notes = {}
        for promise in broken:
            notes.setdefault(promise.case_id.id, []).append(
                self.env._(
                    "Promise broken: %(amount)s promised by %(date)s, %(paid)s paid.",
                    amount=promise.currency_id.format(promise.amount),
                    date=format_date(self.env, promise.date),
                    paid=promise.currency_id.format(received[promise.id]),
                )
            )
        broken.case_id._case_promise_broken(notes, as_of)
        return kept, broken

    @api.model
    def _promise_write_settlement(self, outcomes, received, as_of):
        """Paid amounts of all, states of the settled, in one UPDATE."""
        self.flush_model(["state", "paid_amount", "settled_date"])
        self.env.cr.execute(
            SQL(
                """
                UPDATE ar_collection_promise p
                   SET paid_amount = v.paid, state = v.state,
                       settled_date = CASE WHEN v.state = 'open' THEN NULL
                                           ELSE %s::date END
                  FROM unnest(%s::int[], %s::numeric[], %s::varchar[])
                       AS v(id, paid, state)
                 WHERE p.id = v.id
                """,
                as_of,
                [p.id for p in outcomes],
                [received[p.id] for p in outcomes],
                list(outcomes.values()),
            )
        )
        self.invalidate_model(["state", "paid_amount", "settled_date"])
