from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL, format_date

from ...policy import credit as credit_policy
from ..core.ar_receivable import log_on_customers, payment_habits, split_pairs
from ..core.bulk_rows import insert_rows, stored_values
from ..core.run_batch import run_batch_size, run_day


class ArPartnerCredit(models.Model):
    """Credit rating: the facts of each customer, its score and grade, the
    history of every rating and the monthly review."""

    _inherit = "ar.partner.credit"

    @api.model
    def _credit_facts(self, pairs, as_of, summaries=None):
        """Read, set-wise, what the rating needs of each customer;
        ``summaries`` are their receivable summaries on ``as_of`` when the
        caller has them.

        Returns ``{pair: dict}`` with on_time_share, avg_days_late,
        lateness_trend, overdue_ratio, max_days_overdue, disputed_count, broken_promises,
        avg_monthly_sales.
        """
        since = as_of - timedelta(days=365)
        history = self._credit_payment_history(pairs, as_of, since)
        if summaries is None:
            summaries = self.env["ar.partner.status"]._overdue_summaries(pairs, as_of)
        sales = self._credit_sales(pairs, as_of, since)
        promises = self._credit_broken_promises(pairs, as_of)
        habits = payment_habits(self.env, pairs, as_of)
        facts = {
            pair: {
                "on_time_share": None,
                "avg_days_late": 0.0,
                "overdue_ratio": 0.0,
                "max_days_overdue": 0,
                "disputed_count": 0,
                "broken_promises": promises.get(pair, 0),
                "avg_monthly_sales": None,  # None: no sales in 12 months
                "lateness_trend": habits[pair].trend if habits.get(pair) else 0.0,
            }
            for pair in pairs
        }
        for partner_id, company_id, due, on_time, late, late_days in history:
            pair = (partner_id, company_id)
            if pair not in facts or not due:
                continue
            facts[pair]["on_time_share"] = round(100.0 * (on_time or 0.0) / due, 2)
            facts[pair]["avg_days_late"] = (
                round((late_days or 0.0) / late, 2) if late else 0.0
            )
        for pair, summary in summaries.items():
            facts[pair]["overdue_ratio"] = round(summary.ratio, 2)
            facts[pair]["max_days_overdue"] = summary.days_overdue(as_of)
            facts[pair]["disputed_count"] = summary.disputed_count
        for partner_id, company_id, amount in sales:
            pair = (partner_id, company_id)
            if pair in facts and amount:
                facts[pair]["avg_monthly_sales"] = amount / 12.0
        return facts

    @api.model
    def _credit_payment_history(self, pairs, as_of, since):
        """``[(partner, company, amount due, paid on time, paid late, late
        amount-days)]`` of the invoice instalments due in the 12 months."""
        partner_ids, company_ids = split_pairs(pairs)
        self.env["res.partner"].flush_model(["commercial_partner_id"])
        self.env["account.move.line"].flush_model()
        self.env["account.move"].flush_model()
        self.env["account.partial.reconcile"].flush_model()
        return self.env.execute_query(
            SQL(
                """
                SELECT p.commercial_partner_id, l.company_id,
                       SUM(l.balance),
                       SUM(LEAST(l.balance, COALESCE(pr.on_time, 0))),
                       SUM(COALESCE(pr.late, 0)),
                       SUM(COALESCE(pr.late_days, 0))
                  FROM account_move_line l
                  JOIN account_account a
                    ON a.id = l.account_id AND a.account_type = 'asset_receivable'
                  JOIN account_move m ON m.id = l.move_id AND m.move_type = 'out_invoice'
                  JOIN res_partner p ON p.id = l.partner_id
             LEFT JOIN LATERAL (
                       SELECT SUM(r.amount) FILTER (WHERE r.max_date <= l.date_maturity) AS on_time,
                              SUM(r.amount) FILTER (WHERE r.max_date > l.date_maturity) AS late,
                              SUM(r.amount * (r.max_date - l.date_maturity))
                                  FILTER (WHERE r.max_date > l.date_maturity) AS late_days
                         FROM account_partial_reconcile r
                        WHERE r.debit_move_id = l.id AND r.max_date <= %(as_of)s
                   ) pr ON TRUE
                 WHERE l.parent_state = 'posted'
                   AND l.balance > 0
                   AND l.date_maturity > %(since)s AND l.date_maturity <= %(as_of)s
                   AND p.commercial_partner_id = ANY(%(partners)s)
                   AND l.company_id = ANY(%(companies)s)
              GROUP BY 1, 2
                """,
                as_of=as_of,
                since=since,
                partners=partner_ids,
                companies=company_ids,
            )
        )

    @api.model
    def _credit_sales(self, pairs, as_of, since):
        """``[(partner, company, untaxed sales)]`` invoiced in the 12 months,
        credit notes deducted."""
        partner_ids, company_ids = split_pairs(pairs)
        return self.env.execute_query(
            SQL(
                """
                SELECT m.commercial_partner_id, m.company_id, SUM(m.amount_untaxed_signed)
                  FROM account_move m
                 WHERE m.state = 'posted'
                   AND m.move_type IN ('out_invoice', 'out_refund')
                   AND m.invoice_date > %(since)s AND m.invoice_date <= %(as_of)s
                   AND m.commercial_partner_id = ANY(%(partners)s)
                   AND m.company_id = ANY(%(companies)s)
              GROUP BY 1, 2
                """,
                as_of=as_of,
                since=since,
                partners=partner_ids,
                companies=company_ids,
            )
        )

    @api.model
    def _credit_broken_promises(self, pairs, as_of):
        """Broken payment promises per customer: ``{pair: count}``.

        Collections will record promises to pay; until then nobody has
        broken one, so the factor gives full marks.
        """
        return {}

    @api.model
    def _credit_company_settings(self, companies):
        """``{company id: (weights dict, thresholds tuple)}``."""
        return {
            company.id: company._credit_weights_thresholds() for company in companies
        }

    @api.model
    def _credit_rate(self, pairs, as_of=None, trigger="manual", reason=None):
        """Rate these customers, keep the history, apply the grade policy and
        refresh their holds.  Returns the credit records rated."""
        as_of = as_of or fields.Date.context_today(self)
        by_pair = self._get_or_create(pairs)
        if not by_pair:
            return self.browse()
        records = self.sudo().browse([r.id for r in by_pair.values()])
        settings = self._credit_company_settings(records.company_id)
        # read once for the facts and the holds: the holds take only the open
        # amounts from them, which do not depend on the day
        summaries = self.env["ar.partner.status"]._overdue_summaries(
            set(by_pair), as_of
        )
        facts = self._credit_facts(set(by_pair), as_of, summaries)
        history_vals, updates, bodies, expired_ids = [], {}, {}, set()
        for pair, record in by_pair.items():
            record = record.sudo()
            customer, rating, grade, override_active = record._credit_rate_one(
                facts[pair], settings[pair[1]], as_of
            )
            if record.override_grade and not override_active:
                expired_ids.add(record.id)
            updates[record.id] = (rating.score, rating.grade, grade)
            if grade != record.grade:
                bodies[pair] = (
                    self.env._(
                        "Credit grade: %(old)s → %(new)s (%(company)s).",
                        old=record.grade,
                        new=grade,
                        company=record.company_id.name,
                    )
                    if record.grade
                    else self.env._(
                        "Credit grade set to %(new)s (%(company)s).",
                        new=grade,
                        company=record.company_id.name,
                    )
                )
            history_vals.append(
                record._credit_history_vals(
                    as_of,
                    facts[pair],
                    customer,
                    rating,
                    grade,
                    override_active,
                    "override_expired" if record.id in expired_ids else trigger,
                    reason,
                )
            )
        ratings = self.env["ar.credit.rating"].sudo()
        insert_rows(ratings, stored_values(ratings, history_vals))
        self._credit_write_ratings(updates, as_of)
        if expired_ids:
            records.browse(sorted(expired_ids)).write(
                {
                    "override_grade": False,
                    "override_reason": False,
                    "override_expiry": False,
                }
            )
        log_on_customers(self.env, bodies)
        records._credit_apply_grade_policy(facts)
        records._credit_refresh_holds(summaries=summaries)
        return records

    def _credit_rate_one(self, f, settings, as_of):
        """Score this customer from its facts ``f``; the grade in force is the
        override while it lasts.  Returns ``(facts, rating, grade, override
        in force)``."""
        self.ensure_one()
        weights, thresholds = settings
        customer = credit_policy.CustomerFacts(
            on_time_share=f["on_time_share"],
            avg_days_late=f["avg_days_late"],
            lateness_trend=f["lateness_trend"],
            overdue_ratio=f["overdue_ratio"],
            max_days_overdue=f["max_days_overdue"],
            disputed_count=f["disputed_count"],
            broken_promises=f["broken_promises"],
            industry_risk=self.partner_id.industry_id.ar_credit_risk or 0.0,
            manual_adjustment=self.adjustment,
        )
        rating = credit_policy.rate(customer, weights, thresholds)
        override_active = credit_policy.override_in_force(
            self.override_grade, self.override_expiry, as_of
        )
        grade = self.override_grade if override_active else rating.grade
        return customer, rating, grade, override_active

    @api.model
    def _credit_write_ratings(self, updates, as_of):
        """Write ``{id: (score, computed grade, grade)}`` in one UPDATE."""
        ids = list(updates)
        self.flush_model()
        self.env.cr.execute(
            SQL(
                """
                UPDATE ar_partner_credit c
                   SET score = v.score, computed_grade = v.computed, grade = v.grade,
                       rating_date = %s, write_date = NOW() AT TIME ZONE 'UTC',
                       write_uid = %s
                  FROM unnest(%s::int[], %s::float8[], %s::varchar[], %s::varchar[])
                       AS v(id, score, computed, grade)
                 WHERE c.id = v.id
                """,
                as_of,
                self.env.uid,
                ids,
                [updates[i][0] for i in ids],
                [updates[i][1] for i in ids],
                [updates[i][2] for i in ids],
            )
        )
        self.invalidate_model(["score", "computed_grade", "grade", "rating_date"])
        self._credit_invalidate_dependents()

    def _credit_history_vals(
        self, as_of, f, customer, rating, grade, override_active, trigger, reason
    ):
        """One line of the rating history: the facts, each factor's
        sub-score, the grade given and why."""
        self.ensure_one()
        record = self
        return {
            "credit_id": record.id,
            "partner_id": record.partner_id.id,
            "company_id": record.company_id.id,
            "date": as_of,
            "score": rating.score,
            "grade": grade,
            "computed_grade": rating.grade,
            "trigger": trigger,
            "user_id": self.env.user.id,
            "reason": reason
            or (
                self.env._(
                    "Grade %(grade)s kept by override until %(date)s: %(reason)s",
                    grade=grade,
                    date=format_date(self.env, record.override_expiry) or "-",
                    reason=record.override_reason or "",
                )
                if override_active
                else False
            ),
            "on_time_share": f["on_time_share"]
            if f["on_time_share"] is not None
            else 100.0,
            "avg_days_late": f["avg_days_late"],
            "lateness_trend": f["lateness_trend"],
            "overdue_ratio": f["overdue_ratio"],
            "max_days_overdue": f["max_days_overdue"],
            "disputed_count": f["disputed_count"],
            "broken_promises": f["broken_promises"],
            "industry_risk": customer.industry_risk,
            "manual_adjustment": customer.manual_adjustment,
            **{f"score_{name}": value for name, value in rating.factors.items()},
        }

    # ------------------------------------------------------------------
    # Crons
    # ------------------------------------------------------------------
    @api.model
    def _credit_active_pairs_sql(self, as_of, limit):
        """Customers with receivable activity in the last 12 months (or
        anything open) not yet rated on ``as_of``; at most ``limit`` (None:
        all)."""
        since = as_of - timedelta(days=365)
        return SQL(
            """
            SELECT DISTINCT p.commercial_partner_id, l.company_id
              FROM account_move_line l
              JOIN account_account a
                ON a.id = l.account_id AND a.account_type = 'asset_receivable'
              JOIN res_partner p ON p.id = l.partner_id
         LEFT JOIN ar_partner_credit c
                ON c.partner_id = p.commercial_partner_id AND c.company_id = l.company_id
             WHERE l.parent_state = 'posted'
               AND (l.date > %(since)s OR l.reconciled IS NOT TRUE)
               AND (c.rating_date IS NULL OR c.rating_date < %(as_of)s)
             LIMIT %(limit)s
            """,
            since=since,
            as_of=as_of,
            limit=limit,
        )

    @api.model
    def _credit_pairs_to_rate(self, as_of):
        """``[(customer, company)]`` with activity not rated on ``as_of``
        yet, in one query."""
        self.env["res.partner"].flush_model(["commercial_partner_id"])
        self.env["account.move.line"].flush_model()
        self.flush_model()
        return self.env.execute_query(self._credit_active_pairs_sql(as_of, None))

    @api.model
    def _cron_credit_rate(self, as_of=None, batch_size=None):
        """Monthly review: rate every customer with activity, one batch per
        call; a run cut short resumes with the customers not rated yet."""
        as_of = run_day(self, as_of)
        batch_size = run_batch_size(self.env, batch_size, "credit")
        # every customer still to rate, once: this batch and how many remain
        rows = self._credit_pairs_to_rate(as_of)
        pairs = {(p, c) for p, c in rows[:batch_size]}
        self.sudo()._credit_rate(pairs, as_of=as_of, trigger="cron")
        remaining = max(len(rows) - batch_size, 0)
        self.env["ir.cron"]._notify_progress(done=len(pairs), remaining=remaining)
        return {"done": len(pairs), "remaining": remaining}
