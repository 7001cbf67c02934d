from odoo import fields, models


class ArForecastItemMixin(models.AbstractModel):
    """What a forecast's lines and accuracy weeks share: the run they belong
    to (deleted with it), its company and currency, the Monday it was made
    as of."""

    _name = "ar.forecast.item.mixin"
    _description = "Item of a Cash-in Forecast"
    _check_company_auto = True

    run_id = fields.Many2one(
        "ar.forecast.run",
        string="Forecast Run",
        required=True,
        readonly=True,
        index=True,
        ondelete="cascade",
    )
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, index=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    date = fields.Date(related="run_id.date", string="Forecast Date")
