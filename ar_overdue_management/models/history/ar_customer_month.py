from odoo import api, fields, models
from odoo.tools import SQL

from ...policy import receivable as receivable_policy
from ...policy import tiers as tier_policy


class ArCustomerMonth(models.Model):
    """A customer's figures at a month end, as the daily run found them
    (the first run on or after the month end writes it), or as a backfill
    rebuilt them from the ledger: open, overdue after unapplied credits,
    days overdue of the oldest uncovered debt, tier."""

    _name = "ar.customer.month"
    _description = "Customer Month-End Figures"
    _order = "date desc, company_id, overdue_amount desc, partner_id"
    _rec_name = "partner_id"

    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, readonly=True, index=True
    )
    company_id = fields.Many2one("res.company", required=True, readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    date = fields.Date(string="Month End", required=True, readonly=True, index=True)
    open_amount = fields.Monetary(
        string="Open Receivable", readonly=True, currency_field="currency_id"
    )
    overdue_amount = fields.Monetary(
        string="Overdue",
        readonly=True,
        currency_field="currency_id",
        help="Undisputed debts past due less the unapplied payments and credit "
        "notes, never below zero.",
    )
    days_overdue = fields.Integer(
        readonly=True,
        aggregator="max",
        help="Days past due of the oldest debt the credits do not cover.",
    )
    tier_id = fields.Many2one("ar.overdue.tier", readonly=True, ondelete="set null")

    _sql_constraints = [
        (
            "partner_company_date_uniq",
            "unique(partner_id, company_id, date)",
            "A customer has one set of month-end figures per company and month.",
        )
    ]

    @api.model
    def _month_write(self, companies, day):
        """Replace the figures of the customers of ``companies`` at ``day``:
        one query reads what each owed that day, the policy sums it up and
        classifies it, one statement writes every row."""
        rows = self._month_totals(companies, day)
        specs = self.env["ar.overdue.tier"]._specs_by_company(companies)
        digits = {c.id: c.currency_id.decimal_places for c in companies}
        values = []
        for partner_id, company_id, open_, credit, dues, amounts in rows:
            summary = receivable_policy.summarize_totals(
                float(open_ or 0.0),
                float(credit or 0.0),
                list(zip(dues or (), amounts or (), strict=True)),
                day,
                rounding=digits[company_id],
            )
            tier = tier_policy.customer_tier_of(
                summary.days_overdue(day), summary.ratio, specs[company_id]
            )
            values.append(
                (
                    partner_id,
                    company_id,
                    summary.open_amount,
                    summary.overdue_amount,
                    summary.days_overdue(day),
                    tier.key if tier else None,
                )
            )
        self._month_replace(companies, day, values)

    @api.model
    def _month_totals(self, companies, day):
        """``[(customer, company, open, unapplied credit, due dates and
        amounts of the undisputed overdue debts)]`` on ``day``."""
        lines = self.env["ar.receivable.snapshot"]._history_lines_sql(
            companies.ids, day
        )
        debt = SQL("x.amount > 0 AND NOT x.disputed AND x.due < %s", day)
        return self.env.execute_query(
            SQL(
                """
                WITH x AS MATERIALIZED (%(lines)s)
                SELECT x.partner_id, x.company_id, SUM(x.amount),
                       -SUM(LEAST(x.amount, 0)),
                       ARRAY_AGG(x.due) FILTER (WHERE %(debt)s),
                       ARRAY_AGG(x.amount::float8) FILTER (WHERE %(debt)s)
                  FROM x
                 WHERE x.amount <> 0
              GROUP BY 1, 2
                """,
                lines=lines,
                debt=debt,
            )
        )

    @api.model
    def _month_replace(self, companies, day, values):
        """Delete the rows of ``companies`` at ``day`` and insert ``values``
        in one statement."""
        self.flush_model()
        self.env.cr.execute(
            SQL(
                "DELETE FROM ar_customer_month WHERE company_id = ANY(%s) AND date = %s",
                companies.ids,
                day,
            )
        )
        if values:
            columns = list(zip(*values, strict=True))
            self.env.cr.execute(
                SQL(
                    """
                    INSERT INTO ar_customer_month
                           (partner_id, company_id, date, open_amount,
                            overdue_amount, days_overdue, tier_id,
                            create_uid, create_date, write_uid, write_date)
                    SELECT v.partner_id, v.company_id, %(day)s, v.open_amount,
                           v.overdue_amount, v.days_overdue, v.tier_id,
                           %(uid)s, NOW() AT TIME ZONE 'UTC',
                           %(uid)s, NOW() AT TIME ZONE 'UTC'
                      FROM unnest(%(partners)s::int[], %(companies)s::int[],
                                  %(opens)s::numeric[], %(overdues)s::numeric[],
                                  %(days)s::int[], %(tiers)s::int[])
                           AS v(partner_id, company_id, open_amount,
                                overdue_amount, days_overdue, tier_id)
                    """,
                    day=day,
                    uid=self.env.uid,
                    partners=list(columns[0]),
                    companies=list(columns[1]),
                    opens=list(columns[2]),
                    overdues=list(columns[3]),
                    days=list(columns[4]),
                    tiers=list(columns[5]),
                )
            )
        self.invalidate_model()
