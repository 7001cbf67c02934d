from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, format_date

from ...policy import credit as credit_policy
from ..core.ar_receivable import log_on_customers


class ArPartnerCredit(models.Model):
    """Grades in force: the grade policy each grade applies, and grade
    overrides by a Credit Manager."""

    _inherit = "ar.partner.credit"

    def _credit_apply_grade_policy(self, facts=None):
        """Apply each customer's grade policy: Odoo's own credit limit, and
        whether the customer gets no credit at all.  ``facts`` are the
        rating facts (average monthly sales) when the caller has them."""
        if facts is None:
            facts = self._credit_facts(
                {(r.partner_id.id, r.company_id.id) for r in self},
                fields.Date.context_today(self),
            )
        policies = self.env["ar.credit.grade.policy"]._by_company_grade(self.company_id)
        wanted, no_credit = {}, {True: [], False: []}
        for record in self:
            policy = policies.get((record.company_id.id, record.grade))
            if not policy:
                continue
            pair = (record.partner_id.id, record.company_id.id)
            kind, amount = policy._limit_for(
                facts.get(pair, {}).get("avg_monthly_sales")
            )
            no_credit[kind == credit_policy.LIMIT_NO_CREDIT].append(record.id)
            if kind == credit_policy.LIMIT_AMOUNT:
                wanted[pair] = record.company_id.currency_id.round(amount)
            elif kind == credit_policy.LIMIT_UNLIMITED:
                wanted[pair] = 0.0  # Odoo's "no limit"
        for flag, ids in no_credit.items():
            self.browse(ids).filtered(lambda r, f=flag: r.no_credit != f).sudo().write(
                {"no_credit": flag}
            )
        self._credit_write_limits(wanted)

    @api.model
    def _credit_write_limits(self, wanted):
        """Write Odoo's credit limits ``{(partner, company): amount}``."""
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

    def _credit_set_override(self, grade, reason, expiry):
        """Force a grade until ``expiry`` (Credit Manager only)."""
        self._check_credit_manager()
        if grade not in credit_policy.GRADES:
            raise UserError(self.env._("Choose a grade among A, B, C and D."))
        if not (reason or "").strip():
            raise UserError(self.env._("Give the reason of the grade override."))
        today = fields.Date.context_today(self)
        if not expiry or expiry < today:
            raise UserError(
                self.env._("The override needs an expiry date from today on.")
            )
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
            bodies[record.partner_id.id, record.company_id.id] = self.env._(
                "Credit grade: %(old)s → %(new)s by override of %(user)s until "
                "%(date)s: %(reason)s",
                old=record.grade or self.env._("(none)"),
                new=grade,
                user=self.env.user.name,
                date=format_date(self.env, expiry),
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
        log_on_customers(self.env, bodies)
        # the real facts: a multiple of sales needs the customer's sales
        records._credit_apply_grade_policy()
        return records._credit_refresh_holds()
