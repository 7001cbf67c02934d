from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from ...policy import tiers as tier_policy
from ...policy.cases import STAGE_SELECTION
from ..core.ar_receivable import chased_line_ids
from ..core.ar_security import COLLECTION_USER_GROUP, RECEIVABLE_GROUPS

AMOUNT_GROUPS = f"{COLLECTION_USER_GROUP},{RECEIVABLE_GROUPS}"


class ArCollectionCase(models.Model):
    """The collectors' file on one customer in one company while it owes
    overdue money: opened by the daily run when the customer enters a tier
    (or by hand), kept in step with its debt, closed when nothing is overdue
    any more; a debt that comes back opens a new case."""

    _name = "ar.collection.case"
    _inherit = ["ar.customer.company.mixin", "mail.thread", "mail.activity.mixin"]
    _description = "Collection Case"
    _order = "priority desc, oldest_due_date, overdue_amount desc, id"

    name = fields.Char(
        string="Reference", required=True, readonly=True, copy=False, default="/"
    )
    stage = fields.Selection(
        list(STAGE_SELECTION),
        required=True,
        default="reminder",
        tracking=True,
        group_expand="_group_expand_stages",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Owner",
        tracking=True,
        help="Who collects: the account owner under three months overdue, the "
        "collection team leader once the case is formal.",
    )
    leader_id = fields.Many2one(
        "res.users",
        string="Team Leader",
        help="Informed past three months overdue.",
    )
    tier_id = fields.Many2one("ar.overdue.tier", readonly=True)
    priority = fields.Integer(
        readonly=True, help="Rank of the customer's tier: higher first."
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    # the amounts are the receivable's: salespeople who follow their
    # customers' cases see the case, not what is owed
    overdue_amount = fields.Monetary(
        readonly=True, currency_field="currency_id", groups=AMOUNT_GROUPS
    )
    open_amount = fields.Monetary(
        string="Open Receivable",
        readonly=True,
        currency_field="currency_id",
        groups=AMOUNT_GROUPS,
    )
    oldest_due_date = fields.Date(readonly=True)
    days_overdue = fields.Integer(compute="_compute_days_overdue")
    # what the debt was on the day the case closed; the live figures above
    # go to zero then
    closed_overdue_amount = fields.Monetary(
        string="Overdue at Closing",
        readonly=True,
        currency_field="currency_id",
        groups=AMOUNT_GROUPS,
    )
    closed_open_amount = fields.Monetary(
        string="Open Receivable at Closing",
        readonly=True,
        currency_field="currency_id",
        groups=AMOUNT_GROUPS,
    )
    closed_oldest_due_date = fields.Date(
        string="Oldest Due Date at Closing", readonly=True
    )
    closed_days_overdue = fields.Integer(
        string="Days Overdue at Closing", compute="_compute_closed_days_overdue"
    )
    invoice_ids = fields.Many2many(
        "account.move", string="Overdue Invoices", compute="_compute_invoice_ids"
    )
    chased_line_ids = fields.Many2many(
        "account.move.line",
        string="Overdue Items",
        compute="_compute_chased_line_ids",
        groups=AMOUNT_GROUPS,
        help="The overdue amounts of the customer's invoices, and the payments "
        "and credit notes not yet applied that are deducted from them: their "
        "total is the case's overdue.",
    )
    opened_date = fields.Date(
        readonly=True, default=lambda self: fields.Date.context_today(self)
    )
    closed_date = fields.Date(readonly=True)
    leader_informed = fields.Boolean(readonly=True)
    formal_ref = fields.Char(
        string="Formal Case Reference",
        readonly=True,
        copy=False,
        help="Given when the debt is more than six months overdue: the "
        "collection team must then take part.",
    )
    next_action = fields.Char()
    next_action_date = fields.Date(tracking=True)
    contact_ids = fields.One2many(
        "ar.collection.contact", "case_id", string="Contacts", readonly=True
    )
    written_contact_count = fields.Integer(
        string="Written Contacts",
        compute="_compute_written_contact_count",
        help="Letters, e-mails and lawyer's letters with the customer's answer: "
        "litigation needs at least three.",
    )

    def _order_field_to_sql(self, alias, field_name, direction, nulls, query):
        """The worklist is ordered by amount for everyone who sees it; the
        amount itself stays hidden from who may not read it."""
        if field_name in ("overdue_amount", "open_amount"):
            return SQL("%s %s %s", SQL.identifier(alias, field_name), direction, nulls)
        return super()._order_field_to_sql(alias, field_name, direction, nulls, query)

    @api.model
    def _group_expand_stages(self, stages, domain):
        return [key for key, _label in STAGE_SELECTION]

    @api.depends("contact_ids.written")
    def _compute_written_contact_count(self):
        groups = self.env["ar.collection.contact"]._read_group(
            [("case_id", "in", self.ids), ("written", "=", True)],
            ["case_id"],
            ["__count"],
        )
        counts = {case.id: count for case, count in groups}
        for case in self:
            case.written_contact_count = counts.get(case.id, 0)

    @api.depends("closed_oldest_due_date", "closed_date")
    def _compute_closed_days_overdue(self):
        for case in self:
            case.closed_days_overdue = max(
                tier_policy.days_overdue(case.closed_oldest_due_date, case.closed_date)
                if case.closed_oldest_due_date and case.closed_date
                else 0,
                0,
            )

    def _case_close(self, as_of):
        """Close these cases on ``as_of``: the debt as it stood is kept as
        the closing figures, and the live figures go to zero (nothing is
        overdue on a closed case)."""
        if not self:
            return
        self.flush_recordset(["overdue_amount", "open_amount", "oldest_due_date"])
        self.env.cr.execute(
            SQL(
                """
                UPDATE ar_collection_case
                   SET closed_overdue_amount = overdue_amount,
                       closed_open_amount = open_amount,
                       closed_oldest_due_date = oldest_due_date
                 WHERE id = ANY(%s)
                """,
                self.ids,
            )
        )
        self.invalidate_recordset(
            ["closed_overdue_amount", "closed_open_amount", "closed_oldest_due_date"]
        )
        self.with_context(tracking_disable=True).write(
            {
                "stage": "closed",
                "closed_date": as_of,
                "overdue_amount": 0.0,
                "open_amount": 0.0,
                "oldest_due_date": False,
            }
        )

    @api.depends("oldest_due_date")
    def _compute_days_overdue(self):
        today = fields.Date.context_today(self)
        for case in self:
            case.days_overdue = max(
                tier_policy.days_overdue(case.oldest_due_date, today), 0
            )

    @api.depends("partner_id", "company_id", "stage")
    def _compute_invoice_ids(self):
        moves = self.env["account.move"].search(
            [
                ("commercial_partner_id", "in", self.partner_id.ids),
                ("company_id", "in", self.company_id.ids),
                ("overdue_tier_id", "!=", False),
            ]
        )
        for case in self:
            case.invoice_ids = (
                moves.filtered(
                    lambda m, c=case: (
                        m.commercial_partner_id == c.partner_id
                        and m.company_id == c.company_id
                    )
                )
                if case.stage != "closed"
                else False
            )

    @api.depends("partner_id", "company_id", "stage")
    def _compute_chased_line_ids(self):
        open_cases = self.filtered(lambda c: c.stage != "closed" and c.partner_id)
        pairs = {(c.partner_id.id, c.company_id.id) for c in open_cases}
        chased = chased_line_ids(self.env, pairs, fields.Date.context_today(self))
        lines = self.env["account.move.line"]
        for case in self:
            line_ids = chased.get((case.partner_id.id, case.company_id.id), [])
            case.chased_line_ids = (
                lines.browse(line_ids) if case in open_cases else lines
            )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        unnamed = [vals for vals in vals_list if vals.get("name", "/") == "/"]
        for vals, name in zip(
            unnamed,
            self._case_next_refs("ar.collection.case", len(unnamed)),
            strict=True,
        ):
            vals["name"] = name
        # opened by the thousand on the first night: no creation note, no
        # follower, no "assigned to you" mail per case (owners get activities)
        cases = super(
            ArCollectionCase,
            self.with_context(
                tracking_disable=True,
                mail_create_nolog=True,
                mail_create_nosubscribe=True,
                mail_auto_subscribe_no_notify=True,
            ),
        ).create(vals_list)
        cases._check_one_open_case()
        return cases

    @api.model
    def _case_next_refs(self, code, count):
        """``count`` references of the sequence ``code`` in one query (the
        sequence is a PostgreSQL one: the daily run opens cases by the
        thousand on its first night)."""
        if not count:
            return []
        sequence = self.env["ir.sequence"].sudo().search([("code", "=", code)], limit=1)
        if not sequence or sequence.implementation != "standard":
            return [
                self.env["ir.sequence"].next_by_code(code) or "/" for _i in range(count)
            ]
        numbers = self.env.execute_query(
            SQL(
                "SELECT nextval(%s) FROM generate_series(1, %s)",
                f"ir_sequence_{sequence.id:03d}",
                count,
            )
        )
        prefix, suffix = sequence._get_prefix_suffix()
        return [
            f"{prefix}{number:0{sequence.padding}d}{suffix}" for (number,) in numbers
        ]

    def _check_one_open_case(self):
        """One open case per customer and company."""
        pairs = {(c.partner_id.id, c.company_id.id) for c in self}
        open_cases = self.sudo().search(
            [
                ("partner_id", "in", [p for p, _c in pairs]),
                ("company_id", "in", [c for _p, c in pairs]),
                ("stage", "!=", "closed"),
            ]
        )
        seen = set()
        for case in open_cases:
            pair = (case.partner_id.id, case.company_id.id)
            if pair in seen:
                raise UserError(
                    self.env._(
                        "%(customer)s already has an open collection case in "
                        "%(company)s.",
                        customer=case.partner_id.display_name,
                        company=case.company_id.name,
                    )
                )
            seen.add(pair)

    def write(self, vals):
        if vals.get("stage") == "closed" and not self.env.su:
            raise UserError(
                self.env._("A case closes by itself when nothing is overdue any more.")
            )
        res = super().write(vals)
        if vals.get("stage") and vals["stage"] != "closed":
            self._check_one_open_case()
        return res

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_log_contact(self):
        """Log a call (or any contact) on this case."""
        self.ensure_one()
        self.env["ar.collection.contact"].check_access("create")
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Log a Contact"),
            "res_model": "ar.collection.contact",
            "view_mode": "form",
            "target": "new",
            "context": {"default_case_id": self.id},
        }

    def action_open_invoices(self):
        """The overdue invoices of the case."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account.action_move_out_invoice_type"
        )
        action["domain"] = [("id", "in", self.invoice_ids.ids)]
        action["context"] = {"create": False}
        return action

    # ------------------------------------------------------------------
    # Business
    # ------------------------------------------------------------------
    def _case_owner(self, formal):
        """The account owner, or the collection team leader for a formal
        case (falling back on the risk manager)."""
        self.ensure_one()
        company = self.company_id
        leader = company.overdue_collection_user_id or company.overdue_risk_manager_id
        if formal and leader:
            return leader
        return self.partner_id.user_id or company.overdue_risk_manager_id
