import logging

from odoo import api, fields, models
from odoo.tools import SQL

from ...policy import aging as aging_policy
from ...policy import history as history_policy
from ..core.ar_aging_report import BUCKET_SELECTION
from ..core.ar_receivable import (
    DUE,
    flush_open_at,
    flush_open_lines,
    open_at_sql,
    open_at_where,
    open_lines_sql,
)

_logger = logging.getLogger(__name__)

#: the buckets of debts already past their due date
PAST_DUE = tuple(b.key for b in aging_policy.BUCKETS if b.days_from)


class ArReceivableSnapshot(models.Model):
    """A company's receivable on one day, by aging bucket, customer tier
    and collector, written by the daily run so trends are drawn without
    reading the ledger again: every day for the last weeks, every month end
    for ever (``policy.history``)."""

    _name = "ar.receivable.snapshot"
    _description = "Receivable Snapshot"
    _order = "date desc, company_id, bucket"
    _rec_name = "date"

    company_id = fields.Many2one("res.company", required=True, readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    date = fields.Date(required=True, readonly=True, index=True)
    month_end = fields.Boolean(
        readonly=True,
        help="A month-end snapshot, kept for ever; the daily ones are dropped "
        "after five weeks.",
    )
    bucket = fields.Selection(
        BUCKET_SELECTION,
        string="Aging Bucket",
        required=True,
        readonly=True,
        group_expand="_group_expand_buckets",
    )
    tier_id = fields.Many2one(
        "ar.overdue.tier", string="Customer Tier", readonly=True, ondelete="set null"
    )
    collector_id = fields.Many2one(
        "res.users",
        readonly=True,
        ondelete="set null",
        help="The owner of the customer's open collection case, else its salesperson.",
    )
    partner_count = fields.Integer(
        string="Customers",
        readonly=True,
        help="Customers with an amount in this row (a customer with amounts in "
        "several buckets counts in each).",
    )
    amount = fields.Monetary(readonly=True, currency_field="currency_id")
    overdue_amount = fields.Monetary(
        readonly=True,
        currency_field="currency_id",
        help="The amount of the buckets past due, before unapplied credits.",
    )
    days_overdue = fields.Float(
        readonly=True,
        digits=(16, 1),
        aggregator="avg",
        help="Days past due of the overdue amount, weighted by amount.",
    )

    @api.model
    def _group_expand_buckets(self, buckets, domain):
        """Buckets in their natural order, the unapplied credits last."""
        return list(aging_policy.COLUMN_KEYS)

    @api.model
    def _read_group_select(self, aggregate_spec, query):
        """Days overdue add up weighted by the overdue amount of each row."""
        if aggregate_spec == "days_overdue:avg":
            days, overdue = (
                self._field_to_sql(self._table, name, query)
                for name in ("days_overdue", "overdue_amount")
            )
            return SQL(
                "COALESCE(SUM(%s * %s) / NULLIF(SUM(%s), 0), 0)", days, overdue, overdue
            )
        return super()._read_group_select(aggregate_spec, query)

    # ------------------------------------------------------------------
    # What was open on a day
    # ------------------------------------------------------------------
    @api.model
    def _history_lines_sql(self, company_ids, day, past):
        """``(company_id, partner_id, due, disputed, amount)`` of every open
        receivable line of ``company_ids``: open now (``past`` false, the
        lines' residual amounts) or open on ``day`` (``past``: later
        payments and reconciliations do not count)."""
        select = SQL(
            """l.company_id, p.commercial_partner_id AS partner_id, %(due)s AS due,
               m.overdue_disputed IS TRUE AS disputed""",
            due=DUE,
        )
        company = SQL("l.company_id = ANY(%s)", list(company_ids))
        if not past:
            flush_open_lines(self.env)
            return open_lines_sql(
                SQL("%s, l.amount_residual AS amount", select), where=company
            )
        flush_open_at(self.env)
        return SQL(
            """
            SELECT %(select)s, %(open)s AS amount
              FROM account_move_line l
              JOIN account_account a
                ON a.id = l.account_id AND a.account_type = 'asset_receivable'
              JOIN account_move m ON m.id = l.move_id
              JOIN res_partner p ON p.id = l.partner_id
             WHERE %(company)s AND %(where)s
            """,
            select=select,
            open=open_at_sql(day),
            company=company,
            where=open_at_where(day),
        )

    # ------------------------------------------------------------------
    # Writing a day
    # ------------------------------------------------------------------
    @api.model
    def _history_write_day(self, companies, day, month_end=False):
        """Replace the snapshot of ``companies`` on ``day`` in two
        statements: what is open now, with the customers' tiers of the
        daily run, or, for a month end, what was open that day with the
        tiers of the customers' month-end figures (written first)."""
        if not companies:
            return
        self._history_delete(companies, day)
        tiers = SQL(
            "SELECT partner_id, company_id, tier_id FROM ar_partner_status"
            " WHERE company_id = ANY(%s)",
            companies.ids,
        )
        if month_end:
            self.env["ar.customer.month"].flush_model()
            tiers = SQL(
                "SELECT partner_id, company_id, tier_id FROM ar_customer_month"
                " WHERE company_id = ANY(%s) AND date = %s",
                companies.ids,
                day,
            )
        else:
            self.env["ar.partner.status"].flush_model(["tier_id"])
        self.env["ar.collection.case"].flush_model(["user_id", "stage"])
        self.env["res.partner"].flush_model(["user_id"])
        lines = self._history_lines_sql(companies.ids, day, month_end)
        self.env.cr.execute(self._history_insert_sql(lines, tiers, day, month_end))
        self.invalidate_model()

    @api.model
    def _history_delete(self, companies, day):
        """Drop the snapshot of ``companies`` on ``day`` (a re-run replaces
        it)."""
        self.flush_model()
        self.env.cr.execute(
            SQL(
                "DELETE FROM ar_receivable_snapshot"
                " WHERE company_id = ANY(%s) AND date = %s",
                companies.ids,
                day,
            )
        )

    @api.model
    def _history_insert_sql(self, lines, tiers, day, month_end):
        """``INSERT … SELECT`` of a day's rows from the open ``lines``: per
        customer and bucket first, then per bucket, tier and collector."""
        days = SQL("(%s::date - x.due)", day)
        bucket = self.env["ar.aging.report"]._bucket_case(days, SQL("x.amount"))
        return SQL(
            """
            WITH x AS (%(lines)s),
            per_customer AS (
                SELECT x.company_id, x.partner_id, %(bucket)s AS bucket,
                       SUM(x.amount) AS amount,
                       SUM(x.amount * GREATEST(%(days)s, 0)) AS amount_days
                  FROM x WHERE x.amount <> 0
              GROUP BY 1, 2, 3
            ),
            tiers AS (%(tiers)s),
            cases AS (
                SELECT DISTINCT ON (partner_id, company_id)
                       partner_id, company_id, user_id
                  FROM ar_collection_case
                 WHERE stage <> 'closed' AND user_id IS NOT NULL
              ORDER BY partner_id, company_id, id DESC
            )
            INSERT INTO ar_receivable_snapshot
                   (company_id, date, month_end, bucket, tier_id, collector_id,
                    partner_count, amount, overdue_amount, days_overdue,
                    create_uid, create_date, write_uid, write_date)
            SELECT y.company_id, %(day)s, %(month_end)s, y.bucket, t.tier_id,
                   COALESCE(c.user_id, cp.user_id), COUNT(*), SUM(y.amount),
                   CASE WHEN y.bucket IN %(past_due)s THEN SUM(y.amount) ELSE 0 END,
                   CASE WHEN y.bucket IN %(past_due)s
                        THEN ROUND(SUM(y.amount_days) / NULLIF(SUM(y.amount), 0), 1)
                        ELSE 0 END,
                   %(uid)s, NOW() AT TIME ZONE 'UTC', %(uid)s, NOW() AT TIME ZONE 'UTC'
              FROM per_customer y
              JOIN res_partner cp ON cp.id = y.partner_id
              LEFT JOIN tiers t
                ON t.partner_id = y.partner_id AND t.company_id = y.company_id
              LEFT JOIN cases c
                ON c.partner_id = y.partner_id AND c.company_id = y.company_id
          GROUP BY y.company_id, y.bucket, t.tier_id, COALESCE(c.user_id, cp.user_id)
            """,
            lines=lines,
            bucket=bucket,
            days=days,
            tiers=tiers,
            day=day,
            month_end=month_end,
            past_due=PAST_DUE,
            uid=self.env.uid,
        )

    # ------------------------------------------------------------------
    # The daily run
    # ------------------------------------------------------------------
    @api.model
    def _history_after_run(self, as_of):
        """The day's snapshot; the last month end (customers, then the
        snapshot) when no run wrote it yet, or again on the month end
        itself; daily snapshots past their keeping dropped."""
        companies = self.env["res.company"].sudo().search([])
        last_end = history_policy.last_month_end(as_of)
        todo = companies.filtered(
            lambda c: (
                as_of == last_end
                or not c.ar_history_month_end
                or c.ar_history_month_end < last_end
            )
        )
        self._history_write_month(todo, last_end)
        if as_of != last_end:
            self._history_write_day(companies, as_of)
        self.env.cr.execute(
            SQL(
                "DELETE FROM ar_receivable_snapshot WHERE NOT month_end AND date < %s",
                history_policy.daily_cutoff(as_of),
            )
        )

    @api.model
    def _history_write_month(self, companies, day):
        """Write the month end ``day`` of ``companies``: the customers'
        figures, then the snapshot, both from what was open that day."""
        if not companies:
            return
        self.env["ar.customer.month"]._month_write(companies, day)
        self._history_write_day(companies, day, month_end=True)
        later = companies.filtered(
            lambda c: not c.ar_history_month_end or c.ar_history_month_end < day
        )
        later.sudo().write({"ar_history_month_end": day})
