import ast

from markupsafe import Markup
from odoo import fields, models
from odoo.addons.base.models.res_lang import intersperse
from odoo.tools import SQL, format_amount, format_date, get_lang

from ...policy import tiers as tier_policy
from .ar_receivable import log_on_customers
from .bulk_rows import insert_activities
from .html_shapes import column_sanitizer, shaped_sanitizer


class ArPartnerStatus(models.Model):
    """Tier warnings: who is told that a customer entered a tier, and how."""

    _inherit = "ar.partner.status"

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
        :func:`odoo.tools.format_amount`, with the language and its digit
        grouping looked up once instead of once per amount (warnings list
        many invoices): what ``res.lang.format`` does, without reading the
        grouping again for each amount."""
        lang = self.env["res.lang"]._get_data(id=get_lang(self.env).id)
        grouping = ast.literal_eval(lang.grouping)
        thousands_sep, decimal_point = lang.thousands_sep or "", lang.decimal_point
        fmt = f"%.{currency.decimal_places}f"
        symbol = currency.symbol or ""
        before = currency.position == "before"

        def money(amount):
            parts = (fmt % currency.round(amount)).split(".")
            parts[0] = intersperse(parts[0], grouping, thousands_sep)[0]
            text = (
                decimal_point.join(parts)
                .replace(" ", "\N{NO-BREAK SPACE}")
                .replace("-", "-\N{ZERO WIDTH NO-BREAK SPACE}")
            )
            if before:
                return f"{symbol}\N{NO-BREAK SPACE}{text}"
            return f"{text}\N{NO-BREAK SPACE}{symbol}"

        return money

    def _overdue_invoices_by_pair(self, as_of):
        """``{pair: [(name, due, tier id, overdue amount)]}``: the tiered
        invoices of these customers, oldest first."""
        rows = self.env.execute_query(
            SQL(
                """
                SELECT m.commercial_partner_id, m.company_id, m.name,
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
                partners=list(set(self.partner_id.ids)),
                companies=list(set(self.company_id.ids)),
            )
        )
        # the customers of one company may be in the batch for another one
        invoices = {(s.partner_id.id, s.company_id.id): [] for s in self}
        for partner_id, company_id, name, due, tier_id, amount in rows:
            if (partner_id, company_id) in invoices:
                invoices[partner_id, company_id].append((name, due, tier_id, amount))
        return invoices

    def _overdue_warning_values(self, tier, summary, lines, as_of, money, names):
        """The values of one customer's warning, in the order its texts
        take them: customer, tier, company, amount, invoices, date, the
        unapplied credit when there is one, then four per invoice."""
        self.ensure_one()
        values = [
            self.partner_id.display_name,
            tier.name,
            self.company_id.name,
            money(summary.overdue_amount),
            len(lines),
            names["date"],
        ]
        if summary.unapplied_credit:
            values.append(money(summary.unapplied_credit))
        for name, due, tier_id, amount in lines:
            values += [
                name,
                money(amount),
                tier_policy.days_overdue(due, as_of),
                names["tiers"].get(tier_id, ""),
            ]
        return values

    def _overdue_warning_text(self, values):
        """The summary sentence of a warning (``values`` as
        :meth:`_overdue_warning_values` orders them)."""
        return self.env._(
            "%(customer)s entered overdue tier %(tier)s (%(company)s): "
            "%(amount)s overdue on %(count)s invoice(s) as of %(date)s.",
            customer=values[0],
            tier=values[1],
            company=values[2],
            amount=values[3],
            count=values[4],
            date=values[5],
        )

    def _overdue_warning_body(self, values, unapplied, header):
        """The chatter body of a warning: its sentence, the unapplied
        credit deducted (``unapplied``: whether ``values`` has it) and the
        table of its invoices under ``header``."""
        body = Markup("<p>%s</p>") % self._overdue_warning_text(values)
        rest = values[6:]
        if unapplied:
            body += Markup("<p>%s</p>") % self.env._(
                "Unmatched payments and credit notes to reconcile: %(amount)s "
                "(already deducted).",
                amount=rest[0],
            )
            rest = rest[1:]
        if rest:
            row = Markup("<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>")
            body += Markup("<table class='table table-sm'>%s%s</table>") % (
                header,
                Markup("").join(
                    row % tuple(rest[index : index + 4])
                    for index in range(0, len(rest), 4)
                ),
            )
        return body

    def _overdue_notify(self, new_tier_of, summaries, as_of):
        """Log on each customer, per company, the invoices concerned and give
        the tier's owner one activity.  ``new_tier_of`` maps status ids to
        tier ids, ``summaries`` pairs to their receivable summary.  The
        notes and activities are sanitized once per shape of text
        (:mod:`.html_shapes`), then written in one statement each."""
        if not self:
            return
        invoices = self._overdue_invoices_by_pair(as_of)
        tiers = self.env["ar.overdue.tier"].browse(
            set(new_tier_of.values())
            | {line[2] for lines in invoices.values() for line in lines}
        )
        tier_by_id = {tier.id: tier for tier in tiers}
        names = self._overdue_warning_names(as_of, tiers)
        header = names["header"]
        body_of = shaped_sanitizer(column_sanitizer(self.env["mail.message"], "body"))
        note_of = shaped_sanitizer(
            column_sanitizer(self.env["mail.activity"], "note"), raw=True
        )
        formatters, bodies, activities = {}, {}, {}
        for status in self:
            pair = (status.partner_id.id, status.company_id.id)
            tier = tier_by_id[new_tier_of[status.id]]
            currency = status.company_id.currency_id
            if currency not in formatters:
                formatters[currency] = self._money_formatter(currency)
            unapplied = bool(summaries[pair].unapplied_credit)
            values = status._overdue_warning_values(
                tier,
                summaries[pair],
                invoices.get(pair, []),
                as_of,
                formatters[currency],
                names,
            )
            bodies[pair] = body_of(
                (unapplied, len(values)),
                lambda vals, unapplied=unapplied: self._overdue_warning_body(
                    vals, unapplied, header
                ),
                values,
            )
            note = note_of("text", self._overdue_warning_text, values[:6])
            activities[pair] = status._overdue_activity_vals(tier, note, as_of, names)
        log_on_customers(self.env, bodies, sanitized=True)
        insert_activities(
            self.env["mail.activity"],
            [activities[pair] for pair in sorted(activities)],
            sanitized=True,
        )

    def _overdue_warning_names(self, as_of, tiers):
        """What the warnings of a run share: translated and looked up once,
        not once per customer or per invoice."""
        return {
            "date": format_date(self.env, as_of),
            "model_id": self.env["ir.model"]._get_id("res.partner"),
            "activity_type_id": self.env.ref(
                "ar_overdue_management.mail_activity_type_overdue_warning"
            ).id,
            "tiers": {tier.id: tier.name for tier in tiers},
            "header": Markup("<tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr>")
            % (
                self.env._("Invoice"),
                self.env._("Overdue Amount"),
                self.env._("Days Overdue"),
                self.env._("Tier"),
            ),
        }

    def _overdue_activity_vals(self, tier, note, as_of, names):
        """Values of the warning activity of this customer entering ``tier``
        (``names`` holds what is looked up once per run)."""
        self.ensure_one()
        deadline = fields.Date.add(
            as_of, days=max(tier.company_id.overdue_warning_deadline_days, 0)
        )
        return {
            "res_model_id": names["model_id"],
            "res_id": self.partner_id.id,
            "activity_type_id": names["activity_type_id"],
            "user_id": self._overdue_owner(tier).id,
            "summary": self.env._("Overdue: entered tier %(tier)s", tier=tier.name),
            "note": note,
            "date_deadline": deadline,
            "ar_status_id": self.id,
            "ar_tier_id": tier.id,
        }

    def _overdue_close_left_warnings(self, notified_after, summaries, as_of):
        """Close, with a note, the warnings of tiers these customers really
        left (``notified_after``: ``{status id: tier now warned about, or
        an empty record}``), quoting the figures of the day
        (``summaries`` by pair)."""
        if not notified_after:
            return
        activities = (
            self.env["mail.activity"]
            .sudo()
            .search([("ar_status_id", "in", list(notified_after))])
        )
        for activity in activities:
            status = activity.ar_status_id
            still = notified_after[status.id]
            if still and activity.ar_tier_id.days_from <= still.days_from:
                continue
            activity.action_feedback(
                feedback=self.env._(
                    "%(customer)s left tier %(tier)s: %(amount)s overdue as of "
                    "%(date)s.",
                    customer=status.partner_id.display_name,
                    tier=activity.ar_tier_id.name or "-",
                    amount=format_amount(
                        self.env,
                        summaries[
                            (status.partner_id.id, status.company_id.id)
                        ].overdue_amount,
                        status.company_id.currency_id,
                    ),
                    date=format_date(self.env, as_of),
                )
            )
