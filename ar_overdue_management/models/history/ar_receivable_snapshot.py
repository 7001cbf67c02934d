from odoo import api, fields, models
from odoo.tools import SQL

from ...policy import aging as aging_policy
from ...policy import history as history_policy
from ..core.ar_aging_report import BUCKET_SELECTION
from ..core.ar_receivable import (
    DUE,
    flush_open_at,
    open_at_sql,
    open_at_where,
    without_jit,
)

#: the buckets of debts already past their due date
PAST_DUE = tuple(b.key for b in aging_policy.BUCKETS if b.days_from)


class ArReceivableSnapshot(models.Model):
    """A company's receivable at a month end, by aging bucket, customer
    tier and collector, written by the daily run (the first run on or after
    the month end) so trends are drawn without reading the ledger again."""

    _name = "ar.receivable.snapshot"
    _description = "Receivable Snapshot"
    _order = "date desc, company_id, bucket"
    _rec_name = "date"

    company_id = fields.Many2one("res.company", required=True, readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    date = fields.Date(required=True, readonly=True, index=True)
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
    def _history_lines_sql(self, company_ids, day):
        """``(company_id, partner_id, due, disputed, amount)`` of every
        receivable line of ``company_ids`` open on ``day``, for the amount
        then open (later payments and reconciliations do not count)."""
        flush_open_at(self.env)
        return SQL(
            """
            SELECT l.company_id, p.commercial_partner_id AS partner_id,
                   %(due)s AS due, m.overdue_disputed IS TRUE AS disputed,
                   %(open)s AS amount%(extra)s
              FROM account_move_line l
              JOIN account_account a
                ON a.id = l.account_id AND a.account_type = 'asset_receivable'
              JOIN account_move m ON m.id = l.move_id
              JOIN res_partner p ON p.id = l.partner_id
             WHERE l.company_id = ANY(%(companies)s) AND %(where)s
            """,
            due=DUE,
            open=open_at_sql(day),
            extra=SQL("").join(
                SQL(", %s AS %s", expr, SQL.identifier(name))
                for name, expr in self._history_line_dimensions().items()
            ),
            companies=list(company_ids),
            where=open_at_where(day),
        )

    # ------------------------------------------------------------------
    # Writing a month end
    # ------------------------------------------------------------------
    @api.model
    def _history_write_month(self, companies, day):
        """Replace the month end ``day`` of ``companies``: the customers'
        figures (``ar.customer.month``), then the snapshot, whose tiers are
        theirs, both from what was open that day: a rebuilt month end is
        what the run of that day wrote."""
        if not companies:
            return
        self.flush_model()
        self.env["ar.collection.case"].flush_model(["user_id", "stage"])
        self.env["res.partner"].flush_model(["user_id"])
        with without_jit(self.env.cr):
            self.env["ar.customer.month"]._month_write(companies, day)
            self.env.cr.execute(
                SQL(
                    "DELETE FROM ar_receivable_snapshot"
                    " WHERE company_id = ANY(%s) AND date = %s",
                    companies.ids,
                    day,
                )
            )
            self.env.cr.execute(self._history_insert_sql(companies, day))
        self.invalidate_model()
        later = companies.filtered(
            lambda c: not c.ar_history_month_end or c.ar_history_month_end < day
        )
        later.sudo().write({"ar_history_month_end": day})

    @api.model
    def _history_insert_sql(self, companies, day):
        """``INSERT … SELECT`` of a month end's rows from the lines open that
        day: per customer and bucket first, then per bucket, tier (of the
        customers' month-end figures) and collector."""
        days = SQL("(%s::date - x.due)", day)
        bucket = self.env["ar.aging.report"]._bucket_case(days, SQL("x.amount"))
        line_dimensions = self._history_line_dimensions()
        dimensions = {
            **self._history_dimensions(),
            **{name: SQL.identifier("y", name) for name in line_dimensions},
        }
        return SQL(
            """
            WITH x AS MATERIALIZED (%(lines)s),
            per_customer AS (
                SELECT x.company_id, x.partner_id, %(bucket)s AS bucket,
                       %(line_values)s
                       SUM(x.amount) AS amount,
                       SUM(x.amount * GREATEST(%(days)s, 0)) AS amount_days
                  FROM x WHERE x.amount <> 0
              GROUP BY 1, 2, 3 %(line_group)s
            ),
            cases AS (
                SELECT DISTINCT ON (partner_id, company_id)
                       partner_id, company_id, user_id
                  FROM ar_collection_case
                 WHERE stage <> 'closed' AND user_id IS NOT NULL
              ORDER BY partner_id, company_id, id DESC
            )
            INSERT INTO ar_receivable_snapshot
                   (company_id, date, bucket, tier_id, %(columns)s,
                    partner_count, amount, overdue_amount, days_overdue,
                    create_uid, create_date, write_uid, write_date)
            SELECT y.company_id, %(day)s, y.bucket, t.tier_id, %(values)s,
                   COUNT(*), SUM(y.amount),
                   CASE WHEN y.bucket IN %(past_due)s THEN SUM(y.amount) ELSE 0 END,
                   CASE WHEN y.bucket IN %(past_due)s
                        THEN ROUND(SUM(y.amount_days) / NULLIF(SUM(y.amount), 0), 1)
                        ELSE 0 END,
                   %(uid)s, NOW() AT TIME ZONE 'UTC', %(uid)s, NOW() AT TIME ZONE 'UTC'
              FROM per_customer y
              JOIN res_partner cp ON cp.id = y.partner_id
              LEFT JOIN ar_customer_month t
                ON t.partner_id = y.partner_id AND t.company_id = y.company_id
               AND t.date = %(day)s
              LEFT JOIN cases c
                ON c.partner_id = y.partner_id AND c.company_id = y.company_id
          GROUP BY y.company_id, y.bucket, t.tier_id, %(values)s
            """,
            lines=self._history_lines_sql(companies.ids, day),
            columns=SQL(", ").join(SQL.identifier(name) for name in dimensions),
            values=SQL(", ").join(dimensions.values()),
            line_values=SQL("").join(
                SQL("%s, ", SQL.identifier("x", name)) for name in line_dimensions
            ),
            line_group=SQL("").join(
                SQL(", %s", SQL.identifier("x", name)) for name in line_dimensions
            ),
            bucket=bucket,
            days=days,
            day=day,
            past_due=PAST_DUE,
            uid=self.env.uid,
        )

    @api.model
    def _history_dimensions(self):
        """``{column: SQL expression}`` of the customer dimensions of a row
        beside its bucket and tier, over the customer (``cp``) and its open
        case (``c``)."""
        return {"collector_id": SQL("COALESCE(c.user_id, cp.user_id)")}

    @api.model
    def _history_line_dimensions(self):
        """``{column: SQL expression}`` of the dimensions of a row taken from
        each open line (``l``) or its entry (``m``); the Sales glue adds the
        invoice's sales team."""
        return {}

    # ------------------------------------------------------------------
    # The daily run
    # ------------------------------------------------------------------
    @api.model
    def _history_after_run(self, as_of):
        """The last month end, when no run wrote it yet (the first run on or
        after it), or again on the month end itself: a re-run that day
        replaces it.  Any other day costs one read of the companies."""
        last_end = history_policy.last_month_end(as_of)
        companies = self.env["res.company"].sudo().search([])
        self._history_write_month(
            companies.filtered(
                lambda c: (
                    as_of == last_end
                    or not c.ar_history_month_end
                    or c.ar_history_month_end < last_end
                )
            ),
            last_end,
        )
