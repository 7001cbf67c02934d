from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.osv import expression

from ...policy import tiers as tier_policy
from .ar_receivable import CUSTOMER_MOVE_TYPES
from .ar_security import check_collection_user

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
    """Overdue follow-up of customer invoices: the tier reached, days and
    amount overdue, disputes; every change of state classifies at once."""

    _inherit = "account.move"

    # a customer's invoices are looked up by their commercial entity (pay
    # links of a statement, a case's invoices, the customer's refresh):
    # without an index each lookup reads every move
    commercial_partner_id = fields.Many2one(index="btree_not_null")
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
    # each invoice's own currency, shown beside the company-currency
    # columns and never summed across invoices (not stored: no group sums)
    overdue_total_in_currency = fields.Monetary(
        compute="_compute_overdue_in_currency",
        string="Invoice Total",
        currency_field="currency_id",
    )
    overdue_open_in_currency = fields.Monetary(
        compute="_compute_overdue_in_currency",
        string="Open Amount",
        currency_field="currency_id",
        help="What is left to pay of this invoice, in its own currency.",
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

    @api.depends("amount_total", "amount_residual")
    def _compute_overdue_in_currency(self):
        for move in self:
            move.overdue_total_in_currency = move.amount_total
            move.overdue_open_in_currency = move.amount_residual

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
        check_collection_user(self.env)
        self._overdue_refresh()
        return True

    def action_overdue_open_dispute(self):
        """Open the dispute wizard on this invoice, for who may dispute."""
        self.ensure_one()
        self.env["ar.overdue.dispute.wizard"].check_access("create")
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

    def _overdue_check_release(self, action):
        """Called before disputing, resetting or cancelling (``action``:
        "dispute", "draft", "cancel") posted invoices: a feature that such a
        change would bypass refuses it or logs it here."""
        return None
