from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.osv import expression
from odoo.tools import SQL

from ..policy import tiers as tier_policy

CUSTOMER_MOVE_TYPES = ("out_invoice", "out_refund", "out_receipt")


class AccountMove(models.Model):
    _inherit = "account.move"

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
        string="Overdue Tier",
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
        string="Overdue Amount",
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

    ar_credit_on_hold = fields.Boolean(
        string="Customer on Credit Hold", compute="_compute_ar_credit_hold"
    )
    ar_credit_hold_description = fields.Char(
        string="Credit Hold", compute="_compute_ar_credit_hold"
    )

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends("commercial_partner_id", "company_id", "move_type")
    def _compute_ar_credit_hold(self):
        for move in self:
            partner = move.commercial_partner_id.with_company(move.company_id)
            on_hold = (
                move.move_type in ("out_invoice", "out_receipt")
                and partner.credit_on_hold
            )
            move.ar_credit_on_hold = on_hold
            move.ar_credit_hold_description = (
                partner.credit_hold_description if on_hold else False
            )

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
            raise UserError(_("Days overdue can only be compared with a whole number."))
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
                ("date_maturity", "<", today),
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
    def _post(self, soft=True):
        overrides = self._ar_credit_check_hold()
        posted = super()._post(soft=soft)
        self._ar_credit_log_overrides(overrides)
        posted._overdue_refresh()
        return posted

    def button_draft(self):
        res = super().button_draft()
        self._overdue_refresh()
        return res

    def button_cancel(self):
        res = super().button_cancel()
        self._overdue_refresh()
        return res

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_overdue_refresh(self):
        """Reclassify the selected invoices and their customers now."""
        self._overdue_refresh()
        return True

    def action_overdue_open_dispute(self):
        """Open the dispute wizard on this invoice."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Dispute Invoice"),
            "res_model": "ar.overdue.dispute.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_move_ids": self.ids},
        }

    def action_overdue_clear_dispute(self):
        """Put disputed invoices back into tiers and warnings."""
        disputed = self.filtered("overdue_disputed")
        if not disputed:
            raise UserError(_("None of the selected invoices is disputed."))
        disputed.write(
            {
                "overdue_disputed": False,
                "overdue_dispute_reason": False,
                "overdue_dispute_date": False,
            }
        )
        for move in disputed:
            move.message_post(
                body=_("Dispute cleared: the invoice is back in overdue follow-up.")
            )
        disputed._overdue_refresh()
        return True

    def _overdue_set_dispute(self, reason):
        """Flag these customer invoices as disputed with ``reason``."""
        if not (reason or "").strip():
            raise UserError(_("Give the reason of the dispute."))
        wrong = self.filtered(lambda m: m.move_type not in CUSTOMER_MOVE_TYPES)
        if wrong:
            raise UserError(
                _(
                    "Only customer invoices and credit notes can be disputed: %(names)s",
                    names=", ".join(wrong.mapped("display_name")),
                )
            )
        today = fields.Date.context_today(self)
        self.write(
            {
                "overdue_disputed": True,
                "overdue_dispute_reason": reason.strip(),
                "overdue_dispute_date": today,
            }
        )
        for move in self:
            move.message_post(
                body=_("Invoice disputed: %(reason)s", reason=reason.strip())
            )
        self._overdue_refresh()

    def action_ar_credit_override_post(self):
        """Post invoices of customers on credit hold, asking the reason first
        (Credit Hold Override group only; the check is in ``_post``)."""
        return self.env["ar.credit.hold.override.wizard"]._open_for(self)

    # ------------------------------------------------------------------
    # Business
    # ------------------------------------------------------------------
    def _ar_credit_is_prepayment_invoice(self):
        """Whether this invoice bills a down payment (Sales says so); such
        an invoice may be posted for a customer held for prepayment only."""
        self.ensure_one()
        return False

    def _ar_credit_blocks(self):
        """Customer invoices of these moves that a credit hold blocks, as
        ``[(move, credit standing, description)]``."""
        invoices = self.filtered(
            lambda m: (
                m.move_type in ("out_invoice", "out_receipt") and m.state == "draft"
            )
        )
        if not invoices:
            return []
        credits = (
            self.env["ar.partner.credit"]
            .sudo()
            .search(
                [
                    ("partner_id", "in", invoices.commercial_partner_id.ids),
                    ("company_id", "in", invoices.company_id.ids),
                    ("on_hold", "=", True),
                ]
            )
        )
        held = {(c.partner_id.id, c.company_id.id): c for c in credits}
        blocks = []
        for move in invoices:
            credit = held.get((move.commercial_partner_id.id, move.company_id.id))
            if not credit:
                continue
            if (
                credit.hold_causes == "prepayment"
                and move._ar_credit_is_prepayment_invoice()
            ):
                continue
            description = self.env._(
                "%(customer)s is on credit hold: %(causes)s.",
                customer=move.commercial_partner_id.display_name,
                causes=credit._hold_description(),
            )
            blocks.append((move, credit, description))
        return blocks

    def _ar_credit_check_hold(self):
        """Refuse to post customer invoices of customers on credit hold,
        unless an override reason is given by a Credit Hold Override user.
        Returns the overrides to log once the invoices are posted."""
        blocks = self._ar_credit_blocks()
        if not blocks:
            return []
        reason = (self.env.context.get("ar_credit_hold_override_reason") or "").strip()
        if not reason or not self.env.user.has_group(
            "ar_overdue_management.group_ar_credit_hold_override"
        ):
            raise UserError(
                "\n".join(dict.fromkeys(description for _m, _c, description in blocks))
                + "\n"
                + _(
                    "The invoice cannot be posted until the hold is lifted, or a "
                    "user of the Credit Hold Override group overrides it with a reason."
                )
            )
        return [(move, credit, reason) for move, credit, _description in blocks]

    def _ar_credit_log_overrides(self, overrides):
        """Log each credit hold override on the invoice and the customer."""
        for move, credit, reason in overrides or ():
            text = self.env._(
                "Credit hold overridden by %(user)s to post %(invoice)s (hold: %(causes)s). "
                "Reason: %(reason)s",
                user=self.env.user.name,
                invoice=move.name,
                causes=credit._hold_description(),
                reason=reason,
            )
            move.message_post(body=text)
            move.commercial_partner_id.sudo().message_post(body=text)

    def _overdue_refresh(self, as_of=None):
        """Classify these moves and update their customers, notifying the
        owners of tiers newly entered.  Returns the customers touched as a
        set of ``(commercial partner id, company id)``."""
        pairs = self._overdue_classify(as_of)
        self.env["ar.partner.status"]._overdue_refresh_partners(pairs, as_of)
        return pairs

    def _overdue_classify(self, as_of=None):
        """Recompute oldest due date, tier and next check date of these moves.

        One query reads the open receivable due dates of the whole set, the
        policy classifies each distinct (company, due date) once, and one
        UPDATE writes the rows whose values changed.  Returns the customers
        concerned as a set of ``(commercial partner id, company id)``.
        """
        if not self:
            return set()
        as_of = as_of or fields.Date.context_today(self)
        self.env["account.move.line"].flush_model(
            [
                "amount_residual",
                "reconciled",
                "parent_state",
                "date_maturity",
                "account_id",
                "move_id",
            ]
        )
        self.flush_model(
            [
                "state",
                "move_type",
                "company_id",
                "commercial_partner_id",
                "overdue_disputed",
                "overdue_tier_id",
                "overdue_due_date",
                "overdue_check_date",
            ]
        )
        rows = self.env.execute_query(
            SQL(
                """
                SELECT m.id, m.company_id, m.commercial_partner_id,
                       m.overdue_tier_id, m.overdue_due_date, m.overdue_check_date,
                       m.overdue_disputed IS TRUE,
                       m.state = 'posted' AND m.move_type IN %(types)s,
                       ARRAY_AGG(DISTINCT COALESCE(l.date_maturity, l.date))
                           FILTER (WHERE l.id IS NOT NULL)
                  FROM account_move m
             LEFT JOIN (account_move_line l
                        JOIN account_account a
                          ON a.id = l.account_id
                         AND a.account_type = 'asset_receivable')
                    ON l.move_id = m.id
                   AND l.parent_state = 'posted'
                   AND l.reconciled IS NOT TRUE
                   AND l.amount_residual > 0
                 WHERE m.id = ANY(%(ids)s)
              GROUP BY m.id
                """,
                types=CUSTOMER_MOVE_TYPES,
                ids=self.ids,
            )
        )
        companies = self.env["res.company"].browse({row[1] for row in rows})
        specs = self.env["ar.overdue.tier"]._specs_by_company(companies)
        tier_cache = {}
        boundary_cache = {}

        def tier_of(company_id, due):
            key = (company_id, due)
            if key not in tier_cache:
                spec = tier_policy.classify_days((as_of - due).days, specs[company_id])
                tier_cache[key] = spec.key if spec else None
            return tier_cache[key]

        def boundary_of(company_id, due):
            key = (company_id, due)
            if key not in boundary_cache:
                boundary_cache[key] = tier_policy.next_boundary(
                    due, as_of, specs[company_id]
                )
            return boundary_cache[key]

        ids, tier_ids, due_dates, check_dates = [], [], [], []
        pairs = set()
        for (
            move_id,
            company_id,
            partner_id,
            old_tier,
            old_due,
            old_check,
            disputed,
            eligible,
            dates,
        ) in rows:
            new_tier = new_due = new_check = None
            if eligible and dates:
                new_due = min(dates)
                if not disputed:
                    new_tier = tier_of(company_id, new_due)
                    checks = [
                        c for c in (boundary_of(company_id, d) for d in dates) if c
                    ]
                    new_check = min(checks) if checks else None
            if (new_tier, new_due, new_check) != (old_tier, old_due, old_check):
                ids.append(move_id)
                tier_ids.append(new_tier)
                due_dates.append(new_due)
                check_dates.append(new_check)
            if partner_id and (eligible or old_tier):
                pairs.add((partner_id, company_id))
        if ids:
            self.env.cr.execute(
                SQL(
                    """
                    UPDATE account_move m
                       SET overdue_tier_id = v.tier_id,
                           overdue_due_date = v.due_date,
                           overdue_check_date = v.check_date
                      FROM unnest(%s::int[], %s::int[], %s::date[], %s::date[])
                           AS v(id, tier_id, due_date, check_date)
                     WHERE m.id = v.id
                    """,
                    ids,
                    tier_ids,
                    due_dates,
                    check_dates,
                )
            )
            written = ["overdue_tier_id", "overdue_due_date", "overdue_check_date"]
            self.invalidate_model(written)
            # the UPDATE bypassed the ORM: drop what the cache derived from
            # the old values (days overdue, traffic light)
            self.browse(ids).modified(written)
        return pairs

    # ------------------------------------------------------------------
    # Crons
    # ------------------------------------------------------------------
    @api.model
    def _cron_overdue_refresh(self, as_of=None, batch_size=None):
        """Daily run: reclassify the invoices whose check date has come.

        Each call handles one batch and reports progress, so the cron
        framework commits between batches and a run cut short resumes where
        it stopped: moves already done have a later check date and customers
        already warned have their notified tier stored.
        """
        as_of = fields.Date.to_date(as_of) if as_of else fields.Date.context_today(self)
        if not batch_size:
            batch_size = int(
                self.env["ir.config_parameter"]
                .sudo()
                .get_param("ar_overdue_management.batch_size", 5000)
            )
        moves_model = self.sudo()
        domain = [("overdue_check_date", "<=", as_of)]
        # whole customers per batch: a customer whose invoices cross several
        # tiers the same night is classified, and warned, once
        moves_model.flush_model(["overdue_check_date", "commercial_partner_id"])
        rows = self.env.execute_query(
            SQL(
                """
                SELECT id, commercial_partner_id
                  FROM account_move
                 WHERE overdue_check_date <= %(as_of)s
              ORDER BY commercial_partner_id, id
                 LIMIT %(limit)s
                """,
                as_of=as_of,
                limit=batch_size,
            )
        )
        ids = [move_id for move_id, _partner in rows]
        if len(rows) == batch_size:
            ids += [
                move_id
                for (move_id,) in self.env.execute_query(
                    SQL(
                        """
                        SELECT id FROM account_move
                         WHERE overdue_check_date <= %s
                           AND commercial_partner_id = %s AND id > %s
                        """,
                        as_of,
                        rows[-1][1],
                        rows[-1][0],
                    )
                )
            ]
        moves = moves_model.browse(ids)
        moves._overdue_refresh(as_of)
        remaining = moves_model.search_count(domain) if len(moves) >= batch_size else 0
        self.env["ir.cron"]._notify_progress(done=len(moves), remaining=remaining)
        return {"done": len(moves), "remaining": remaining}
