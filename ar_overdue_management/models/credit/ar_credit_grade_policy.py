from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ...policy import credit as credit_policy

GRADE_SELECTION = [(grade, grade) for grade in credit_policy.GRADES]

DEFAULT_GRADE_POLICIES = (
    # grade, limit rule, amount, multiple, max payment days, prepayment
    ("A", "multiple", 0.0, 3.0, 90, False),
    ("B", "multiple", 0.0, 2.0, 60, False),
    ("C", "multiple", 0.0, 1.0, 30, False),
    ("D", "no_credit", 0.0, 0.0, 0, True),
)


class ArCreditGradePolicy(models.Model):
    """What a credit grade gives a customer: a credit limit, the longest
    payment term, and whether it must pay before being served."""

    _name = "ar.credit.grade.policy"
    _description = "Credit Grade Policy"
    _order = "company_id, grade"
    _rec_name = "grade"

    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    grade = fields.Selection(GRADE_SELECTION, required=True)
    limit_rule = fields.Selection(
        [
            ("none", "Keep the customer's limit"),
            ("fixed", "Fixed amount"),
            ("multiple", "Multiple of average monthly sales"),
            ("no_credit", "No credit"),
            ("unlimited", "No limit"),
        ],
        string="Credit Limit Rule",
        required=True,
        default="none",
        help="No credit: any exposure is over the limit (nothing on credit). No "
        "limit: Odoo's credit limit is set to 0, which Odoo reads as unlimited.",
    )
    limit_amount = fields.Monetary(
        string="Fixed Credit Limit", currency_field="currency_id"
    )
    limit_multiple = fields.Float(
        string="Months of Sales",
        digits=(5, 2),
        help="The credit limit is this multiple of the customer's average monthly "
        "sales over the last 12 months.",
    )
    max_payment_days = fields.Integer(
        string="Max Payment Term (days)",
        help="Longest payment term this grade may be given; 0 means payment on order.",
    )
    prepayment_required = fields.Boolean(
        help="Customers of this grade are on credit hold: their sale orders are "
        "confirmed only once the down payment is paid, or by override.",
    )

    _sql_constraints = [
        (
            "company_grade_uniq",
            "unique(company_id, grade)",
            "Each grade has one policy per company.",
        ),
        (
            "limit_amount_positive",
            "CHECK(limit_amount >= 0)",
            "The fixed credit limit cannot be negative.",
        ),
        (
            "limit_multiple_positive",
            "CHECK(limit_multiple >= 0)",
            "The months of sales cannot be negative.",
        ),
        (
            "max_payment_days_positive",
            "CHECK(max_payment_days >= 0)",
            "The payment term cannot be negative.",
        ),
    ]

    @api.constrains("limit_rule", "limit_amount")
    def _check_limit_amount(self):
        """A fixed limit of 0 would read as "no limit" in Odoo."""
        for policy in self:
            if policy.limit_rule == "fixed" and policy.limit_amount <= 0:
                raise ValidationError(
                    self.env._(
                        "Grade %(grade)s: a fixed credit limit must be more than 0. "
                        "To give no credit, choose the rule “No credit”; for no limit "
                        "at all, “No limit”.",
                        grade=policy.grade,
                    )
                )

    def write(self, vals):
        """A changed rule or prepayment flag applies to the customers of the
        grade at once: their limits and holds are re-evaluated now."""
        res = super().write(vals)
        if {
            "limit_rule",
            "limit_amount",
            "limit_multiple",
            "prepayment_required",
        } & set(vals):
            credits = (
                self.env["ar.partner.credit"]
                .sudo()
                .search(
                    [
                        ("company_id", "in", self.company_id.ids),
                        ("grade", "in", self.mapped("grade")),
                    ]
                )
            )
            credits._credit_apply_grade_policy()
            credits._credit_refresh_holds()
        return res

    def _limit_for(self, avg_monthly_sales):
        """``(kind, amount)`` of the credit limit this policy gives a customer
        selling ``avg_monthly_sales`` a month (None: no sales)."""
        self.ensure_one()
        return credit_policy.credit_limit(
            self.limit_rule,
            fixed_amount=self.limit_amount,
            multiple=self.limit_multiple,
            avg_monthly_sales=avg_monthly_sales,
        )

    @api.depends("grade", "limit_rule", "limit_amount", "limit_multiple")
    def _compute_display_name(self):
        for policy in self:
            policy.display_name = policy.grade or ""

    @api.model
    def _create_defaults(self, companies):
        """Give each company the default policy of every grade it lacks."""
        existing = {
            (p.company_id.id, p.grade)
            for p in self.sudo().search([("company_id", "in", companies.ids)])
        }
        vals_list = [
            {
                "company_id": company.id,
                "grade": grade,
                "limit_rule": rule,
                "limit_amount": amount,
                "limit_multiple": multiple,
                "max_payment_days": days,
                "prepayment_required": prepayment,
            }
            for company in companies
            for grade, rule, amount, multiple, days, prepayment in DEFAULT_GRADE_POLICIES
            if (company.id, grade) not in existing
        ]
        return self.sudo().create(vals_list)

    @api.model
    def _by_company_grade(self, companies):
        """Return ``{(company id, grade): policy}``."""
        return {
            (p.company_id.id, p.grade): p
            for p in self.sudo().search([("company_id", "in", companies.ids)])
        }
