from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.osv import expression

from ...policy import today as today_policy
from ..collection.ar_collection_contact import CUSTOMER_CHANNELS
from ..core.ar_receivable import received_between

REASON_SELECTION = list(today_policy.REASON_SELECTION)
#: the case's own dates the rule reads
DATE_FIELDS = [
    name
    for _reason, day, unless in today_policy.DATE_REASONS
    for name in (day, unless)
    if name
]


def _single(moment):
    return (moment,)


class ArCollectionCase(models.Model):
    """The collector's day: why an open case needs an action today (the
    rule is ``policy/today.py``), gathered for all the cases at once, and
    the collector's figures of the month."""

    _inherit = "ar.collection.case"

    today_reason = fields.Selection(
        REASON_SELECTION,
        string="Needs Action Today",
        compute="_compute_today_reason",
        search="_search_today_reason",
        help="The most urgent reason why the case needs an action today; "
        "searching a reason finds every case that has it among its reasons.",
    )
    today_reasons = fields.Char(string="Why Today", compute="_compute_today_reason")

    def _compute_today_reason(self):
        today = fields.Date.context_today(self)
        reasons = self._today_reasons(today)
        labels = dict(self._fields["today_reason"]._description_selection(self.env))
        for case in self:
            found = reasons.get(case.id, ())
            case.today_reason = found[0] if found else False
            case.today_reasons = " · ".join(labels[r] for r in found)

    def _search_today_reason(self, operator, value):
        """Cases needing an action today (``!= False``), or having one of
        the given reasons (``=``, ``in``); the negations likewise."""
        if operator not in ("=", "!=", "in", "not in"):
            raise UserError(
                self.env._("Search the reasons of the day by one reason or a list.")
            )
        wanted = {value} if operator in ("=", "!=") else set(value or ())
        found = self._today_domain(fields.Date.context_today(self), wanted)
        positive = operator in ("in", "=") and wanted != {False}
        positive = positive or (operator in ("!=", "not in") and wanted == {False})
        if positive:
            return found
        return [("id", "not in", self.sudo()._search(found))]

    def _today_reasons(self, today):
        """``{case id: reasons}`` for the open cases of ``self``."""
        cases = self.sudo().filtered(lambda c: c.stage != "closed")
        if not cases:
            return {}
        facts = cases._today_facts(today, [("id", "in", cases.ids)])
        return cases._today_reasons_from(facts, today)

    def _today_domain(self, today, wanted):
        """The open cases having one of the ``wanted`` reasons (any reason
        for ``{False}``), as a domain, without going through every open
        case: the reasons of the case's own dates become conditions on
        those dates (``DATE_REASONS``); the others need a record the rule
        reads (a promise, an instalment, a statement, a letter, an answer),
        so those records are read for all open cases at once and the rule
        is applied to the cases they name."""
        opened = [("stage", "!=", "closed")]
        facts = self.sudo()._today_facts(today, opened)
        named = self.sudo().browse(list(facts))
        named.fetch(DATE_FIELDS)
        ids = [
            key
            for key, reasons in named._today_reasons_from(facts, today).items()
            if (reasons if wanted == {False} else wanted & set(reasons))
        ]
        dated = [
            [(day, "<=", today)] + ([(unless, "=", False)] if unless else [])
            for reason, day, unless in today_policy.DATE_REASONS
            if wanted == {False} or reason in wanted
        ]
        return expression.AND([opened, expression.OR([*dated, [("id", "in", ids)]])])

    def _today_reasons_from(self, facts, today):
        """``{case id: reasons}`` of the cases of ``self`` by the rule, from
        their own dates and ``facts`` (``_today_facts``)."""
        return {
            case.id: today_policy.reasons_today(
                today_policy.CaseFacts(
                    **{name: case[name] for name in DATE_FIELDS},
                    **facts.get(case.id, {}),
                ),
                today,
            )
            for case in self
        }

    def _today_facts(self, today, cases):
        """What the rule needs beyond the case's own fields, one grouped
        read per kind of record, for the cases of the domain ``cases``:
        ``{case id: {fact: value}}``."""
        yesterday = fields.Date.subtract(today, days=1)
        facts = {}
        on_cases = [("case_id", "any", cases)]
        for model, domain, aggregate, name, wrap in (
            (
                "ar.collection.promise",
                [("state", "=", "open"), ("date", "<=", today)],
                "date:array_agg",
                "open_promise_dates",
                tuple,
            ),
            (
                "ar.collection.promise",
                [("state", "=", "broken"), ("settled_date", ">=", yesterday)],
                "settled_date:array_agg",
                "broken_promise_dates",
                tuple,
            ),
            (
                "ar.collection.contact",
                [("channel", "in", CUSTOMER_CHANNELS)],
                "create_date:max",
                "customer_answers",
                _single,
            ),
            (
                "ar.statement",
                [("answer", "=", "disputed")],
                "answer_date:max",
                "disputed_at",
                _single,
            ),
            (
                "ar.dunning.letter",
                [("state", "=", "failed")],
                "__count",
                "failed_letters",
                int,
            ),
        ):
            groups = (
                self.env[model]
                .sudo()
                ._read_group(on_cases + domain, ["case_id"], [aggregate])
            )
            for case, value in groups:
                facts.setdefault(case.id, {})[name] = wrap(value)
        self._today_instalment_facts(today, yesterday, cases, facts)
        self._today_own_contact_facts(facts)
        return facts

    def _today_own_contact_facts(self, facts):
        """The collector's last contact on the cases the customer answered
        or disputed: it counts only against those."""
        answered = [
            key
            for key, found in facts.items()
            if "customer_answers" in found or "disputed_at" in found
        ]
        if not answered:
            return
        groups = (
            self.env["ar.collection.contact"]
            .sudo()
            ._read_group(
                [("case_id", "in", answered), ("channel", "not in", CUSTOMER_CHANNELS)],
                ["case_id"],
                ["create_date:max"],
            )
        )
        for case, moment in groups:
            facts[case.id]["last_own_contact"] = moment

    def _today_instalment_facts(self, today, yesterday, cases, facts):
        """The instalments of the running plans of the cases of the domain
        ``cases`` due by today, and those found missed since yesterday."""
        lines = self.env["ar.collection.plan.line"].sudo()
        base = [
            ("plan_id.case_id", "any", cases),
            ("plan_id.state", "=", "active"),
        ]
        for name, domain, date_field in (
            (
                "open_instalment_dates",
                [("state", "in", ("due", "partial")), ("date", "<=", today)],
                "date",
            ),
            (
                "missed_instalment_dates",
                [("state", "=", "missed"), ("settled_date", ">=", yesterday)],
                "settled_date",
            ),
        ):
            groups = lines._read_group(
                base + domain, ["plan_id"], [f"{date_field}:array_agg"]
            )
            for plan, dates in groups:
                entry = facts.setdefault(plan.case_id.id, {})
                entry[name] = tuple(entry.get(name, ())) + tuple(dates)

    def action_send_letter(self):
        """The letter the case calls for today, prepared in the Send
        Dunning Letters window (which says so when none is due)."""
        self.ensure_one()
        self.env["ar.dunning.send.wizard"].check_access("create")
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "ar_overdue_management.ar_dunning_send_wizard_action"
        )
        action["context"] = {
            "active_model": self._name,
            "active_id": self.id,
            "active_ids": self.ids,
        }
        return action

    @api.model
    def today_figures(self):
        """The current user's figures of the month on the cases they own:
        money collected, cases closed, promises kept."""
        today = fields.Date.context_today(self)
        start = today_policy.month_start(today)
        user = self.env.user
        cases = self.sudo().search_fetch(
            [
                ("user_id", "=", user.id),
                "|",
                ("stage", "!=", "closed"),
                ("closed_date", ">=", start),
            ],
            ["partner_id", "company_id", "opened_date", "closed_date", "stage"],
        )
        windows = {
            case.id: (
                case.partner_id.id,
                case.company_id.id,
                max(start, case.opened_date or start),
                min(today, case.closed_date or today),
            )
            for case in cases
        }
        collected = sum(received_between(self.env, windows).values())
        kept = (
            self.env["ar.collection.promise"]
            .sudo()
            .search_count(
                [
                    ("case_id.user_id", "=", user.id),
                    ("state", "=", "kept"),
                    ("settled_date", ">=", start),
                ]
            )
        )
        company = self.env.company
        return {
            "collected": collected,
            "collected_display": company.currency_id.format(collected),
            "closed": len(cases.filtered(lambda c: c.stage == "closed")),
            "kept": kept,
        }
