from odoo import api, fields, models
from odoo.tools import SQL

from ...policy import aging as aging_policy
from .ar_receivable import DUE, aging_fields, open_lines_sql

BUCKET_SELECTION = [(column.key, column.label) for column in aging_policy.COLUMNS]


class ArAgingReport(models.Model):
    """Aging analysis: one row per open receivable line, with its amount
    in the policy's bucket of its due date as of today (or the
    ``aging_date`` in the context), or in the unapplied credits when it is
    a credit, so pivots by customer add up to the open receivable and no
    bucket goes negative."""

    _name = "ar.aging.report"
    _description = "Receivable Aging Analysis"
    _auto = False
    _rec_name = "move_id"
    _order = "date_maturity, id"

    company_id = fields.Many2one("res.company", readonly=True)
    company_currency_id = fields.Many2one(
        "res.currency", string="Currency", readonly=True
    )
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    move_id = fields.Many2one("account.move", string="Journal Entry", readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    date_maturity = fields.Date(string="Due Date", readonly=True)
    days_overdue = fields.Integer(readonly=True, aggregator="max")
    bucket = fields.Selection(
        BUCKET_SELECTION,
        string="Aging Bucket",
        readonly=True,
        group_expand="_group_expand_buckets",
    )
    overdue_tier_id = fields.Many2one("ar.overdue.tier", readonly=True)
    disputed = fields.Boolean(readonly=True)
    amount_residual = fields.Monetary(
        string="Open Amount", readonly=True, currency_field="company_currency_id"
    )
    # one amount per aging bucket of the policy: amount_not_due, amount_1_30...
    locals().update(
        aging_fields("amount", readonly=True, currency_field="company_currency_id")
    )

    @api.model
    def _group_expand_buckets(self, buckets, domain):
        """Buckets in their natural order (not due first, then by age, the
        unapplied credits last), in pivots, graphs and grouped lists."""
        return list(aging_policy.COLUMN_KEYS)

    @api.model
    def _aging_date(self):
        return fields.Date.to_date(
            self.env.context.get("aging_date")
        ) or fields.Date.context_today(self)

    @api.model
    def _bucket_case(self, days, amount=None):
        """SQL CASE giving the column key of an open amount (``amount``,
        default the line's residual) ``days`` past its due date: the
        unapplied credits for a credit, else the bucket of ``days``; built
        from the policy's bucket table so SQL and Python agree."""
        amount = amount or SQL("l.amount_residual")
        whens = [SQL("WHEN %s < 0 THEN %s", amount, aging_policy.CREDITS.key)]
        for bucket in aging_policy.BUCKETS:
            conditions = []
            if bucket.days_from is not None:
                conditions.append(SQL("%s >= %s", days, bucket.days_from))
            if bucket.days_to is not None:
                conditions.append(SQL("%s <= %s", days, bucket.days_to))
            whens.append(
                SQL("WHEN %s THEN %s", SQL(" AND ").join(conditions), bucket.key)
            )
        return SQL("CASE %s END", SQL(" ").join(whens))

    @property
    def _table_query(self):
        days = SQL("(%s::date - %s)", self._aging_date(), DUE)
        bucket = self._bucket_case(days)
        amounts = [
            SQL(
                "CASE WHEN %s = %s THEN l.amount_residual ELSE 0 END AS %s",
                bucket,
                b.key,
                SQL.identifier(f"amount_{b.key}"),
            )
            for b in aging_policy.COLUMNS
        ]
        return open_lines_sql(
            SQL(
                """
                l.id,
                l.company_id,
                l.company_currency_id,
                p.commercial_partner_id AS partner_id,
                l.move_id,
                m.invoice_user_id AS user_id,
                %(due)s AS date_maturity,
                GREATEST(%(days)s, 0) AS days_overdue,
                %(bucket)s AS bucket,
                m.overdue_tier_id,
                m.overdue_disputed IS TRUE AS disputed,
                l.amount_residual,
                %(amounts)s
                """,
                due=DUE,
                days=days,
                bucket=bucket,
                amounts=SQL(", ").join(amounts),
            )
        )
