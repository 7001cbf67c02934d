from odoo import api, fields, models
from odoo.tools import SQL

from ...policy import forecast as forecast_policy

ACCURACY_STATES = [("pending", "Pending"), ("measured", "Measured")]
ERROR_FIELDS = ("error_percent", "naive_error_percent")


class ArForecastAccuracy(models.Model):
    """One week of a forecast beside what was collected in it: the
    forecast, the naive forecast (every invoice paid on its due date) and
    the money received that week toward the invoices open on the
    forecast's date; measured once the week has passed."""

    _name = "ar.forecast.accuracy"
    _inherit = ["ar.forecast.item.mixin"]
    _description = "Cash-in Forecast Accuracy"
    _order = "week_start desc, horizon"
    _rec_name = "week_start"

    horizon = fields.Integer(
        string="Horizon (Weeks)",
        readonly=True,
        aggregator=False,
        help="1: the forecast's own week, 13: twelve weeks after it.",
    )
    week_start = fields.Date(string="Week", required=True, readonly=True)
    forecast_amount = fields.Monetary(
        string="Forecast", readonly=True, currency_field="currency_id"
    )
    naive_amount = fields.Monetary(
        string="Naive Forecast",
        readonly=True,
        currency_field="currency_id",
        help="Every open invoice paid in full on its due date, the overdue ones "
        "in the forecast's own week.",
    )
    collected_amount = fields.Monetary(
        string="Collected",
        readonly=True,
        currency_field="currency_id",
        help="Payments received in the week toward the invoices open on the "
        "forecast's date.",
    )
    error_percent = fields.Float(
        string="Error (%)",
        readonly=True,
        digits=(16, 2),
        aggregator="avg",
        help="|forecast - collected| / collected; averaged, the mean absolute "
        "percentage error (weeks that collected nothing left out).",
    )
    naive_error_percent = fields.Float(
        string="Naive Error (%)",
        readonly=True,
        digits=(16, 2),
        aggregator="avg",
    )
    state = fields.Selection(
        ACCURACY_STATES, required=True, readonly=True, default="pending", index=True
    )

    _sql_constraints = [
        (
            "run_horizon_uniq",
            "unique(run_id, horizon)",
            "A forecast has one accuracy row per week of its horizon.",
        )
    ]

    @api.model
    def _read_group_select(self, aggregate_spec, query):
        """Errors average over the measured weeks that collected something:
        the mean absolute percentage error."""
        name, _sep, func = aggregate_spec.partition(":")
        if name in ERROR_FIELDS and func == "avg":
            error, collected, state = (
                self._field_to_sql(self._table, field, query)
                for field in (name, "collected_amount", "state")
            )
            return SQL(
                "AVG(%s) FILTER (WHERE %s = 'measured' AND %s > 0)",
                error,
                state,
                collected,
            )
        return super()._read_group_select(aggregate_spec, query)

    @api.model
    def _forecast_measure(self, as_of):
        """Measure every pending week that ended before ``as_of``: one query
        reads what was collected in each, one statement writes them."""
        self.flush_model()
        self.env["account.partial.reconcile"].flush_model(
            ["amount", "debit_move_id", "credit_move_id", "max_date"]
        )
        self.env["account.move.line"].flush_model(
            ["account_id", "company_id", "date", "move_id", "parent_state"]
        )
        self.env["account.move"].flush_model(
            ["move_type", "origin_payment_id", "statement_line_id"]
        )
        rows = self.env.execute_query(self._collected_sql(as_of))
        if not rows:
            return 0
        values = []
        for row_id, forecast_amount, naive, collected in rows:
            collected = float(collected)
            values.append(
                (
                    row_id,
                    collected,
                    forecast_policy.error_percent(float(forecast_amount), collected),
                    forecast_policy.error_percent(float(naive), collected),
                )
            )
        self._measure_write(values)
        return len(values)

    @api.model
    def _collected_sql(self, as_of):
        """``(row, forecast, naive, collected)`` of the pending weeks ended
        before ``as_of``: payments (not credit notes) reconciled that week
        with the customer invoices entered by the forecast's date."""
        return SQL(
            """
            SELECT a.id, a.forecast_amount, a.naive_amount,
                   COALESCE(SUM(pr.amount), 0)
              FROM ar_forecast_accuracy a
              JOIN ar_forecast_run r ON r.id = a.run_id
              LEFT JOIN account_partial_reconcile pr
                ON pr.max_date BETWEEN a.week_start AND a.week_start + 6
               AND pr.company_id = a.company_id
               AND EXISTS (
                   SELECT 1
                     FROM account_move_line d
                     JOIN account_account acc
                       ON acc.id = d.account_id
                      AND acc.account_type = 'asset_receivable'
                     JOIN account_move dm
                       ON dm.id = d.move_id AND dm.move_type = 'out_invoice'
                     JOIN account_move_line c ON c.id = pr.credit_move_id
                     JOIN account_move cm
                       ON cm.id = c.move_id AND cm.move_type = 'entry'
                      AND (cm.origin_payment_id IS NOT NULL
                           OR cm.statement_line_id IS NOT NULL)
                    WHERE d.id = pr.debit_move_id
                      AND d.parent_state = 'posted' AND d.date <= r.date)
             WHERE a.state = 'pending' AND a.week_start + 7 <= %(as_of)s
          GROUP BY a.id
            """,
            as_of=as_of,
        )

    @api.model
    def _measure_write(self, values):
        """One UPDATE of ``[(row, collected, error, naive error)]``."""
        columns = list(zip(*values, strict=True))
        self.env.cr.execute(
            SQL(
                """
                UPDATE ar_forecast_accuracy a
                   SET collected_amount = v.collected,
                       error_percent = v.error,
                       naive_error_percent = v.naive_error,
                       state = 'measured',
                       write_uid = %(uid)s,
                       write_date = NOW() AT TIME ZONE 'UTC'
                  FROM unnest(%(ids)s::int[], %(collected)s::numeric[],
                              %(errors)s::numeric[], %(naive)s::numeric[])
                       AS v(id, collected, error, naive_error)
                 WHERE a.id = v.id
                """,
                uid=self.env.uid,
                ids=list(columns[0]),
                collected=list(columns[1]),
                errors=list(columns[2]),
                naive=list(columns[3]),
            )
        )
        self.invalidate_model()
