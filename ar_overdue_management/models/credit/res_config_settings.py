from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    """Credit holds enforced, and the rating's weights and thresholds."""

    _inherit = "res.config.settings"

    ar_credit_hold_enforced = fields.Boolean(
        related="company_id.ar_credit_hold_enforced", readonly=False
    )
    credit_grade_a_min = fields.Float(
        related="company_id.credit_grade_a_min", readonly=False
    )
    credit_grade_b_min = fields.Float(
        related="company_id.credit_grade_b_min", readonly=False
    )
    credit_grade_c_min = fields.Float(
        related="company_id.credit_grade_c_min", readonly=False
    )
    credit_weight_on_time = fields.Integer(
        related="company_id.credit_weight_on_time", readonly=False
    )
    credit_weight_days_late = fields.Integer(
        related="company_id.credit_weight_days_late", readonly=False
    )
    credit_weight_overdue_ratio = fields.Integer(
        related="company_id.credit_weight_overdue_ratio", readonly=False
    )
    credit_weight_max_days = fields.Integer(
        related="company_id.credit_weight_max_days", readonly=False
    )
    credit_weight_disputes = fields.Integer(
        related="company_id.credit_weight_disputes", readonly=False
    )
    credit_weight_broken_promises = fields.Integer(
        related="company_id.credit_weight_broken_promises", readonly=False
    )
