from odoo import fields, models

from .ar_credit_grade_policy import GRADE_SELECTION

RATING_TRIGGERS = [
    ("cron", "Monthly review"),
    ("manual", "Re-rate"),
    ("override", "Manual override"),
    ("override_expired", "Override expired"),
]


class ArCreditRating(models.Model):
    """One credit rating of a customer: kept whole as the record of why a
    grade was given (factor values, who or what rated, why)."""

    _name = "ar.credit.rating"
    _description = "Credit Rating History"
    _order = "date desc, id desc"
    _rec_name = "grade"

    credit_id = fields.Many2one(
        "ar.partner.credit",
        required=True,
        index=True,
        ondelete="cascade",
        readonly=True,
    )
    partner_id = fields.Many2one(related="credit_id.partner_id", store=True, index=True)
    company_id = fields.Many2one(related="credit_id.company_id", store=True, index=True)
    date = fields.Date(required=True, readonly=True)
    score = fields.Float(digits=(5, 2), readonly=True)
    grade = fields.Selection(
        GRADE_SELECTION, readonly=True, help="Grade in force after this rating."
    )
    computed_grade = fields.Selection(
        GRADE_SELECTION, readonly=True, help="Grade the score gives."
    )
    trigger = fields.Selection(RATING_TRIGGERS, required=True, readonly=True)
    user_id = fields.Many2one("res.users", string="Rated By", readonly=True)
    reason = fields.Char(readonly=True)
    # the facts read and the sub-score each gave
    on_time_share = fields.Float("On-time Share (%)", digits=(5, 2), readonly=True)
    avg_days_late = fields.Float("Average Days Late", digits=(8, 2), readonly=True)
    lateness_trend = fields.Float(
        "Lateness Trend (days)",
        digits=(8, 1),
        readonly=True,
        help="How much later the last quarter's payments came than the earlier "
        "months'; a worsening trend is added to the days late.",
    )
    overdue_ratio = fields.Float("Overdue Ratio (%)", digits=(5, 2), readonly=True)
    max_days_overdue = fields.Integer(readonly=True)
    disputed_count = fields.Integer("Disputed Invoices", readonly=True)
    broken_promises = fields.Integer(readonly=True)
    industry_risk = fields.Float("Industry Risk (%)", digits=(5, 2), readonly=True)
    manual_adjustment = fields.Float(digits=(5, 2), readonly=True)
    score_on_time = fields.Float(digits=(5, 2), readonly=True)
    score_days_late = fields.Float(digits=(5, 2), readonly=True)
    score_overdue_ratio = fields.Float(digits=(5, 2), readonly=True)
    score_max_days = fields.Float(digits=(5, 2), readonly=True)
    score_disputes = fields.Float(digits=(5, 2), readonly=True)
    score_broken_promises = fields.Float(digits=(5, 2), readonly=True)
