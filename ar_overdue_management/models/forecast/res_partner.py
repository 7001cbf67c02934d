from odoo import fields, models

from ..core.ar_customer_documents import count_by_customer, open_for_customer
from ..core.ar_security import DOCUMENT_GROUPS


class ResPartner(models.Model):
    """The customer's part of the latest cash-in forecast, one click away
    from its form."""

    _inherit = "res.partner"

    ar_forecast_line_count = fields.Integer(
        string="Forecast Lines",
        compute="_compute_ar_forecast_line_count",
        groups=DOCUMENT_GROUPS,
    )

    def _compute_ar_forecast_line_count(self):
        counts = count_by_customer(
            self.env, "ar.forecast.line", self, [("latest", "=", True)]
        )
        for partner in self:
            partner.ar_forecast_line_count = counts.get(
                partner.commercial_partner_id, 0
            )

    def action_ar_forecast(self):
        """What the latest forecast expects of this customer, week by week."""
        self.ensure_one()
        return open_for_customer(
            self.env,
            "ar_overdue_management.ar_forecast_line_action",
            self,
            {"search_default_latest": 1},
        )
