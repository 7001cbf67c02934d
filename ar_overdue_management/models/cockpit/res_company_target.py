from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ...policy import targets as targets_policy

_EXCELLENT, _GOOD, _PASS = targets_policy.DEFAULT_GRADE_THRESHOLDS


class ResCompany(models.Model):
    """Settings of the recovery targets and the collectors' scorecards."""

    _inherit = "res.company"

    ar_target_alert_day = fields.Integer(
        string="Target Alert Day",
        default=targets_policy.DEFAULT_ALERT_DAY,
        help="Day of the month on which a collector or team under the alert "
        "share of its base target gets one alert to its leader (the month's "
        "last day when the month is shorter).",
    )
    ar_target_alert_share = fields.Float(
        string="Alert Under (% of Base Target)",
        default=targets_policy.DEFAULT_ALERT_SHARE,
    )
    ar_scorecard_excellent_min = fields.Float(
        string="Excellent from (% of Target)", default=_EXCELLENT
    )
    ar_scorecard_good_min = fields.Float(
        string="Good from (% of Target)", default=_GOOD
    )
    ar_scorecard_pass_min = fields.Float(
        string="Pass from (% of Target)",
        default=_PASS,
        help="A scorecard whose attainment is under this share fails.",
    )

    @api.constrains(
        "ar_target_alert_day",
        "ar_target_alert_share",
        "ar_scorecard_excellent_min",
        "ar_scorecard_good_min",
        "ar_scorecard_pass_min",
    )
    def _check_target_settings(self):
        for company in self:
            if not 1 <= company.ar_target_alert_day <= 31:
                raise ValidationError(
                    self.env._("The target alert day is a day of the month, 1 to 31.")
                )
            if company.ar_target_alert_share <= 0:
                raise ValidationError(
                    self.env._("The target alert share must be above 0 %.")
                )
            if targets_policy.check_grade_thresholds(company._scorecard_thresholds()):
                raise ValidationError(
                    self.env._(
                        "The scorecard thresholds must be above 0 and strictly "
                        "decreasing: excellent, then good, then pass."
                    )
                )

    def _scorecard_thresholds(self):
        """(excellent, good, pass) minimum attainments of the company."""
        self.ensure_one()
        return (
            self.ar_scorecard_excellent_min,
            self.ar_scorecard_good_min,
            self.ar_scorecard_pass_min,
        )
