from odoo import api, fields, models
from odoo.exceptions import AccessError

from ..core.ar_security import COLLECTION_USER_GROUP, CREDIT_MANAGER_GROUP
from .ar_credit_grade_policy import GRADE_SELECTION

USER_WRITABLE = ("adjustment",)


class ArPartnerCredit(models.Model):
    """Credit standing of one customer in one company: its rating, the grade
    in force (computed or overridden) and its credit hold with the causes."""

    _name = "ar.partner.credit"
    _inherit = ["ar.customer.company.mixin"]
    _description = "Customer Credit Standing"
    _rec_name = "partner_id"
    _order = "company_id, partner_id"

    score = fields.Float(digits=(5, 2), readonly=True)
    computed_grade = fields.Selection(GRADE_SELECTION, readonly=True)
    grade = fields.Selection(GRADE_SELECTION, readonly=True, index=True)
    rating_date = fields.Date(readonly=True, index=True)
    adjustment = fields.Float(
        string="Manual Adjustment",
        digits=(5, 2),
        help="Points added to (or taken from) the score at every rating.",
    )
    override_grade = fields.Selection(GRADE_SELECTION, readonly=True)
    override_reason = fields.Char(readonly=True)
    override_expiry = fields.Date(readonly=True)
    override_user_id = fields.Many2one("res.users", readonly=True)
    hold_manual = fields.Boolean(string="Manual Hold", readonly=True)
    hold_manual_reason = fields.Char(readonly=True)
    hold_causes = fields.Char(
        string="Hold Cause Codes",
        readonly=True,
        help="Comma-separated causes of the hold, in a fixed order.",
    )
    hold_description = fields.Char(
        string="Hold Causes", compute="_compute_hold_description"
    )
    on_hold = fields.Boolean(readonly=True, index=True)
    no_credit = fields.Boolean(
        readonly=True,
        help="The grade policy gives no credit at all: any exposure is over the "
        "limit (Odoo's credit limit of 0 means no limit, not no credit).",
    )
    hold_tier_id = fields.Many2one(
        "ar.overdue.tier",
        string="Holding Tier",
        readonly=True,
        ondelete="set null",
        help="The overdue tier that holds the customer, when it is a cause.",
    )
    hold_since = fields.Date(readonly=True)
    rating_ids = fields.One2many("ar.credit.rating", "credit_id", readonly=True)

    _sql_constraints = [
        (
            "partner_company_uniq",
            "unique(partner_id, company_id)",
            "A customer has one credit standing per company.",
        ),
        (
            "adjustment_range",
            "CHECK(adjustment >= -100 AND adjustment <= 100)",
            "The manual adjustment must be between -100 and +100 points.",
        ),
    ]

    def _compute_hold_description(self):
        for record in self:
            record.hold_description = record._hold_description() or False

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            raise AccessError(self.env._("Credit standings are created by the rating."))
        return super().create(vals_list)

    def write(self, vals):
        """Grades, scores, holds and overrides change only through the
        addon's actions, which keep the history and log in the chatter; a
        direct write (RPC, import) may only set the manual adjustment."""
        forbidden = set(vals) - set(USER_WRITABLE)
        if forbidden and not self.env.su:
            raise AccessError(
                self.env._(
                    "Credit standings change only through their actions (rate, "
                    "override, put on hold, lift), which keep the history; these "
                    "fields cannot be written directly: %(fields)s",
                    fields=", ".join(sorted(forbidden)),
                )
            )
        res = super().write(vals)
        self._credit_invalidate_dependents()
        return res

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------
    @api.model
    def _credit_dependent_fields(self):
        """``{model: [field names]}`` computed from credit standings with no
        dependency the ORM can follow (the customer's grade and hold, the
        hold banner of documents)."""
        partner_fields = [
            name
            for name, field in self.env["res.partner"]._fields.items()
            if field.compute == "_compute_credit_standing"
        ]
        return {
            "res.partner": partner_fields,
            "account.move": ["ar_credit_on_hold", "ar_credit_hold_description"],
        }

    @api.model
    def _credit_invalidate_dependents(self):
        """Drop those fields from the cache so that a grade or hold changed
        in this transaction is seen at once."""
        for model, names in self._credit_dependent_fields().items():
            self.env[model].invalidate_model(names, flush=False)

    @api.model
    def _cause_labels(self):
        return {
            "manual": self.env._("put on hold by a credit manager"),
            "tier": self.env._("overdue tier"),
            "credit_limit": self.env._("credit limit exceeded"),
            "prepayment": self.env._("grade requires prepayment"),
        }

    def _hold_description(self):
        """Human text of the hold causes, e.g. 'overdue tier Severe, credit
        limit exceeded'."""
        self.ensure_one()
        labels = self._cause_labels()
        parts = []
        for cause in (self.hold_causes or "").split(","):
            if not cause:
                continue
            if cause == "manual" and self.hold_manual_reason:
                parts.append(
                    self.env._(
                        "put on hold by a credit manager (%(reason)s)",
                        reason=self.hold_manual_reason,
                    )
                )
            elif cause == "tier":
                parts.append(
                    self.env._(
                        "overdue tier %(tier)s", tier=self.hold_tier_id.name or ""
                    )
                )
            else:
                parts.append(labels.get(cause, cause))
        return ", ".join(parts)

    @api.model
    def _check_collection_user(self):
        if not self.env.user.has_group(COLLECTION_USER_GROUP):
            raise AccessError(
                self.env._("Only collection users can re-rate customers.")
            )

    @api.model
    def _check_credit_manager(self):
        if not self.env.user.has_group(CREDIT_MANAGER_GROUP):
            raise AccessError(
                self.env._("Only a Credit Manager can change credit grades and holds.")
            )
