from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, format_date

from ...policy import collection as collection_policy

#: Stages a person cannot drag a case into: they follow a decision with its
#: own checks (escalation, an agreed plan) or the debt itself.
GUARDED_STAGES = ("legal", "plan", "closed")
#: What a person writes on a case; the rest is the collection work's.
PERSON_FIELDS = {"stage", "next_action", "next_action_date", "user_id", "leader_id"}


class ArCollectionCase(models.Model):
    """Stages as decisions: every move is recorded, each stage has a
    deadline for its first action in working days, and late cases are
    flagged to the owner's team leader."""

    _inherit = "ar.collection.case"

    stage_date = fields.Date(
        string="In Stage Since", readonly=True, default=fields.Date.context_today
    )
    action_deadline = fields.Date(
        string="First Action Due",
        readonly=True,
        help="The stage's first action is due by this day (working days of "
        "the company's calendar).",
    )
    first_action_date = fields.Date(string="First Action On", readonly=True)
    late = fields.Boolean(
        readonly=True,
        index=True,
        help="The stage's first action was not taken by its deadline.",
    )
    decision_ids = fields.One2many(
        "ar.collection.decision", "case_id", string="Decisions", readonly=True
    )

    @api.model_create_multi
    def create(self, vals_list):
        today = fields.Date.context_today(self)
        calendars = {}
        for vals in vals_list:
            start = fields.Date.to_date(vals.get("opened_date")) or today
            company = self.env["res.company"].browse(
                vals.get("company_id") or self.env.company.id
            )
            vals["stage_date"] = start
            vals["action_deadline"] = self._case_deadline(
                company, vals.get("stage") or "reminder", start, calendars
            )
        return super().create(vals_list)

    def write(self, vals):
        stage = vals.get("stage")
        moving = self.filtered(lambda c: stage and c.stage != stage)
        if not self.env.su:
            self._case_check_person_write(vals, moving)
        res = super().write(vals)
        if moving and stage != "closed":
            moving._case_stage_entered(stage)
            if not self.env.su:
                labels = dict(self._fields["stage"]._description_selection(self.env))
                self.env["ar.collection.decision"]._log(
                    [
                        (
                            case,
                            "stage",
                            self.env._("Moved to %(stage)s.", stage=labels[stage]),
                            {"stage": stage},
                        )
                        for case in moving
                    ]
                )
        return res

    def _case_check_person_write(self, vals, moving):
        """A person moves the stage between reminder, dunning and escalated
        and plans the next action; figures, dates, flags and the record are
        the collection work's."""
        locked = sorted(set(vals) - PERSON_FIELDS)
        if locked:
            raise UserError(
                self.env._(
                    "These fields of a collection case follow its debt and its "
                    "record and cannot be written: %(fields)s.",
                    fields=", ".join(locked),
                )
            )
        if not moving:
            return
        stage = vals["stage"]
        if stage in GUARDED_STAGES:
            raise UserError(self._case_guarded_stage_message(stage))
        leaving = moving.filtered(lambda c: c.stage in GUARDED_STAGES)
        if leaving:
            raise UserError(
                self.env._(
                    "%(cases)s left the usual stages through a decision (legal "
                    "action, an agreed plan) or is closed: its stage follows that "
                    "decision.",
                    cases=", ".join(leaving.mapped("name")),
                )
            )

    def _case_guarded_stage_message(self, stage):
        if stage == "legal":
            return self.env._(
                "A case goes to a law firm or an agency through Escalate, which "
                "checks the written contacts and the evidence."
            )
        if stage == "plan":
            return self.env._(
                "A case enters the repayment plan stage when a plan is agreed."
            )
        return self.env._("A case closes by itself when nothing is overdue any more.")

    def _case_stage_entered(self, stage):
        """A new stage: its own deadline for a first action."""
        today = fields.Date.context_today(self)
        calendars = {}
        for case in self:
            case.sudo().write(
                {
                    "stage_date": today,
                    "action_deadline": self._case_deadline(
                        case.company_id, stage, today, calendars
                    ),
                    "first_action_date": False,
                    "late": False,
                }
            )

    @api.model
    def _case_deadline(self, company, stage, start, calendars):
        """The first action of ``stage`` entered on ``start`` is due by this
        day; ``calendars`` caches each company's working days."""
        days_field = f"ar_deadline_{stage}_days"
        if days_field not in company._fields:
            return False
        if company.id not in calendars:
            calendars[company.id] = company.sudo()._ar_working_days()
        weekdays, holidays = calendars[company.id]
        return collection_policy.add_working_days(
            start, company[days_field], weekdays, holidays
        )

    def _case_set_stage(self, stage, kind, description, extra=None):
        """Move these cases to ``stage`` as the outcome of a decision of
        ``kind``, recorded with ``description``."""
        cases = self.sudo()
        cases.with_context(tracking_disable=True).write({"stage": stage})
        self.env["ar.collection.decision"]._log(
            [
                (case, kind, description, dict(extra or {}, stage=stage))
                for case in cases
            ]
        )

    def _case_first_action(self, date):
        """A contact was logged on ``date``: the stage's first action."""
        for case in self.sudo().filtered(lambda c: not c.first_action_date):
            if case.stage_date and date < case.stage_date:
                continue
            case.write(
                {
                    "first_action_date": date,
                    "late": collection_policy.first_action_late(
                        case.action_deadline, date, date
                    ),
                }
            )

    @api.model
    def _case_flag_late(self, as_of):
        """Flag the open cases whose first action is past its deadline and
        give their team leaders an activity, once."""
        late = self.sudo().search(
            [
                ("stage", "!=", "closed"),
                ("late", "=", False),
                ("first_action_date", "=", False),
                ("action_deadline", "<", as_of),
            ]
        )
        if not late:
            return late
        late.write({"late": True})
        late._case_tell_leaders(
            {
                case.id: self.env._(
                    "Late: the first action of this stage was due on %(date)s and "
                    "none was logged (owner: %(owner)s).",
                    date=format_date(self.env, case.action_deadline),
                    owner=case.user_id.name or "-",
                )
                for case in late
            }
        )
        return late

    def _case_promise_broken(self, notes, as_of):
        """A promise broken or an instalment missed on these cases
        (``notes``: ``{case id: [what, ...]}``, one line per promise or
        plan broken): one stage up, each recorded and counted; the owner gets
        an activity; the holds are re-evaluated."""
        texts = {case_id: "\n".join(lines) for case_id, lines in notes.items()}
        by_stage = {}
        for case in self.sudo():
            stage = collection_policy.stage_after_broken_promise(case.stage)
            by_stage[stage] = by_stage.get(stage, self.browse()) | case
        for stage, cases in by_stage.items():
            moving = cases.filtered(lambda c, s=stage: c.stage != s)
            moving.with_context(tracking_disable=True).write({"stage": stage})
        self.flush_recordset(["broken_promise_count"])
        self.env.cr.execute(
            SQL(
                """
                UPDATE ar_collection_case c
                   SET broken_promise_count = COALESCE(c.broken_promise_count, 0) + v.n
                  FROM unnest(%s::int[], %s::int[]) AS v(id, n)
                 WHERE c.id = v.id
                """,
                self.ids,
                [len(notes[case_id]) for case_id in self.ids],
            )
        )
        self.invalidate_recordset(["broken_promise_count"])
        self.env["ar.collection.decision"]._log(
            [
                (case, "broken_promise", text, {"stage": case.stage})
                for case in self.sudo()
                for text in notes[case.id]
            ]
        )
        model_id = self.env["ir.model"]._get_id(self._name)
        todo = self.env.ref("mail.mail_activity_data_todo").id
        self.env["mail.activity"].sudo().with_context(
            mail_activity_quick_update=True
        ).create(
            [
                {
                    "res_model_id": model_id,
                    "res_id": case.id,
                    "activity_type_id": todo,
                    "user_id": case.user_id.id,
                    "summary": self.env._("Promise broken: %(case)s", case=case.name),
                    "note": texts[case.id],
                    "date_deadline": as_of,
                }
                for case in self.sudo()
                if case.user_id
            ]
        )
        self.env["ar.partner.credit"]._credit_refresh_holds_pairs(
            {(c.partner_id.id, c.company_id.id) for c in self.sudo()}, as_of=as_of
        )
