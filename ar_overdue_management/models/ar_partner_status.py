from markupsafe import Markup
from odoo import _, api, fields, models
from odoo.tools import SQL, get_lang

from ..policy import tiers as tier_policy


class ArPartnerStatus(models.Model):
    """Overdue state of one customer in one company, kept between runs.

    Only what changes on events is stored: the worst tier reached and the
    tier its owners were last warned about, so a re-run never warns twice
    and a customer that falls back and rises again is warned again.
    """

    _name = "ar.partner.status"
    _description = "Customer Overdue Status"
    _rec_name = "partner_id"
    _order = "company_id, partner_id"
    _check_company_auto = True

    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        ondelete="cascade",
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, ondelete="cascade"
    )
    tier_id = fields.Many2one(
        "ar.overdue.tier",
        string="Worst Tier",
        index="btree_not_null",
        ondelete="set null",
        check_company=True,
    )
    traffic_light = fields.Selection(
        [
            ("green", "Green"),
            ("yellow", "Yellow"),
            ("orange", "Orange"),
            ("red", "Red"),
        ],
        compute="_compute_traffic_light",
        store=True,
    )
    tier_date = fields.Date(string="In Tier Since")
    notified_tier_id = fields.Many2one(
        "ar.overdue.tier",
        string="Last Warned Tier",
        ondelete="set null",
        check_company=True,
    )

    _sql_constraints = [
        (
            "partner_company_uniq",
            "unique(partner_id, company_id)",
            "A customer has one overdue status per company.",
        )
    ]

    @api.depends("tier_id.traffic_light")
    def _compute_traffic_light(self):
        for status in self:
            status.traffic_light = status.tier_id.traffic_light or "green"

    # ------------------------------------------------------------------
    # Business
    # ------------------------------------------------------------------
    @api.model
    def _overdue_figures(self, pairs, as_of, detailed=False):
        """Return ``{(partner_id, company_id): (open, overdue)}`` for the
        customers given, in company currency, disputed invoices excluded
        from the overdue amount.  With ``detailed``, each value also holds
        the oldest overdue due date and the number of disputed invoices."""
        partner_ids = list({p for p, _c in pairs})
        company_ids = list({c for _p, c in pairs})
        self.env["account.move.line"].flush_model(
            [
                "amount_residual",
                "reconciled",
                "parent_state",
                "date_maturity",
                "partner_id",
            ]
        )
        self.env["account.move"].flush_model(["overdue_disputed"])
        self.env["res.partner"].flush_model(["commercial_partner_id"])
        rows = self.env.execute_query(
            SQL(
                """
                SELECT p.commercial_partner_id, l.company_id,
                       SUM(l.amount_residual),
                       SUM(l.amount_residual) FILTER (
                           WHERE COALESCE(l.date_maturity, l.date) < %(as_of)s
                             AND m.overdue_disputed IS NOT TRUE)
                       %(details)s
                  FROM account_move_line l
                  JOIN account_account a
                    ON a.id = l.account_id AND a.account_type = 'asset_receivable'
                  JOIN res_partner p ON p.id = l.partner_id
                  JOIN account_move m ON m.id = l.move_id
                 WHERE l.parent_state = 'posted'
                   AND l.reconciled IS NOT TRUE
                   AND p.commercial_partner_id = ANY(%(partners)s)
                   AND l.company_id = ANY(%(companies)s)
              GROUP BY 1, 2
                """,
                as_of=as_of,
                partners=partner_ids,
                companies=company_ids,
                details=SQL(
                    """,
                    MIN(COALESCE(l.date_maturity, l.date)) FILTER (
                        WHERE COALESCE(l.date_maturity, l.date) < %(as_of)s
                          AND m.overdue_disputed IS NOT TRUE
                          AND l.amount_residual > 0),
                    COUNT(DISTINCT m.id) FILTER (WHERE m.overdue_disputed)
                    """,
                    as_of=as_of,
                )
                if detailed
                else SQL(""),
            )
        )
        return {
            (p, c): (open_ or 0.0, overdue or 0.0, *details)
            for p, c, open_, overdue, *details in rows
        }

    @api.model
    def _overdue_refresh_partners(self, pairs, as_of=None):
        """Recompute the worst tier of these customers and warn the owners
        of any tier newly entered.  ``pairs`` is a set of
        ``(commercial partner id, company id)``."""
        if not pairs:
            return self.browse()
        as_of = as_of or fields.Date.context_today(self)
        self = self.sudo()
        partner_ids = list({p for p, _c in pairs})
        company_ids = list({c for _p, c in pairs})
        statuses = self.search(
            [("partner_id", "in", partner_ids), ("company_id", "in", company_ids)]
        )
        by_pair = {(s.partner_id.id, s.company_id.id): s for s in statuses}
        missing = [pair for pair in pairs if pair not in by_pair]
        if missing:
            created = self.create(
                [{"partner_id": p, "company_id": c} for p, c in missing]
            )
            by_pair.update({(s.partner_id.id, s.company_id.id): s for s in created})

        figures = self._overdue_figures(pairs, as_of)
        self.env["account.move"].flush_model(["overdue_tier_id"])
        tier_rows = self.env.execute_query(
            SQL(
                """
                SELECT commercial_partner_id, company_id, ARRAY_AGG(DISTINCT overdue_tier_id)
                  FROM account_move
                 WHERE overdue_tier_id IS NOT NULL
                   AND commercial_partner_id = ANY(%(partners)s)
                   AND company_id = ANY(%(companies)s)
              GROUP BY 1, 2
                """,
                partners=partner_ids,
                companies=company_ids,
            )
        )
        invoice_tiers = {(p, c): keys for p, c, keys in tier_rows}
        companies = self.env["res.company"].browse(company_ids)
        specs = self.env["ar.overdue.tier"]._specs_by_company(companies)
        ranks = {
            cid: tier_policy.rank(company_specs) for cid, company_specs in specs.items()
        }

        changes = {}  # (tier id, tier date or None) -> statuses
        to_notify = self.browse()
        for pair in pairs:
            status = by_pair[pair]
            company_id = pair[1]
            open_amount, overdue_amount = figures.get(pair, (0.0, 0.0))
            ratio = tier_policy.overdue_ratio(overdue_amount, open_amount)
            worst = tier_policy.customer_tier(
                invoice_tiers.get(pair, []), ratio, specs[company_id]
            )
            new_tier = worst.key if worst else False
            company_ranks = ranks[company_id]
            old_rank = company_ranks.get(status.notified_tier_id.id, 0)
            new_rank = company_ranks.get(new_tier, 0)
            if new_rank > old_rank:
                to_notify |= status
            if new_tier == status.tier_id.id and new_tier == status.notified_tier_id.id:
                continue
            tier_date = as_of if new_tier != status.tier_id.id else None
            key = (new_tier, tier_date)
            changes[key] = changes.get(key, self.browse()) | status
        new_tier_of = {
            status.id: tier_id
            for (tier_id, _date), group in changes.items()
            for status in group
        }
        to_notify._overdue_notify(new_tier_of, as_of)
        for (tier_id, tier_date), group in changes.items():
            # the warned tier follows the tier both ways: a customer that
            # falls back and rises again is warned again
            vals = {"tier_id": tier_id, "notified_tier_id": tier_id}
            if tier_date:
                vals["tier_date"] = tier_date
            group.write(vals)
        # a tier change, a payment or a new invoice can put on hold or lift
        self.env["ar.partner.credit"]._credit_refresh_holds_pairs(
            pairs, figures=figures, as_of=as_of
        )
        return self.browse([s.id for s in by_pair.values()])

    def _overdue_owner(self, tier):
        """The user who must act on a customer entering ``tier``."""
        self.ensure_one()
        company = self.company_id
        fallback = company.overdue_risk_manager_id or self.partner_id.user_id
        if tier.owner_role == "account_owner":
            user = self.partner_id.user_id or fallback
        elif tier.owner_role == "collection_team":
            user = company.overdue_collection_user_id or fallback
        else:
            user = fallback
        if not user or not user.active or user.share:
            user = (
                company.overdue_risk_manager_id
                or self.env.ref("base.user_admin", raise_if_not_found=False)
                or self.env.user
            )
        return user

    def _money_formatter(self, currency):
        """A function formatting amounts of ``currency`` like
        :func:`odoo.tools.format_amount`, with the language looked up once
        instead of once per amount (warnings list many invoices)."""
        lang = self.env["res.lang"].browse(get_lang(self.env).id)
        fmt = f"%.{currency.decimal_places}f"
        symbol = currency.symbol or ""
        before = currency.position == "before"

        def money(amount):
            text = (
                lang.format(fmt, currency.round(amount), grouping=True)
                .replace(" ", "\N{NO-BREAK SPACE}")
                .replace("-", "-\N{ZERO WIDTH NO-BREAK SPACE}")
            )
            if before:
                return f"{symbol}\N{NO-BREAK SPACE}{text}"
            return f"{text}\N{NO-BREAK SPACE}{symbol}"

        return money

    def _overdue_notify(self, new_tier_of, as_of):
        """Log on each customer the invoices concerned and give the tier's
        owner one activity.  ``new_tier_of`` maps status ids to tier ids."""
        if not self:
            return
        tiers = self.env["ar.overdue.tier"].browse(set(new_tier_of.values()))
        tier_by_id = {tier.id: tier for tier in tiers}
        partner_ids = self.partner_id.ids
        company_ids = self.company_id.ids
        rows = self.env.execute_query(
            SQL(
                """
                SELECT m.commercial_partner_id, m.company_id, m.id, m.name,
                       m.overdue_due_date, m.overdue_tier_id,
                       COALESCE(SUM(l.amount_residual) FILTER (
                           WHERE COALESCE(l.date_maturity, l.date) < %(as_of)s), 0)
                  FROM account_move m
                  JOIN account_move_line l ON l.move_id = m.id
                  JOIN account_account a
                    ON a.id = l.account_id AND a.account_type = 'asset_receivable'
                 WHERE m.overdue_tier_id IS NOT NULL
                   AND m.commercial_partner_id = ANY(%(partners)s)
                   AND m.company_id = ANY(%(companies)s)
                   AND l.reconciled IS NOT TRUE
              GROUP BY m.id
              ORDER BY m.overdue_due_date, m.id
                """,
                as_of=as_of,
                partners=partner_ids,
                companies=company_ids,
            )
        )
        invoices = {}
        for partner_id, company_id, move_id, name, due, tier_id, amount in rows:
            invoices.setdefault((partner_id, company_id), []).append(
                (move_id, name, due, tier_id, amount)
            )
        all_tiers = self.env["ar.overdue.tier"].browse(
            {r[3] for rs in invoices.values() for r in rs}
        )
        tier_names = {t.id: t.name for t in all_tiers}
        # translated once, not once per customer or per invoice
        header = Markup("<tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr>") % (
            _("Invoice"),
            _("Overdue Amount"),
            _("Days Overdue"),
            _("Tier"),
        )
        row = Markup("<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>")
        formatters = {}
        bodies = {}
        activities = {}  # (user, tier) -> {partner id: note}
        for status in self:
            tier = tier_by_id[new_tier_of.get(status.id, status.tier_id.id)]
            company = status.company_id
            money = formatters.get(company.currency_id)
            if money is None:
                money = formatters[company.currency_id] = self._money_formatter(
                    company.currency_id
                )
            lines = invoices.get((status.partner_id.id, company.id), [])
            total = money(sum(line[4] for line in lines))
            summary = _(
                "%(customer)s entered overdue tier %(tier)s (%(company)s): "
                "%(amount)s overdue on %(count)s invoice(s).",
                customer=status.partner_id.display_name,
                tier=tier.name,
                company=company.name,
                amount=total,
                count=len(lines),
            )
            body = Markup("<p>%s</p>") % summary
            if lines:
                body += Markup("<table class='table table-sm'>%s%s</table>") % (
                    header,
                    Markup("").join(
                        row
                        % (
                            name,
                            money(amount),
                            tier_policy.days_overdue(due, as_of),
                            tier_names.get(tier_id, ""),
                        )
                        for _mid, name, due, tier_id, amount in lines
                    ),
                )
            bodies[status.partner_id.id] = body
            user = status._overdue_owner(tier)
            # the activity says what to do; the list of invoices is in the chatter
            activities.setdefault((user, tier), {})[status.partner_id.id] = summary
        self.partner_id._message_log_batch(bodies=bodies)
        activity_type = self.env.ref(
            "ar_overdue_management.mail_activity_type_overdue_warning"
        )
        vals_list = []
        partner_model = self.env["ir.model"]._get_id("res.partner")
        for (user, tier), notes in activities.items():
            deadline = fields.Date.add(
                as_of, days=max(tier.company_id.overdue_warning_deadline_days, 0)
            )
            title = _("Overdue: entered tier %(tier)s", tier=tier.name)
            for partner_id, note in notes.items():
                vals_list.append(
                    {
                        "res_model_id": partner_model,
                        "res_id": partner_id,
                        "activity_type_id": activity_type.id,
                        "user_id": user.id,
                        "summary": title,
                        "note": note,
                        "date_deadline": deadline,
                    }
                )
        self.env["mail.activity"].with_context(mail_activity_quick_update=True).create(
            vals_list
        )
