from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.osv import expression

from ..policy import tiers as tier_policy

CUSTOMER_MOVE_TYPES = ("out_invoice", "out_refund", "out_receipt")
CREDIT_MANAGER_GROUP = "ar_overdue_management.group_ar_credit_manager"
PROTECTED_FIELDS = (
    "overdue_check_date",
    "overdue_dispute_date",
    "overdue_dispute_kind",
    "overdue_dispute_user_id",
    "overdue_dispute_reason",
    "overdue_disputed",
    "overdue_due_date",
    "overdue_tier_id",
)


class AccountMove(models.Model):
    _name = "account.move"
    _inherit = ["account.move", "ar.credit.hold.mixin"]
    _ar_credit_guarded_state = "posted"
    _ar_credit_override_method = "action_post"

    overdue_due_date = fields.Date(
        string="Oldest Open Due Date",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="Due date of the oldest unpaid receivable amount of this invoice.",
    )
    overdue_check_date = fields.Date(
        string="Next Overdue Check",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="Next day on which the overdue tier of this invoice can change; the "
        "daily run only looks at invoices whose check date has come.",
    )
    overdue_tier_id = fields.Many2one(
        "ar.overdue.tier",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="set null",
    )
    overdue_traffic_light = fields.Selection(
        related="overdue_tier_id.traffic_light",
        string="Traffic Light",
    )
    overdue_days = fields.Integer(
        string="Days Overdue",
        compute="_compute_overdue_days",
        search="_search_overdue_days",
        help="Days since the oldest unpaid amount of this invoice fell due.",
    )
    overdue_amount = fields.Monetary(
        compute="_compute_overdue_amount",
        currency_field="company_currency_id",
        help="Unpaid receivable amount past its due date, in company currency.",
    )
    overdue_disputed = fields.Boolean(
        string="Disputed",
        readonly=True,
        copy=False,
        tracking=True,
        help="A disputed invoice is kept out of overdue tiers and warnings "
        "until the dispute is cleared.",
    )
    overdue_dispute_reason = fields.Text(
        string="Dispute Reason", readonly=True, copy=False
    )
    overdue_dispute_date = fields.Date(
        string="Disputed Since", readonly=True, copy=False
    )

    ar_credit_hold_enforced = fields.Boolean(
        related="company_id.ar_credit_hold_enforced", string="Credit Holds Enforced"
    )

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends("overdue_due_date")
    def _compute_overdue_days(self):
        today = fields.Date.context_today(self)
        for move in self:
            move.overdue_days = max(
                tier_policy.days_overdue(move.overdue_due_date, today), 0
            )

    def _search_overdue_days(self, operator, value):
        """Days overdue change every day, so they are searched through the
        stored oldest due date: ``days >= n`` is ``due <= today - n``."""
        if operator not in ("=", "!=", "<", "<=", ">", ">=") or not isinstance(
            value, int
        ):
            raise UserError(
                self.env._("Days overdue can only be compared with a whole number.")
            )
        today = fields.Date.context_today(self)
        flipped = {">": "<", ">=": "<=", "<": ">", "<=": ">=", "=": "=", "!=": "!="}
        overdue = [
            ("overdue_due_date", "<", today),
            (
                "overdue_due_date",
                flipped[operator],
                fields.Date.subtract(today, days=value),
            ),
        ]
        zero_matches = {
            "=": 0 == value,
            "!=": 0 != value,
            "<": 0 < value,
            "<=": 0 <= value,
            ">": 0 > value,
            ">=": 0 >= value,
        }[operator]
        if not zero_matches:
            return overdue
        # invoices not overdue (nothing open, or not yet due) count as 0 days
        not_overdue = [
            "|",
            ("overdue_due_date", "=", False),
            ("overdue_due_date", ">=", today),
        ]
        return expression.OR([not_overdue, overdue])

    @api.depends(
        "line_ids.amount_residual",
        "line_ids.reconciled",
        "line_ids.date_maturity",
        "state",
    )
    def _compute_overdue_amount(self):
        today = fields.Date.context_today(self)
        groups = self.env["account.move.line"]._read_group(
            [
                ("move_id", "in", self.ids),
                ("account_id.account_type", "=", "asset_receivable"),
                ("parent_state", "=", "posted"),
                ("reconciled", "=", False),
                "|",
                ("date_maturity", "<", today),
                "&",
                ("date_maturity", "=", False),
                ("date", "<", today),
            ],
            ["move_id"],
            ["amount_residual:sum"],
        )
        amounts = {move.id: amount for move, amount in groups}
        for move in self:
            move.overdue_amount = amounts.get(move.id, 0.0)

    # ------------------------------------------------------------------
    # CRUD / workflow overrides
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._overdue_check_protected(vals)
        # no move is created posted (core refuses it): posting goes through
        # write, where holds and classification apply
        return super().create(vals_list)

    def write(self, vals):
        self._overdue_check_protected(vals)
        if vals.get("state") and vals["state"] != "posted":
            self.filtered(lambda m: m.state == "posted")._overdue_check_release(
                "cancel" if vals["state"] == "cancel" else "draft"
            )
        res = super().write(vals)
        if "state" in vals:
            # every path that posts, resets or cancels classifies at once
            self._overdue_refresh()
        return res

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_overdue_refresh(self):
        """Reclassify the selected invoices and their customers now."""
        self.env["ar.partner.credit"]._check_collection_user()
        self._overdue_refresh()
        return True

    def action_overdue_open_dispute(self):
        """Open the dispute wizard on this invoice."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Dispute Invoice"),
            "res_model": "ar.overdue.dispute.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_move_ids": self.ids},
        }

    def action_overdue_clear_dispute(self):
        """Put disputed invoices back into tiers and warnings."""
        disputed = self.filtered("overdue_disputed")
        if not disputed:
            raise UserError(self.env._("None of the selected invoices is disputed."))
        disputed.check_access("write")
        disputed.sudo().write(
            {
                "overdue_disputed": False,
                "overdue_dispute_reason": False,
                "overdue_dispute_date": False,
            }
        )
        for move in disputed:
            move.message_post(
                body=self.env._(
                    "Dispute cleared: the invoice is back in overdue follow-up."
                )
            )
        disputed._overdue_refresh()
        return True

    def _overdue_set_dispute(self, reason):
        """Flag these customer invoices as disputed with ``reason``."""
        if not (reason or "").strip():
            raise UserError(self.env._("Give the reason of the dispute."))
        wrong = self.filtered(lambda m: m.move_type not in CUSTOMER_MOVE_TYPES)
        if wrong:
            raise UserError(
                self.env._(
                    "Only customer invoices and credit notes can be disputed: %(names)s",
                    names=", ".join(wrong.mapped("display_name")),
                )
            )
        self.check_access("write")
        self._overdue_check_release("dispute")
        today = fields.Date.context_today(self)
        self.sudo().write(
            {
                "overdue_disputed": True,
                "overdue_dispute_reason": reason.strip(),
                "overdue_dispute_date": today,
            }
        )
        for move in self:
            move.message_post(
                body=self.env._("Invoice disputed: %(reason)s", reason=reason.strip())
            )
        self._overdue_refresh()

    def _overdue_refresh(self, as_of=None, warn=True):
        """Classify these moves and update their customers, notifying the
        owners of tiers newly entered.  Returns the customers touched as a
        set of ``(commercial partner id, company id)``."""
        other_ids = []
        pairs = self._overdue_classify(as_of, others=other_ids)
        # payments and journal entries move the customer's net balance too
        others = self.browse(other_ids)
        pairs |= {
            (line.partner_id.commercial_partner_id.id, line.company_id.id)
            for line in others.line_ids
            if line.partner_id and line.account_id.account_type == "asset_receivable"
        }
        self.env["ar.partner.status"]._overdue_refresh_partners(pairs, as_of, warn)
        return pairs

    # ------------------------------------------------------------------
    # Guards
    # ------------------------------------------------------------------
    def _overdue_check_protected(self, vals):
        """Tiers, check dates and disputes are the addon's to write: the
        dispute has its buttons (which check who may use them), the rest is
        computed.  A direct write, over RPC or an import, is refused."""
        protected = set(vals) & set(PROTECTED_FIELDS)
        if protected and not self.env.su:
            raise AccessError(
                self.env._(
                    "These invoice fields are managed by overdue follow-up and "
                    "cannot be written directly: %(fields)s. Use the Dispute and "
                    "Clear Dispute buttons.",
                    fields=", ".join(sorted(protected)),
                )
            )

    def _overdue_holding(self):
        """The invoices of ``self`` that keep their customer on a tier hold:
        posted and in a tier, for a customer held because of its tier in a
        company that enforces holds."""
        tiered = self.filtered(lambda m: m.state == "posted" and m.overdue_tier_id)
        if not tiered:
            return tiered
        credits = (
            self.env["ar.partner.credit"]
            .sudo()
            .search(
                [
                    ("partner_id", "in", tiered.commercial_partner_id.ids),
                    ("company_id", "in", tiered.company_id.ids),
                    ("hold_tier_id", "!=", False),
                    ("company_id.ar_credit_hold_enforced", "=", True),
                ]
            )
        )
        held = {(c.partner_id.id, c.company_id.id) for c in credits}
        return tiered.filtered(
            lambda m: (m.commercial_partner_id.id, m.company_id.id) in held
        )

    def _overdue_check_release(self, action):
        """Disputing, resetting or cancelling (``action``: "dispute",
        "draft", "cancel") an invoice that holds its customer would lift the
        hold: only a Credit Manager may, and it is logged on the invoice and
        the customer."""
        holding = self._overdue_holding()
        if not holding:
            return
        if not self.env.user.has_group(CREDIT_MANAGER_GROUP):
            refusals = {
                "dispute": self.env._(
                    "%(invoices)s keep their customer on credit hold: only a "
                    "Credit Manager may dispute them."
                ),
                "draft": self.env._(
                    "%(invoices)s keep their customer on credit hold: only a "
                    "Credit Manager may reset them to draft."
                ),
                "cancel": self.env._(
                    "%(invoices)s keep their customer on credit hold: only a "
                    "Credit Manager may cancel them."
                ),
            }
            raise UserError(
                refusals[action]
                % {"invoices": ", ".join(holding.mapped("display_name"))}
            )
        logs = {
            "dispute": self.env._(
                "%(user)s disputed %(invoice)s, which kept its customer on credit hold."
            ),
            "draft": self.env._(
                "%(user)s reset %(invoice)s to draft, which kept its customer on "
                "credit hold."
            ),
            "cancel": self.env._(
                "%(user)s cancelled %(invoice)s, which kept its customer on credit "
                "hold."
            ),
        }
        for move in holding:
            text = logs[action] % {
                "user": self.env.user.name,
                "invoice": move.display_name,
            }
            move.message_post(body=text)
            move.commercial_partner_id.sudo().message_post(body=text)

    # ------------------------------------------------------------------
    # Credit holds (see ar.credit.hold.mixin)
    # ------------------------------------------------------------------
    def _ar_credit_customer(self):
        self.ensure_one()
        return self.commercial_partner_id, self.company_id

    def _ar_credit_applies(self):
        """Holds stop invoices and receipts; credit notes lower the debt."""
        self.ensure_one()
        return self.move_type in ("out_invoice", "out_receipt")

    def _ar_credit_amount(self):
        self.ensure_one()
        return self.amount_total_signed

    def _ar_credit_exempt(self, credit):
        """A down payment invoice goes through a hold that only asks for
        prepayment: it is how the customer prepays."""
        self.ensure_one()
        causes = set((credit.hold_causes or "").split(",")) - {""}
        return (
            bool(causes)
            and causes
            <= {
                "prepayment",
                "credit_limit",
            }
            and self._ar_credit_is_prepayment_invoice()
        )

    def _ar_credit_is_prepayment_invoice(self):
        """Whether this invoice bills a down payment (Sales says so)."""
        self.ensure_one()
        return False
