from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

from ..policy import credit as credit_policy
from ..policy import tiers as tier_policy
from .ar_overdue_tier import tier_table_bulk

DEFAULT_TIERS = (
    # name, days_from, days_to, traffic light, owner role, credit hold
    ("Mild", 1, 30, "yellow", "account_owner", False),
    ("Moderate", 31, 60, "orange", "risk_manager", False),
    ("Severe", 61, 0, "red", "collection_team", True),
)


class ResCompany(models.Model):
    _inherit = "res.company"

    overdue_tier_ids = fields.One2many(
        "ar.overdue.tier",
        "company_id",
        string="Overdue Tiers",
    )
    overdue_risk_manager_id = fields.Many2one(
        "res.users",
        help="Receives warnings of tiers owned by the risk manager, and those of "
        "account-owner tiers for customers without a salesperson.",
    )
    overdue_collection_user_id = fields.Many2one(
        "res.users",
        string="Collection Team Leader",
        help="Receives warnings of tiers owned by the collection team (falls "
        "back to the risk manager).",
    )
    ar_credit_hold_enforced = fields.Boolean(
        string="Enforce Credit Holds",
        help="Refuse to post invoices and confirm orders of customers on credit "
        'hold. When off, holds are computed and shown ("Would be on credit hold") '
        "but stop nothing: switch it on once the tiers and limits suit the "
        "company.",
    )
    overdue_warning_deadline_days = fields.Integer(
        string="Warning Activity Deadline (days)",
        default=3,
        help="Days given to the owner to act on a tier warning.",
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
        companies.filtered(
            lambda c: not c.overdue_tier_ids
        )._overdue_create_default_tiers()
        self.env["ar.credit.grade.policy"]._create_defaults(companies)
        return companies

    @api.model
    def _ar_overdue_install_defaults(self):
        """Default tiers and grade policies for the companies that exist when
        the addon is installed (new companies get them in ``create``)."""
        companies = self.sudo().search([])
        companies.filtered(
            lambda c: not c.overdue_tier_ids
        )._overdue_create_default_tiers()
        self.env["ar.credit.grade.policy"]._create_defaults(companies)

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

    def write(self, vals):
        if "overdue_tier_ids" not in vals:
            return super().write(vals)
        with tier_table_bulk(self.env, self):
            res = super().write(vals)
        self._overdue_check_tier_table()
        return res

    def _overdue_create_default_tiers(self):
        """Give each company the policy's default ladder: mild 1-30,
        moderate 31-60, severe 61+."""
        vals_list = []
        for company in self:
            for seq, (name, days_from, days_to, light, role, hold) in enumerate(
                DEFAULT_TIERS, start=1
            ):
                vals_list.append(
                    {
                        "name": name,
                        "sequence": seq * 10,
                        "days_from": days_from,
                        "days_to": days_to,
                        "traffic_light": light,
                        "owner_role": role,
                        "hold_customers": hold,
                        "company_id": company.id,
                    }
                )
        return self.env["ar.overdue.tier"].sudo().create(vals_list)

    def _overdue_check_tier_table(self):
        """Refuse a company tier table with gaps, overlaps or bad ranges."""
        Tier = self.env["ar.overdue.tier"]
        for company in self:
            tiers = Tier.sudo().search([("company_id", "=", company.id)])
            try:
                tier_policy.check_table([tier._to_spec() for tier in tiers])
            except tier_policy.TierTableError as error:
                raise ValidationError(
                    self.env._("Overdue tiers of %(company)s: ", company=company.name)
                    + Tier._policy_error_message(error)
                ) from error

    def _overdue_tiers_changed(self):
        """Re-check every open invoice of these companies at the next run.

        A new tier table can move any invoice, so the check date of every
        open invoice is set to today; the daily run then reclassifies them.
        """
        if not self:
            return
        moves = self.env["account.move"]
        moves.flush_model(["overdue_check_date", "overdue_due_date", "company_id"])
        today = fields.Date.context_today(self)
        self.env.cr.execute(
            SQL(
                """
                UPDATE account_move
                   SET overdue_check_date = %(today)s
                 WHERE company_id = ANY(%(companies)s)
                   AND (overdue_due_date IS NOT NULL OR overdue_tier_id IS NOT NULL)
                   AND (overdue_check_date IS NULL OR overdue_check_date > %(today)s)
                """,
                today=today,
                companies=self.ids,
            )
        )
        moves.invalidate_model(["overdue_check_date"])
