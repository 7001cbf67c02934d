from odoo import api, fields, models
from odoo.exceptions import UserError

from ...policy import today as today_policy
from ..collection.ar_collection_contact import CUSTOMER_CHANNELS
from ..core.ar_receivable import received_between

REASON_SELECTION = list(today_policy.REASON_SELECTION)


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
        today = fields.Date.context_today(self)
        open_cases = self.sudo().search([("stage", "!=", "closed")])
        reasons = open_cases._today_reasons(today)
        if wanted == {False}:
            ids = [key for key, found in reasons.items() if found]
        else:
            ids = [key for key, found in reasons.items() if wanted & set(found)]
        positive = operator in ("in", "=") and wanted != {False}
        positive = positive or (operator in ("!=", "not in") and wanted == {False})
        return [("id", "in" if positive else "not in", ids)]

    def _today_reasons(self, today):
        """``{case id: reasons}`` for the open cases of ``self``."""
        cases = self.sudo().filtered(lambda c: c.stage != "closed")
        if not cases:
            return {}
        facts = cases._today_facts(today)
        return {
            case.id: today_policy.reasons_today(
                today_policy.CaseFacts(
                    action_deadline=case.action_deadline,
                    first_action_date=case.first_action_date,
                    next_action_date=case.next_action_date,
                    **facts.get(case.id, {}),
                ),
                today,
            )
            for case in cases
        }

    def _today_facts(self, today):
        """What the rule needs beyond the case's own fields, one grouped
        read per kind of record: ``{case id: {fact: value}}``."""
        yesterday = fields.Date.subtract(today, days=1)
        facts = {}

        def put(groups, name, wrap=tuple):
            for case, value in groups:
                facts.setdefault(case.id, {})[name] = wrap(value)

        case_ids = [("case_id", "in", self.ids)]
        promise = self.env["ar.collection.promise"].sudo()
        put(
            promise._read_group(
                case_ids + [("state", "=", "open"), ("date", "<=", today)],
                ["case_id"],
                ["date:array_agg"],
            ),
            "open_promise_dates",
        )
        put(
            promise._read_group(
                case_ids
                + [("state", "=", "broken"), ("settled_date", ">=", yesterday)],
                ["case_id"],
                ["settled_date:array_agg"],
            ),
            "broken_promise_dates",
        )
        self._today_instalment_facts(today, yesterday, facts)
        contact = self.env["ar.collection.contact"].sudo()
        put(
            contact._read_group(
                case_ids + [("channel", "in", CUSTOMER_CHANNELS)],
                ["case_id"],
                ["create_date:max"],
            ),
            "customer_answers",
            lambda moment: (moment,),
        )
        put(
            contact._read_group(
                case_ids + [("channel", "not in", CUSTOMER_CHANNELS)],
                ["case_id"],
                ["create_date:max"],
            ),
            "last_own_contact",
            lambda moment: moment,
        )
        put(
            self.env["ar.statement"]
            .sudo()
            ._read_group(
                case_ids + [("answer", "=", "disputed")],
                ["case_id"],
                ["answer_date:max"],
            ),
            "disputed_at",
            lambda moment: (moment,),
        )
        put(
            self.env["ar.dunning.letter"]
            .sudo()
            ._read_group(
                case_ids + [("state", "=", "failed")], ["case_id"], ["__count"]
            ),
            "failed_letters",
            lambda count: count,
        )
        return facts

    def _today_instalment_facts(self, today, yesterday, facts):
        """The instalments of the cases' running plans due by today, and
        those found missed since yesterday."""
        lines = self.env["ar.collection.plan.line"].sudo()
        base = [("plan_id.case_id", "in", self.ids), ("plan_id.state", "=", "active")]
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
        cases = self.sudo().search(
            [
                ("user_id", "=", user.id),
                "|",
                ("stage", "!=", "closed"),
                ("closed_date", ">=", start),
            ]
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
