from odoo import fields, models

from ...policy import forecast as forecast_policy


class ArForecastLine(models.Model):
    """What a forecast expects of one customer in one week (and month),
    from one source: the open amount and the amount expected after the
    chance of payment, in company currency."""

    _name = "ar.forecast.line"
    _inherit = ["ar.forecast.item.mixin"]
    _description = "Cash-in Forecast Line"
    _order = "week_start, partner_id, source"
    _rec_name = "partner_id"

    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, readonly=True, index=True
    )
    week_start = fields.Date(
        string="Week",
        required=True,
        readonly=True,
        help="Monday of the week the amount is expected in; what was expected "
        "before the forecast date is in the forecast's own week.",
    )
    month_start = fields.Date(string="Month", required=True, readonly=True)
    week_index = fields.Integer(
        string="Weeks Ahead",
        readonly=True,
        aggregator=False,
        help="0: the forecast's own week, with what is already late.",
    )
    source = fields.Selection(
        forecast_policy.SOURCE_SELECTION,
        required=True,
        readonly=True,
        help="Where the expected date comes from: a repayment plan, a promise to "
        "pay, the customer's payment habit, its average lateness, or the due date.",
    )
    open_amount = fields.Monetary(readonly=True, currency_field="currency_id")
    expected_amount = fields.Monetary(
        readonly=True,
        currency_field="currency_id",
        help="The open amount times the chance it is paid: one less the loss rate "
        "of its aging bucket on the day it is expected.",
    )
    latest = fields.Boolean(
        readonly=True,
        index=True,
        help="A line of the company's latest forecast.",
    )
