from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import format_date

from ...policy import forecast as forecast_policy
from ..core.ar_security import COLLECTION_MANAGER_GROUP, COLLECTION_USER_GROUP

RUN_STATES = [("draft", "Being Made"), ("done", "Done")]
#: companies a call of the weekly scheduled action forecasts
CRON_BATCH = 20


class ArForecastRun(models.Model):
    """A company's cash-in forecast made on a Monday: what its open
    invoices are expected to bring in, week by week over thirteen weeks and
    month by month over six, and, once those weeks have passed, how far it
    was from what came in, beside the naive forecast."""

    _name = "ar.forecast.run"
    _description = "Cash-in Forecast"
    _order = "date desc, company_id"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name")
    company_id = fields.Many2one(
        "res.company",
        required=True,
        readonly=True,
        index=True,
        default=lambda self: self.env.company,
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    date = fields.Date(
        string="Forecast Date",
        required=True,
        readonly=True,
        index=True,
        help="The Monday the forecast is made as of: the invoices then open, the "
        "customers' habits then known.",
    )
    state = fields.Selection(RUN_STATES, required=True, readonly=True, default="draft")
    open_amount = fields.Monetary(
        string="Open Receivable", readonly=True, currency_field="currency_id"
    )
    expected_amount = fields.Monetary(
        string="Expected in 13 Weeks", readonly=True, currency_field="currency_id"
    )
    naive_amount = fields.Monetary(
        string="Naive: Due in 13 Weeks", readonly=True, currency_field="currency_id"
    )
    line_count = fields.Integer(readonly=True)
    line_ids = fields.One2many("ar.forecast.line", "run_id", string="Lines")
    accuracy_ids = fields.One2many("ar.forecast.accuracy", "run_id")

    _sql_constraints = [
        (
            "company_date_uniq",
            "unique(company_id, date)",
            "A company has one cash-in forecast per Monday.",
        )
    ]

    @api.depends("date", "company_id")
    @api.depends_context("lang")
    def _compute_name(self):
        for run in self:
            run.name = self.env._(
                "Forecast of %(date)s", date=format_date(self.env, run.date)
            )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    @api.model
    def action_forecast_now(self):
        """Forecast the current company as of this week's Monday, replacing
        that Monday's forecast, and open it."""
        if not self.env.user.has_group(COLLECTION_USER_GROUP):
            raise AccessError(
                self.env._("Only collection users make a cash-in forecast.")
            )
        today = fields.Date.context_today(self)
        run = self.sudo()._forecast_make(self.env.company, today)
        self.env["ar.forecast.accuracy"].sudo()._forecast_measure(today)
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": run.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }

    def action_open_lines(self):
        """The lines of this forecast, by week and source."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "ar_overdue_management.ar_forecast_line_action"
        )
        action["domain"] = [("run_id", "=", self.id)]
        action["context"] = {"search_default_group_week": 1}
        return action

    # ------------------------------------------------------------------
    # Making a forecast
    # ------------------------------------------------------------------
    @api.model
    def _forecast_make(self, company, day):
        """The forecast of ``company`` as of ``day``'s Monday, made anew
        (a forecast of that Monday, finished or not, is replaced)."""
        if not company:
            raise UserError(self.env._("Choose the company to forecast."))
        monday = forecast_policy.monday_of(day)
        self.search([("company_id", "=", company.id), ("date", "=", monday)]).unlink()
        run = self.create({"company_id": company.id, "date": monday})
        run._forecast_compute()
        return run

    # ------------------------------------------------------------------
    # The weekly scheduled action
    # ------------------------------------------------------------------
    @api.model
    def _cron_forecast(self, as_of=None, batch_size=CRON_BATCH):
        """Measure the weeks of past forecasts that have passed, then make
        this Monday's forecast of the companies that have none yet, a batch
        at a time: run twice the same week, it makes nothing more; stopped,
        it goes on with the companies left.  Returns the companies left."""
        as_of = as_of or fields.Date.context_today(self)
        monday = forecast_policy.monday_of(as_of)
        runs = self.sudo()
        runs.env["ar.forecast.accuracy"]._forecast_measure(as_of)
        done = runs.search([("date", "=", monday), ("state", "=", "done")]).company_id
        todo = runs.env["res.company"].search([("id", "not in", done.ids)])
        for company in todo[:batch_size]:
            runs._forecast_make(company, monday)
        remaining = max(len(todo) - batch_size, 0)
        self.env["ir.cron"]._notify_progress(
            done=min(len(todo), batch_size), remaining=remaining
        )
        return remaining

    @api.model
    def _check_backfill_rights(self):
        if not self.env.user.has_group(COLLECTION_MANAGER_GROUP):
            raise AccessError(
                self.env._("Only collection managers can rebuild past forecasts.")
            )
