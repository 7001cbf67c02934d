from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ...policy import forecast as forecast_policy

#: past Mondays a backfill forecasts by default (half a year), at most two years
BACKFILL_WEEKS = 26
MAX_BACKFILL_WEEKS = 104


class ResCompany(models.Model):
    """How many past Mondays the cash-in forecast's backfill makes."""

    _inherit = "res.company"

    ar_forecast_backfill_weeks = fields.Integer(
        string="Past Weeks to Forecast",
        default=BACKFILL_WEEKS,
        help="How many past Mondays the backfill forecasts from the ledger, so "
        "that the accuracy of the forecast shows at once.",
    )

    @api.constrains("ar_forecast_backfill_weeks")
    def _check_ar_forecast_backfill_weeks(self):
        for company in self:
            if not 0 <= company.ar_forecast_backfill_weeks <= MAX_BACKFILL_WEEKS:
                raise ValidationError(
                    self.env._(
                        "Past weeks to forecast: from 0 to %(most)s weeks.",
                        most=MAX_BACKFILL_WEEKS,
                    )
                )

    def action_ar_forecast_backfill(self):
        """Forecast the past Mondays of these companies as the weekly run
        would have, then this Monday, and measure the weeks that passed."""
        self.env["ar.forecast.run"]._check_backfill_rights()
        for weeks, companies in self.grouped("ar_forecast_backfill_weeks").items():
            companies._ar_forecast_backfill(weeks)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._("The past forecasts are made and measured."),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    def _ar_forecast_backfill(self, weeks=None, as_of=None):
        """Forecast the ``weeks`` Mondays before ``as_of`` (default today)
        and ``as_of``'s own, replacing what was made, then measure."""
        as_of = as_of or fields.Date.context_today(self)
        if weeks is None:
            weeks = BACKFILL_WEEKS
        if weeks < 0:
            weeks = 0
        runs = self.env["ar.forecast.run"].sudo()
        mondays = forecast_policy.past_mondays(as_of, weeks)
        mondays.append(forecast_policy.monday_of(as_of))
        for company in self.sudo():
            for monday in mondays:
                runs._forecast_make(company, monday)
        runs.env["ar.forecast.accuracy"]._forecast_measure(as_of)
