from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    """The alert of the recovery targets and the scorecard thresholds."""

    _inherit = "res.config.settings"

    ar_target_alert_day = fields.Integer(
        related="company_id.ar_target_alert_day", readonly=False
    )
    ar_target_alert_share = fields.Float(
        related="company_id.ar_target_alert_share", readonly=False
    )
    ar_scorecard_excellent_min = fields.Float(
        related="company_id.ar_scorecard_excellent_min", readonly=False
    )
    ar_scorecard_good_min = fields.Float(
        related="company_id.ar_scorecard_good_min", readonly=False
    )
    ar_scorecard_pass_min = fields.Float(
        related="company_id.ar_scorecard_pass_min", readonly=False
    )
