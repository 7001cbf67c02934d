from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    """The threshold above which every hold override is audited."""

    _inherit = "res.config.settings"

    ar_audit_override_threshold = fields.Monetary(
        related="company_id.ar_audit_override_threshold",
        currency_field="currency_id",
        readonly=False,
    )
