from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..policy import cases as case_policy
from ..policy import tiers as tier_policy

STAGE_SELECTION = [
    ("reminder", "Reminder"),
    ("dunning", "Dunning"),
    ("escalated", "Escalated"),
    ("legal", "Legal or Agency"),
    ("plan", "Repayment Plan"),
    ("closed", "Closed"),
]


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
        STAGE_SELECTION,
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
    overdue_amount = fields.Monetary(readonly=True, currency_field="currency_id")
    open_amount = fields.Monetary(
        string="Open Receivable", readonly=True, currency_field="currency_id"
    )
    oldest_due_date = fields.Date(readonly=True)
    days_overdue = fields.Integer(compute="_compute_days_overdue")
    invoice_ids = fields.Many2many(
        "account.move", string="Overdue Invoices", compute="_compute_invoice_ids"
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

    @api.model
    def _group_expand_stages(self, stages, domain):
        return [key for key, _label in STAGE_SELECTION]

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

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        sequence = self.env["ir.sequence"]
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                company = self.env["res.company"].browse(
                    vals.get("company_id") or self.env.company.id
                )
                vals["name"] = (
                    sequence.with_company(company).next_by_code("ar.collection.case")
                    or "/"
                )
        cases = super().create(vals_list)
        cases._check_one_open_case()
        return cases

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

    # ------------------------------------------------------------------
    # Daily run
    # ------------------------------------------------------------------
    @api.model
    def _case_sync(self, changes):
        """Open, update and close the cases of the customers refreshed
        (``changes``: what ``ar.partner.status`` saw).  Set-wise: one read of
        the open cases, one create, one UPDATE of the figures."""
        model = self.sudo()
        pairs = changes.pairs
        open_cases = {
            (c.partner_id.id, c.company_id.id): c
            for c in model.search(
                [
                    ("partner_id", "in", list({p for p, _c in pairs})),
                    ("company_id", "in", list({c for _p, c in pairs})),
                    ("stage", "!=", "closed"),
                ]
            )
        }
        statuses = self.env["ar.partner.status"]._of_pairs(pairs)
        companies = self.env["res.company"].browse({c for _p, c in pairs})
        specs = self.env["ar.overdue.tier"]._specs_by_company(companies)
        new_vals, figures, to_close = [], {}, model.browse()
        for pair in pairs:
            summary, case = changes.summaries[pair], open_cases.get(pair)
            status = statuses.get(pair)
            tier = status.tier_id if status else status
            action = case_policy.case_action(
                bool(case), summary.overdue_amount, bool(tier)
            )
            if action == "close":
                to_close |= case
            elif action:
                rank = tier_policy.rank(specs[pair[1]]).get(tier.id, 0)
                vals = {
                    "tier_id": tier.id,
                    "priority": rank,
                    "overdue_amount": summary.overdue_amount,
                    "open_amount": summary.open_amount,
                    "oldest_due_date": summary.oldest_due,
                }
                if case:
                    figures[case] = (vals, case_policy.stage_for_rank(rank))
                else:
                    new_vals.append(
                        dict(
                            vals,
                            **self._case_people(pair),
                            partner_id=pair[0],
                            company_id=pair[1],
                            stage=case_policy.stage_for_rank(rank),
                            opened_date=changes.as_of,
                        )
                    )
        created = model.create(new_vals) if new_vals else model
        model._case_write_figures(figures)
        to_close.write({"stage": "closed", "closed_date": changes.as_of})
        (created | model.browse([c.id for c in figures]))._case_follow_age(
            changes.as_of
        )

    @api.model
    def _case_people(self, pair):
        """Owner and team leader of a new case of ``pair``: the account
        owner collects (the risk manager for customers without one)."""
        partner = self.env["res.partner"].browse(pair[0])
        company = self.env["res.company"].browse(pair[1])
        leader = company.overdue_collection_user_id or company.overdue_risk_manager_id
        return {
            "user_id": (partner.user_id or company.overdue_risk_manager_id).id,
            "leader_id": leader.id,
        }

    @api.model
    def _case_write_figures(self, figures):
        """``{case: (vals, stage the tier asks for)}``: the figures in one
        UPDATE; stage raises (rare, tracked) through the ORM."""
        changed = [
            (case, vals)
            for case, (vals, _stage) in figures.items()
            if any(
                (case[k].id if k == "tier_id" else case[k]) != v
                for k, v in vals.items()
            )
        ]
        if changed:
            self.flush_model()
            self.env.cr.execute(
                SQL(
                    """
                    UPDATE ar_collection_case c
                       SET tier_id = v.tier_id, priority = v.priority,
                           overdue_amount = v.overdue, open_amount = v.open,
                           oldest_due_date = v.oldest
                      FROM unnest(%s::int[], %s::int[], %s::int[], %s::numeric[],
                                  %s::numeric[], %s::date[])
                           AS v(id, tier_id, priority, overdue, open, oldest)
                     WHERE c.id = v.id
                    """,
                    [case.id for case, _v in changed],
                    [vals["tier_id"] for _c, vals in changed],
                    [vals["priority"] for _c, vals in changed],
                    [vals["overdue_amount"] for _c, vals in changed],
                    [vals["open_amount"] for _c, vals in changed],
                    [vals["oldest_due_date"] for _c, vals in changed],
                )
            )
            self.invalidate_model(
                [
                    "tier_id",
                    "priority",
                    "overdue_amount",
                    "open_amount",
                    "oldest_due_date",
                ]
            )
        for case, (_vals, wanted) in figures.items():
            stage = case_policy.raised_stage(case.stage, wanted)
            if stage != case.stage:
                case.write({"stage": stage})

    def _case_follow_age(self, as_of):
        """Past three months the team leader is informed, once; past six
        the case becomes formal: a reference of its own and the collection
        team leader as owner."""
        for case in self:
            days = tier_policy.days_overdue(case.oldest_due_date, as_of)
            who = case_policy.ownership(days)
            if who in ("leader", "formal") and not case.leader_informed:
                case._case_tell_leader(
                    self.env._(
                        "Overdue more than three months: %(days)s days.", days=days
                    )
                )
                case.leader_informed = True
            if who == "formal" and not case.formal_ref:
                case.write(
                    {
                        "formal_ref": self.env["ir.sequence"]
                        .with_company(case.company_id)
                        .next_by_code("ar.collection.case.formal"),
                        "user_id": case._case_owner(formal=True).id,
                    }
                )
                case._case_tell_leader(
                    self.env._(
                        "Overdue more than six months: formal case %(ref)s opened; "
                        "the collection team takes part.",
                        ref=case.formal_ref,
                    )
                )

    def _case_tell_leader(self, note):
        """One activity for the team leader, and the note in the chatter."""
        self.ensure_one()
        self.message_post(body=note)
        if self.leader_id:
            self.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=self.env._("Collection case %(name)s", name=self.name),
                note=note,
                user_id=self.leader_id.id,
            )
