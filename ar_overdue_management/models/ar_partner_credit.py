from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

from ..policy import credit as credit_policy
from ..policy import tiers as tier_policy
from .ar_credit_grade_policy import GRADE_SELECTION

CREDIT_MANAGER_GROUP = "ar_overdue_management.group_ar_credit_manager"
HOLD_OVERRIDE_GROUP = "ar_overdue_management.group_ar_credit_hold_override"


class ArPartnerCredit(models.Model):
    """Credit standing of one customer in one company: its rating, the grade
    in force (computed or overridden) and its credit hold with the causes."""

    _name = "ar.partner.credit"
    _description = "Customer Credit Standing"
    _rec_name = "partner_id"
    _order = "company_id, partner_id"
    _check_company_auto = True

    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, ondelete="cascade"
    )
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
    hold_manual = fields.Boolean(readonly=True)
    hold_manual_reason = fields.Char(readonly=True)
    hold_causes = fields.Char(
        readonly=True, help="Comma-separated causes of the hold, in a fixed order."
    )
    on_hold = fields.Boolean(readonly=True, index=True)
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

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    def write(self, vals):
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
            "manual": _("put on hold by a credit manager"),
            "tier": _("overdue tier"),
            "credit_limit": _("credit limit exceeded"),
            "prepayment": _("grade requires prepayment"),
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
                    _(
                        "put on hold by a credit manager (%(reason)s)",
                        reason=self.hold_manual_reason,
                    )
                )
            elif cause == "tier":
                parts.append(
                    _("overdue tier %(tier)s", tier=self.hold_tier_id.name or "")
                )
            else:
                parts.append(labels.get(cause, cause))
        return ", ".join(parts)

    @api.model
    def _get_or_create(self, pairs):
        """Return ``{(partner id, company id): record}``, creating the missing
        ones in one call."""
        pairs = set(pairs)
        if not pairs:
            return {}
        partner_ids = list({p for p, _c in pairs})
        company_ids = list({c for _p, c in pairs})
        records = self.sudo().search(
            [("partner_id", "in", partner_ids), ("company_id", "in", company_ids)]
        )
        by_pair = {(r.partner_id.id, r.company_id.id): r for r in records}
        missing = [pair for pair in pairs if pair not in by_pair]
        if missing:
            created = self.sudo().create(
                [{"partner_id": p, "company_id": c} for p, c in missing]
            )
            by_pair.update({(r.partner_id.id, r.company_id.id): r for r in created})
        return {pair: by_pair[pair] for pair in pairs}

    @api.model
    def _check_collection_user(self):
        if not self.env.user.has_group(
            "ar_overdue_management.group_ar_collection_user"
        ):
            raise AccessError(_("Only collection users can re-rate customers."))

    @api.model
    def _check_credit_manager(self):
        if not self.env.user.has_group(CREDIT_MANAGER_GROUP):
            raise AccessError(
                _("Only a Credit Manager can change credit grades and holds.")
            )

    # ------------------------------------------------------------------
    # Rating
    # ------------------------------------------------------------------
    @api.model
    def _credit_facts(self, pairs, as_of):
        """Read, set-wise, what the rating needs of each customer.

        Returns ``{pair: dict}`` with on_time_share, avg_days_late,
        overdue_ratio, max_days_overdue, disputed_count, broken_promises,
        avg_monthly_sales.
        """
        partner_ids = list({p for p, _c in pairs})
        company_ids = list({c for _p, c in pairs})
        since = as_of - timedelta(days=365)
        self.env["res.partner"].flush_model(["commercial_partner_id"])
        self.env["account.move.line"].flush_model()
        self.env["account.move"].flush_model()
        self.env["account.partial.reconcile"].flush_model()
        history = self.env.execute_query(
            SQL(
                """
                SELECT p.commercial_partner_id, l.company_id,
                       SUM(l.balance),
                       SUM(LEAST(l.balance, COALESCE(pr.on_time, 0))),
                       SUM(COALESCE(pr.late, 0)),
                       SUM(COALESCE(pr.late_days, 0))
                  FROM account_move_line l
                  JOIN account_account a
                    ON a.id = l.account_id AND a.account_type = 'asset_receivable'
                  JOIN account_move m ON m.id = l.move_id AND m.move_type = 'out_invoice'
                  JOIN res_partner p ON p.id = l.partner_id
             LEFT JOIN LATERAL (
                       SELECT SUM(r.amount) FILTER (WHERE r.max_date <= l.date_maturity) AS on_time,
                              SUM(r.amount) FILTER (WHERE r.max_date > l.date_maturity) AS late,
                              SUM(r.amount * (r.max_date - l.date_maturity))
                                  FILTER (WHERE r.max_date > l.date_maturity) AS late_days
                         FROM account_partial_reconcile r
                        WHERE r.debit_move_id = l.id AND r.max_date <= %(as_of)s
                   ) pr ON TRUE
                 WHERE l.parent_state = 'posted'
                   AND l.balance > 0
                   AND l.date_maturity > %(since)s AND l.date_maturity <= %(as_of)s
                   AND p.commercial_partner_id = ANY(%(partners)s)
                   AND l.company_id = ANY(%(companies)s)
              GROUP BY 1, 2
                """,
                as_of=as_of,
                since=since,
                partners=partner_ids,
                companies=company_ids,
            )
        )
        current = self.env["ar.partner.status"]._overdue_figures(
            pairs, as_of, detailed=True
        )
        sales = self.env.execute_query(
            SQL(
                """
                SELECT m.commercial_partner_id, m.company_id, SUM(m.amount_untaxed_signed)
                  FROM account_move m
                 WHERE m.state = 'posted'
                   AND m.move_type IN ('out_invoice', 'out_refund')
                   AND m.invoice_date > %(since)s AND m.invoice_date <= %(as_of)s
                   AND m.commercial_partner_id = ANY(%(partners)s)
                   AND m.company_id = ANY(%(companies)s)
              GROUP BY 1, 2
                """,
                as_of=as_of,
                since=since,
                partners=partner_ids,
                companies=company_ids,
            )
        )
        promises = self._credit_broken_promises(pairs, as_of)
        facts = {
            pair: {
                "on_time_share": None,
                "avg_days_late": 0.0,
                "overdue_ratio": 0.0,
                "max_days_overdue": 0,
                "disputed_count": 0,
                "broken_promises": promises.get(pair, 0),
                "avg_monthly_sales": 0.0,
            }
            for pair in pairs
        }
        for partner_id, company_id, due, on_time, late, late_days in history:
            pair = (partner_id, company_id)
            if pair not in facts or not due:
                continue
            facts[pair]["on_time_share"] = round(100.0 * (on_time or 0.0) / due, 2)
            facts[pair]["avg_days_late"] = (
                round((late_days or 0.0) / late, 2) if late else 0.0
            )
        for pair, (open_amount, overdue, oldest, disputed) in current.items():
            if pair not in facts:
                continue
            facts[pair]["overdue_ratio"] = round(
                tier_policy.overdue_ratio(overdue, open_amount), 2
            )
            facts[pair]["max_days_overdue"] = (as_of - oldest).days if oldest else 0
            facts[pair]["disputed_count"] = disputed or 0
        for partner_id, company_id, amount in sales:
            pair = (partner_id, company_id)
            if pair in facts:
                facts[pair]["avg_monthly_sales"] = max((amount or 0.0) / 12.0, 0.0)
        return facts

    @api.model
    def _credit_broken_promises(self, pairs, as_of):
        """Broken payment promises per customer: ``{pair: count}``.

        Collections will record promises to pay; until then nobody has
        broken one, so the factor gives full marks.
        """
        return {}

    @api.model
    def _credit_company_settings(self, companies):
        """``{company id: (weights dict, thresholds tuple)}``."""
        return {
            company.id: company._credit_weights_thresholds() for company in companies
        }

    @api.model
    def _credit_rate(self, pairs, as_of=None, trigger="manual", reason=None):
        """Rate these customers, keep the history, apply the grade policy and
        refresh their holds.  Returns the credit records rated."""
        as_of = as_of or fields.Date.context_today(self)
        by_pair = self._get_or_create(pairs)
        if not by_pair:
            return self.browse()
        records = self.sudo().browse([r.id for r in by_pair.values()])
        companies = records.company_id
        settings = self._credit_company_settings(companies)
        facts = self._credit_facts(set(by_pair), as_of)
        industry_risk = {
            partner.id: partner.industry_id.ar_credit_risk
            for partner in records.partner_id
        }
        history_vals = []
        updates = {}  # id -> (score, computed, grade, clear_override)
        grade_changes = {}  # partner id -> (old, new)
        expired = records.browse()
        for pair, record in by_pair.items():
            weights, thresholds = settings[pair[1]]
            f = facts[pair]
            customer = credit_policy.CustomerFacts(
                on_time_share=f["on_time_share"],
                avg_days_late=f["avg_days_late"],
                overdue_ratio=f["overdue_ratio"],
                max_days_overdue=f["max_days_overdue"],
                disputed_count=f["disputed_count"],
                broken_promises=f["broken_promises"],
                industry_risk=industry_risk.get(pair[0], 0.0),
                manual_adjustment=record.adjustment,
            )
            rating = credit_policy.rate(customer, weights, thresholds)
            override_active = bool(
                record.override_grade
                and (not record.override_expiry or record.override_expiry >= as_of)
            )
            if record.override_grade and not override_active:
                expired |= record
            grade = record.override_grade if override_active else rating.grade
            updates[record.id] = (rating.score, rating.grade, grade)
            if grade != record.grade:
                grade_changes[record.partner_id.id] = (record.grade, grade, record)
            history_vals.append(
                {
                    "credit_id": record.id,
                    "date": as_of,
                    "score": rating.score,
                    "grade": grade,
                    "computed_grade": rating.grade,
                    "trigger": "override_expired" if record in expired else trigger,
                    "user_id": self.env.user.id,
                    "reason": reason
                    or (
                        _(
                            "Grade %(grade)s kept by override until %(date)s: %(reason)s",
                            grade=grade,
                            date=record.override_expiry or "-",
                            reason=record.override_reason or "",
                        )
                        if override_active
                        else False
                    ),
                    "on_time_share": f["on_time_share"]
                    if f["on_time_share"] is not None
                    else 100.0,
                    "avg_days_late": f["avg_days_late"],
                    "overdue_ratio": f["overdue_ratio"],
                    "max_days_overdue": f["max_days_overdue"],
                    "disputed_count": f["disputed_count"],
                    "broken_promises": f["broken_promises"],
                    "industry_risk": customer.industry_risk,
                    "manual_adjustment": customer.manual_adjustment,
                    **{
                        f"score_{name}": value for name, value in rating.factors.items()
                    },
                }
            )
        self.env["ar.credit.rating"].sudo().create(history_vals)
        ids = list(updates)
        self.flush_model()
        self.env.cr.execute(
            SQL(
                """
                UPDATE ar_partner_credit c
                   SET score = v.score, computed_grade = v.computed, grade = v.grade,
                       rating_date = %s, write_date = NOW() AT TIME ZONE 'UTC',
                       write_uid = %s
                  FROM unnest(%s::int[], %s::float8[], %s::varchar[], %s::varchar[])
                       AS v(id, score, computed, grade)
                 WHERE c.id = v.id
                """,
                as_of,
                self.env.uid,
                ids,
                [updates[i][0] for i in ids],
                [updates[i][1] for i in ids],
                [updates[i][2] for i in ids],
            )
        )
        self.invalidate_model(["score", "computed_grade", "grade", "rating_date"])
        self._credit_invalidate_dependents()
        if expired:
            expired.write(
                {
                    "override_grade": False,
                    "override_reason": False,
                    "override_expiry": False,
                }
            )
        if grade_changes:
            bodies = {
                partner_id: self.env._(
                    "Credit grade %(old)s → %(new)s (%(company)s).",
                    old=old or _("none"),
                    new=new,
                    company=record.company_id.name,
                )
                for partner_id, (old, new, record) in grade_changes.items()
            }
            records.partner_id.browse(list(bodies))._message_log_batch(bodies=bodies)
        records._credit_apply_grade_policy(facts)
        records._credit_refresh_holds()
        return records

    def _credit_apply_grade_policy(self, facts):
        """Set Odoo's own credit limit of each customer from its grade's rule."""
        policies = self.env["ar.credit.grade.policy"]._by_company_grade(self.company_id)
        wanted = {}
        for record in self:
            policy = policies.get((record.company_id.id, record.grade))
            if not policy:
                continue
            pair = (record.partner_id.id, record.company_id.id)
            limit = credit_policy.credit_limit(
                policy.limit_rule,
                fixed_amount=policy.limit_amount,
                multiple=policy.limit_multiple,
                avg_monthly_sales=facts.get(pair, {}).get("avg_monthly_sales", 0.0),
            )
            if limit is None:
                continue
            wanted[pair] = record.company_id.currency_id.round(limit)
        if not wanted:
            return
        # Odoo keeps company-dependent values as jsonb {company id: value}:
        # read and write them for the whole batch at once, not per customer
        partners = self.env["res.partner"]
        partners.flush_model(["credit_limit"])
        current = dict(
            self.env.execute_query(
                SQL(
                    """
                    SELECT p.id || ',' || v.company_id, (p.credit_limit ->> v.company_id::text)::float8
                      FROM res_partner p
                      JOIN unnest(%s::int[], %s::int[]) AS v(partner_id, company_id)
                        ON v.partner_id = p.id
                    """,
                    [p for p, _c in wanted],
                    [c for _p, c in wanted],
                )
            )
        )
        changed = [
            (pair, limit)
            for pair, limit in wanted.items()
            if current.get(f"{pair[0]},{pair[1]}") != limit
        ]
        if not changed:
            return
        self.env.cr.execute(
            SQL(
                """
                UPDATE res_partner p
                   SET credit_limit = COALESCE(p.credit_limit, '{}'::jsonb)
                       || jsonb_build_object(v.company_id::text, v.credit_limit)
                  FROM unnest(%s::int[], %s::int[], %s::float8[])
                       AS v(partner_id, company_id, credit_limit)
                 WHERE p.id = v.partner_id
                """,
                [pair[0] for pair, _limit in changed],
                [pair[1] for pair, _limit in changed],
                [limit for _pair, limit in changed],
            )
        )
        partners.invalidate_model(["credit_limit"])
        partners.browse({pair[0] for pair, _limit in changed}).modified(
            ["credit_limit"]
        )

    # ------------------------------------------------------------------
    # Holds
    # ------------------------------------------------------------------
    @api.model
    def _credit_refresh_holds_pairs(self, pairs, figures=None, as_of=None):
        """Re-evaluate the holds of these ``(partner id, company id)``;
        ``figures`` are their ``_overdue_figures`` when the caller has them."""
        by_pair = self._get_or_create(pairs)
        return (
            self.sudo()
            .browse([r.id for r in by_pair.values()])
            ._credit_refresh_holds(figures=figures, as_of=as_of)
        )

    def _credit_refresh_holds(self, figures=None, as_of=None):
        """Put on hold or lift each customer by its current causes and log
        every change with its cause on the customer."""
        if not self:
            return self
        records = self.sudo()
        today = as_of or fields.Date.context_today(self)
        pairs = {(r.partner_id.id, r.company_id.id) for r in records}
        if figures is None:
            figures = self.env["ar.partner.status"]._overdue_figures(pairs, today)
        statuses = (
            self.env["ar.partner.status"]
            .sudo()
            .search(
                [
                    ("partner_id", "in", records.partner_id.ids),
                    ("company_id", "in", records.company_id.ids),
                ]
            )
        )
        hold_tier = {
            (s.partner_id.id, s.company_id.id): s.tier_id.id
            for s in statuses
            if s.tier_id.hold_customers
        }
        policies = self.env["ar.credit.grade.policy"]._by_company_grade(
            records.company_id
        )
        exposures = records._credit_exposure(figures)
        logs = {}
        changes = {}
        for record in records:
            pair = (record.partner_id.id, record.company_id.id)
            company = record.company_id
            partner = record.partner_id.with_company(company)
            policy = policies.get((company.id, record.grade))
            exposure = exposures.get(pair, 0.0)
            causes = credit_policy.hold_causes(
                manual=record.hold_manual,
                tier_holds=bool(hold_tier.get(pair)),
                use_credit_limit=company.account_use_credit_limit,
                credit_limit_amount=partner.credit_limit,
                exposure=company.currency_id.round(exposure),
                prepayment_required=bool(policy and policy.prepayment_required),
            )
            new_causes = ",".join(causes)
            new_tier = hold_tier.get(pair, False)
            if (new_causes, new_tier) == (
                record.hold_causes or "",
                record.hold_tier_id.id,
            ):
                continue
            key = (new_causes, new_tier)
            changes[key] = changes.get(key, records.browse()) | record
            if new_causes != (record.hold_causes or ""):
                logs[record] = (record.hold_causes or "", new_causes)
        for (new_causes, new_tier), group in changes.items():
            vals = {
                "hold_causes": new_causes,
                "on_hold": bool(new_causes),
                "hold_tier_id": new_tier,
            }
            was_free = group.filtered(lambda r: not r.on_hold)
            group.write(vals)
            if new_causes and was_free:
                was_free.write({"hold_since": today})
            if not new_causes:
                group.write({"hold_since": False})
        bodies = {}
        for record, (old, new) in logs.items():
            if new:
                body = _(
                    "On credit hold (%(company)s): %(causes)s.",
                    company=record.company_id.name,
                    causes=record._hold_description(),
                )
            else:
                labels = self._cause_labels()
                body = _(
                    "Credit hold lifted (%(company)s); it was: %(causes)s.",
                    company=record.company_id.name,
                    causes=", ".join(labels.get(c, c) for c in old.split(",") if c),
                )
            bodies[record.partner_id.id] = body
        if bodies:
            records.partner_id.browse(list(bodies))._message_log_batch(bodies=bodies)
        return records

    def _credit_exposure(self, figures=None):
        """Exposure per ``(partner, company)`` in company currency: open
        receivable plus what is ordered but not invoiced yet."""
        pairs = {(r.partner_id.id, r.company_id.id) for r in self}
        if figures is None:
            figures = self.env["ar.partner.status"]._overdue_figures(
                pairs, fields.Date.context_today(self)
            )
        uninvoiced = self._credit_uninvoiced()
        return {
            pair: figures.get(pair, (0.0, 0.0))[0] + uninvoiced.get(pair, 0.0)
            for pair in pairs
        }

    def _credit_uninvoiced(self):
        """Amounts ordered but not invoiced per ``(partner, company)``, in
        company currency.  Nothing without Sales; the Sales glue addon
        adds its confirmed orders."""
        return {}

    # ------------------------------------------------------------------
    # Manager actions
    # ------------------------------------------------------------------
    def _credit_set_manual_hold(self, reason):
        """Put these customers on hold by hand (Credit Manager only)."""
        self._check_credit_manager()
        if not (reason or "").strip():
            raise UserError(_("Give the reason of the credit hold."))
        self.sudo().write({"hold_manual": True, "hold_manual_reason": reason.strip()})
        return self._credit_refresh_holds()

    def _credit_lift_manual_hold(self):
        """Lift the manual hold; automatic causes stay until they are gone."""
        self._check_credit_manager()
        self.sudo().write({"hold_manual": False, "hold_manual_reason": False})
        return self._credit_refresh_holds()

    def _credit_set_override(self, grade, reason, expiry):
        """Force a grade until ``expiry`` (Credit Manager only)."""
        self._check_credit_manager()
        if grade not in credit_policy.GRADES:
            raise UserError(_("Choose a grade among A, B, C and D."))
        if not (reason or "").strip():
            raise UserError(_("Give the reason of the grade override."))
        today = fields.Date.context_today(self)
        if not expiry or expiry < today:
            raise UserError(_("The override needs an expiry date from today on."))
        records = self.sudo()
        history = []
        bodies = {}
        for record in records:
            history.append(
                {
                    "credit_id": record.id,
                    "date": today,
                    "score": record.score,
                    "grade": grade,
                    "computed_grade": record.computed_grade,
                    "trigger": "override",
                    "user_id": self.env.user.id,
                    "reason": reason.strip(),
                }
            )
            bodies[record.partner_id.id] = _(
                "Credit grade %(old)s → %(new)s by override of %(user)s until %(date)s: %(reason)s",
                old=record.grade or _("none"),
                new=grade,
                user=self.env.user.name,
                date=fields.Date.to_string(expiry),
                reason=reason.strip(),
            )
        self.env["ar.credit.rating"].sudo().create(history)
        records.write(
            {
                "override_grade": grade,
                "override_reason": reason.strip(),
                "override_expiry": expiry,
                "override_user_id": self.env.user.id,
                "grade": grade,
            }
        )
        records.partner_id._message_log_batch(bodies=bodies)
        records._credit_apply_grade_policy({})
        return records._credit_refresh_holds()

    # ------------------------------------------------------------------
    # Crons
    # ------------------------------------------------------------------
    @api.model
    def _credit_active_pairs_sql(self, as_of, limit):
        """Customers with receivable activity in the last 12 months (or
        anything open) not yet rated on ``as_of``."""
        since = as_of - timedelta(days=365)
        return SQL(
            """
            SELECT DISTINCT p.commercial_partner_id, l.company_id
              FROM account_move_line l
              JOIN account_account a
                ON a.id = l.account_id AND a.account_type = 'asset_receivable'
              JOIN res_partner p ON p.id = l.partner_id
         LEFT JOIN ar_partner_credit c
                ON c.partner_id = p.commercial_partner_id AND c.company_id = l.company_id
             WHERE l.parent_state = 'posted'
               AND (l.date > %(since)s OR l.reconciled IS NOT TRUE)
               AND (c.rating_date IS NULL OR c.rating_date < %(as_of)s)
             LIMIT %(limit)s
            """,
            since=since,
            as_of=as_of,
            limit=limit,
        )

    @api.model
    def _cron_credit_rate(self, as_of=None, batch_size=None):
        """Monthly review: rate every customer with activity, one batch per
        call; a run cut short resumes with the customers not rated yet."""
        as_of = fields.Date.to_date(as_of) if as_of else fields.Date.context_today(self)
        if not batch_size:
            batch_size = int(
                self.env["ir.config_parameter"]
                .sudo()
                .get_param("ar_overdue_management.credit_batch_size", 2000)
            )
        self.env["res.partner"].flush_model(["commercial_partner_id"])
        self.env["account.move.line"].flush_model()
        self.flush_model()
        rows = self.env.execute_query(
            self._credit_active_pairs_sql(as_of, batch_size + 1)
        )
        pairs = {(p, c) for p, c in rows[:batch_size]}
        self.sudo()._credit_rate(pairs, as_of=as_of, trigger="cron")
        remaining = 0
        if len(rows) > batch_size:
            remaining = len(
                self.env.execute_query(self._credit_active_pairs_sql(as_of, 10**9))
            )
        self.env["ir.cron"]._notify_progress(done=len(pairs), remaining=remaining)
        return {"done": len(pairs), "remaining": remaining}
