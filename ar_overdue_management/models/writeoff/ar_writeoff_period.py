from odoo import api, fields, models, tools
from odoo.tools import format_date


class ArWriteoffPeriod(models.Model):
    """Recovery rate by period: for the debts written off in each month,
    how much was written off and how much came back since."""

    _name = "ar.writeoff.period"
    _description = "Write-Offs and Recoveries by Period"
    _auto = False
    _order = "period desc"

    company_id = fields.Many2one("res.company", readonly=True)
    # the figures are in company currency
    currency_id = fields.Many2one(related="company_id.currency_id")
    period = fields.Date(string="Written Off In", readonly=True)
    month = fields.Char(compute="_compute_month")
    count = fields.Integer(string="Write-Offs", readonly=True)
    written_off = fields.Monetary(readonly=True)
    recovered = fields.Monetary(readonly=True)
    recovery_rate = fields.Float(
        string="Recovery (%)", digits=(5, 1), readonly=True, aggregator="avg"
    )

    @api.depends("period")
    @api.depends_context("lang")
    def _compute_month(self):
        """The period as the user says it ("June 2026"), not its first day."""
        for row in self:
            row.month = format_date(self.env, row.period, date_format="MMMM y")

    def _search(self, *args, **kwargs):
        # a view over the requests: what they hold in memory first
        self.env["ar.writeoff.request"].flush_model(
            ["company_id", "state", "posted_date", "amount_company", "recovered_amount"]
        )
        return super()._search(*args, **kwargs)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            f"""
            CREATE VIEW {self._table} AS (
                SELECT MIN(r.id) AS id, r.company_id, c.currency_id,
                       date_trunc('month', r.posted_date)::date AS period,
                       COUNT(*) AS count,
                       SUM(r.amount_company) AS written_off,
                       SUM(r.recovered_amount) AS recovered,
                       CASE WHEN SUM(r.amount_company) > 0
                            THEN ROUND(100.0 * SUM(r.recovered_amount)
                                       / SUM(r.amount_company), 1)
                            ELSE 0 END AS recovery_rate
                  FROM ar_writeoff_request r
                  JOIN res_company c ON c.id = r.company_id
                 WHERE r.state = 'posted'
              GROUP BY r.company_id, c.currency_id,
                       date_trunc('month', r.posted_date)
            )
            """
        )
