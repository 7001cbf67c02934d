from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ...policy import credit as credit_policy


class ResCompany(models.Model):
    """Credit settings of the company: holds enforced or not, the rating's
    weights and grade thresholds, the policy of each grade."""

    _inherit = "res.company"

    ar_credit_hold_enforced = fields.Boolean(
        string="Enforce Credit Holds",
        help="Refuse to post invoices and confirm orders of customers on credit "
        'hold. When off, holds are computed and shown ("Would be on credit hold") '
        "but stop nothing: switch it on once the tiers and limits suit the "
        "company.",
    )

    credit_grade_a_min = fields.Float(
        string="Grade A from score", default=credit_policy.DEFAULT_THRESHOLDS[0]
    )
    credit_grade_b_min = fields.Float(
        string="Grade B from score", default=credit_policy.DEFAULT_THRESHOLDS[1]
    )
    credit_grade_c_min = fields.Float(
        string="Grade C from score", default=credit_policy.DEFAULT_THRESHOLDS[2]
    )
    credit_weight_on_time = fields.Integer(
        string="Weight: on-time payments",
        default=credit_policy.DEFAULT_WEIGHTS["on_time"],
    )
    credit_weight_days_late = fields.Integer(
        string="Weight: average days late",
        default=credit_policy.DEFAULT_WEIGHTS["days_late"],
    )
    credit_weight_overdue_ratio = fields.Integer(
        string="Weight: overdue ratio",
        default=credit_policy.DEFAULT_WEIGHTS["overdue_ratio"],
    )
    credit_weight_max_days = fields.Integer(
        string="Weight: max days overdue",
        default=credit_policy.DEFAULT_WEIGHTS["max_days"],
    )
    credit_weight_disputes = fields.Integer(
        string="Weight: disputed invoices",
        default=credit_policy.DEFAULT_WEIGHTS["disputes"],
    )
    credit_weight_broken_promises = fields.Integer(
        string="Weight: broken promises",
        default=credit_policy.DEFAULT_WEIGHTS["broken_promises"],
    )
    credit_grade_policy_ids = fields.One2many(
        "ar.credit.grade.policy", "company_id", string="Credit Grade Policies"
    )

    @api.constrains(
        "credit_grade_a_min",
        "credit_grade_b_min",
        "credit_grade_c_min",
        "credit_weight_on_time",
        "credit_weight_days_late",
        "credit_weight_overdue_ratio",
        "credit_weight_max_days",
        "credit_weight_disputes",
        "credit_weight_broken_promises",
    )
    def _check_credit_settings(self):
        """Grade thresholds strictly ordered, weights positive and not all zero."""
        for company in self:
            weights, thresholds = company._credit_weights_thresholds()
            try:
                credit_policy.check_thresholds(thresholds)
                credit_policy.check_weights(weights)
            except credit_policy.CreditPolicyError as error:
                raise ValidationError(company._credit_error_message(error)) from error

    @api.model_create_multi
    def create(self, vals_list):
        companies = super().create(vals_list)
        self.env["ar.credit.grade.policy"]._create_defaults(companies)
        return companies

    @api.model
    def _ar_overdue_install_defaults(self):
        """Grade policies for the companies there at install."""
        companies = super()._ar_overdue_install_defaults()
        self.env["ar.credit.grade.policy"]._create_defaults(companies)
        return companies

    def _credit_weights_thresholds(self):
        """Return ``(weights dict, (a, b, c) thresholds)`` of this company."""
        self.ensure_one()
        weights = {
            name: self[f"credit_weight_{name}"] for name in credit_policy.FACTORS
        }
        thresholds = (
            self.credit_grade_a_min,
            self.credit_grade_b_min,
            self.credit_grade_c_min,
        )
        return weights, thresholds

    def _credit_error_message(self, error):
        """A message that says which credit setting to fix."""
        params = error.params
        messages = {
            "weight_negative": lambda: self.env._(
                "The weight of the credit factor “%(factor)s” is %(value)s: weights "
                "must be 0 or more.",
                **params,
            ),
            "weights_zero": lambda: self.env._(
                "All credit factor weights are 0: give at least one factor a weight."
            ),
            "thresholds_count": lambda: self.env._(
                "Grades A, B and C each need a threshold."
            ),
            "threshold_range": lambda: self.env._(
                "The score threshold of grade %(grade)s is %(value)s: use a score "
                "between 0 and 100.",
                **params,
            ),
            "thresholds_order": lambda: self.env._(
                "Grade thresholds must go strictly down from A to C (now A %(a)s, "
                "B %(b)s, C %(c)s): raise A or lower C.",
                **params,
            ),
        }
        message = messages.get(error.code)
        return message() if message else str(error)
