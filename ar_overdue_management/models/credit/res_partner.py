from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_amount

from ..core.ar_security import RECEIVABLE_GROUPS
from .ar_credit_grade_policy import GRADE_SELECTION


class ResPartner(models.Model):
    """Credit standing of customers on the partner: grade, score, hold and
    grade policy in the current company, and the credit actions."""

    _inherit = "res.partner"

    credit_score = fields.Float(
        digits=(5, 2),
        compute="_compute_credit_standing",
        groups=RECEIVABLE_GROUPS,
    )
    credit_grade = fields.Selection(
        GRADE_SELECTION,
        compute="_compute_credit_standing",
        groups=RECEIVABLE_GROUPS,
        search="_search_credit_grade",
    )
    credit_grade_overridden = fields.Boolean(
        compute="_compute_credit_standing", groups=RECEIVABLE_GROUPS
    )
    credit_override_expiry = fields.Date(
        compute="_compute_credit_standing", groups=RECEIVABLE_GROUPS
    )
    credit_rating_date = fields.Date(
        string="Rated On", compute="_compute_credit_standing", groups=RECEIVABLE_GROUPS
    )
    credit_on_hold = fields.Boolean(
        string="On Credit Hold",
        compute="_compute_credit_standing",
        groups=RECEIVABLE_GROUPS,
        search="_search_credit_on_hold",
    )
    credit_hold_description = fields.Char(
        string="Credit Hold",
        compute="_compute_credit_standing",
        groups=RECEIVABLE_GROUPS,
    )
    credit_hold_enforced = fields.Boolean(
        string="Credit Holds Enforced",
        compute="_compute_credit_standing",
        groups=RECEIVABLE_GROUPS,
        help="Whether the current company refuses documents of customers on hold.",
    )
    credit_hold_manual = fields.Boolean(
        string="Manual Hold",
        compute="_compute_credit_standing",
        groups=RECEIVABLE_GROUPS,
    )
    credit_max_payment_days = fields.Integer(
        string="Max Payment Term (days)",
        compute="_compute_credit_standing",
        groups=RECEIVABLE_GROUPS,
    )
    credit_prepayment_required = fields.Boolean(
        string="Prepayment Required",
        compute="_compute_credit_standing",
        groups=RECEIVABLE_GROUPS,
    )
    credit_limit_rule = fields.Char(
        compute="_compute_credit_standing",
        groups=RECEIVABLE_GROUPS,
    )
    credit_rating_ids = fields.One2many(
        "ar.credit.rating",
        compute="_compute_credit_standing",
        groups=RECEIVABLE_GROUPS,
        string="Credit Rating History",
    )

    # ------------------------------------------------------------------
    # Credit standing
    # ------------------------------------------------------------------
    @api.depends_context("company")
    def _compute_credit_standing(self):
        """Credit standing of the commercial entity in the current company."""
        company = self.env.company
        by_partner = {
            partner_id: credit
            for (partner_id, _c), credit in self.env["ar.partner.credit"]
            ._of_pairs({(p.id, company.id) for p in self.commercial_partner_id})
            .items()
        }
        policies = self.env["ar.credit.grade.policy"]._by_company_grade(company)
        rule_labels = dict(
            self.env["ar.credit.grade.policy"]
            ._fields["limit_rule"]
            ._description_selection(self.env)
        )
        visible = self._ar_credit_visible()
        for partner in self:
            credit = by_partner.get(partner.commercial_partner_id.id)
            if partner not in visible:
                credit = None
            policy = policies.get((company.id, credit.grade)) if credit else None
            partner.credit_score = credit.score if credit else 0.0
            partner.credit_grade = credit.grade if credit else False
            partner.credit_grade_overridden = bool(credit and credit.override_grade)
            partner.credit_override_expiry = credit.override_expiry if credit else False
            partner.credit_rating_date = credit.rating_date if credit else False
            partner.credit_on_hold = bool(credit and credit.on_hold)
            partner.credit_hold_description = (
                credit._hold_description() if credit and credit.on_hold else False
            )
            partner.credit_hold_manual = bool(credit and credit.hold_manual)
            partner.credit_hold_enforced = company.ar_credit_hold_enforced
            partner.credit_max_payment_days = policy.max_payment_days if policy else 0
            partner.credit_prepayment_required = bool(
                policy and policy.prepayment_required
            )
            if policy and policy.limit_rule == "fixed":
                partner.credit_limit_rule = self.env._(
                    "%(rule)s: %(amount)s",
                    rule=rule_labels["fixed"],
                    amount=format_amount(
                        self.env, policy.limit_amount, company.currency_id
                    ),
                )
            elif policy and policy.limit_rule == "multiple":
                partner.credit_limit_rule = self.env._(
                    "%(months)s × average monthly sales", months=policy.limit_multiple
                )
            else:
                partner.credit_limit_rule = (
                    policy and rule_labels.get(policy.limit_rule) or False
                )
            partner.credit_rating_ids = credit.rating_ids if credit else False

    def _ar_credit_visible(self):
        """The partners of ``self`` whose credit standing the current user
        may see (the fields' groups already keep others out; the Sales glue
        narrows salespeople down to their own customers)."""
        return self

    def _search_credit_grade(self, operator, value):
        return self._search_credit_field("grade", operator, value)

    def _search_credit_on_hold(self, operator, value):
        if operator not in ("=", "!="):
            raise UserError(self.env._("Search credit holds with = or !="))
        positive = (operator == "=") == bool(value)
        domain = self._search_credit_field("on_hold", "=", True)
        return domain if positive else ["!"] + domain

    def _search_credit_field(self, field_name, operator, value):
        return [
            (
                "commercial_partner_id",
                "in",
                self.env["ar.partner.credit"]
                .sudo()
                ._search(
                    [
                        ("company_id", "=", self.env.company.id),
                        (field_name, operator, value),
                    ]
                )
                .select("partner_id"),
            )
        ]

    def write(self, vals):
        res = super().write(vals)
        if "credit_limit" in vals:
            company = self.env.company
            self.env["ar.partner.credit"]._credit_refresh_holds_pairs(
                {(p.id, company.id) for p in self.commercial_partner_id}
            )
        return res

    def _ar_credit_records(self):
        """Credit records of these customers in the current company."""
        company = self.env.company
        by_pair = self.env["ar.partner.credit"]._get_or_create(
            {(p.id, company.id) for p in self.commercial_partner_id}
        )
        return (
            self.env["ar.partner.credit"]
            .sudo()
            .browse([r.id for r in by_pair.values()])
        )

    def action_credit_rerate(self):
        """Rate these customers now (current company)."""
        self.env["ar.partner.credit"]._check_collection_user()
        company = self.env.company
        self.env["ar.partner.credit"]._credit_rate(
            {(p.id, company.id) for p in self.commercial_partner_id}, trigger="manual"
        )
        return True

    def action_credit_open_hold_wizard(self):
        """Ask the reason of a manual credit hold."""
        self.env["ar.partner.credit"]._check_credit_manager()
        return self.env["ar.credit.hold.wizard"]._open_for(self.commercial_partner_id)

    def action_credit_lift_hold(self):
        """Lift the manual hold of these customers."""
        self.env["ar.partner.credit"]._check_credit_manager()
        self._ar_credit_records()._credit_lift_manual_hold()
        return True

    def action_credit_open_override_wizard(self):
        """Ask the grade, reason and expiry of a grade override."""
        self.env["ar.partner.credit"]._check_credit_manager()
        return self.env["ar.credit.override.wizard"]._open_for(
            self.commercial_partner_id
        )
