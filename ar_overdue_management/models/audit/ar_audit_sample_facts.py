from odoo import fields, models

from ...policy import audit as audit_policy
from ..collection.ar_collection_contact import CUSTOMER_CHANNELS, WRITTEN_CHANNELS

#: decisions that move a case into a stage (the stage is on the decision)
STAGE_DECISIONS = ("stage", "broken_promise", "plan", "escalation")


def _by_case(records, field="case_id"):
    """``{case id: [records in their order]}``."""
    grouped = {}
    for record in records:
        grouped.setdefault(record[field].id, []).append(record)
    return grouped


class ArAuditSample(models.Model):
    """The checks of a sample's cases: the facts of all its cases read in
    one search per kind (contacts, decisions, evidence, letters, promises,
    write-offs, hold history), each check decided by its rule in
    ``policy.audit``, the checklist written in one create."""

    _inherit = "ar.audit.sample"

    def _audit_run_checks(self):
        """Run every check on every case of this sample and record them."""
        self.ensure_one()
        lines = self.sudo().line_ids
        cases = lines.case_id
        as_of = fields.Date.context_today(self)
        facts = self._audit_gather(cases)
        vals_list = []
        Check = self.env["ar.audit.check"]
        labels = Check._audit_labels()
        for line in lines:
            outcomes = self._audit_outcomes(line.case_id, facts, as_of)
            for sequence, check in enumerate(audit_policy.CHECKS):
                outcome = outcomes[check]
                vals_list.append(
                    {
                        "sample_id": self.id,
                        "line_id": line.id,
                        "sequence": sequence,
                        "check": check,
                        "result": outcome.result,
                        "evidence": facts["record_text"][line.case_id.id]
                        if check == "record"
                        else Check._audit_evidence(check, outcome, labels),
                        "evidence_notes": self._audit_notes(
                            line.case_id, check, outcome, facts
                        ),
                    }
                )
        return Check.sudo().create(vals_list)

    def _audit_notes(self, case, check, outcome, facts):
        """What a check's evidence says, as JSON values for its words in
        the reader's language; the record's check keeps what its
        verification named and the entries it counted."""
        if check == "record":
            problems = [list(problem) for problem in facts["record"][case.id]]
            return [["record", {"count": case.chain_length, "problems": problems}]]
        return audit_policy.notes_to_json(outcome.notes)

    def _audit_gather(self, cases):
        """Everything the checks read about ``cases``, one search per kind."""
        env = self.env
        domain = [("case_id", "in", cases.ids)]
        problems = cases._record_problems()
        contacts = env["ar.collection.contact"].sudo().search(domain, order="date, id")
        requests = (
            env["ar.writeoff.request"]
            .sudo()
            .search(
                domain
                + [
                    "|",
                    ("state", "in", ("approved", "posted")),
                    ("posted_date", "!=", False),
                ]
            )
        )
        return {
            "record": problems,
            "record_text": {
                case.id: case._record_problem_text(problems[case.id]) for case in cases
            },
            "contacts": _by_case(contacts),
            "decisions": _by_case(
                env["ar.collection.decision"].sudo().search(domain, order="date, id")
            ),
            "evidence": _by_case(env["ar.collection.evidence"].sudo().search(domain)),
            "letters": _by_case(
                env["ar.dunning.letter"].sudo().search(domain, order="date, id")
            ),
            "broken": _by_case(
                env["ar.collection.promise"]
                .sudo()
                .search(domain + [("state", "=", "broken")], order="settled_date, id")
            ),
            "requests": _by_case(requests),
            "holds": self._audit_hold_facts(cases),
            "calendars": {},
        }

    def _audit_outcomes(self, case, facts, as_of):
        """``{check: Outcome}`` of one case."""
        contacts = facts["contacts"].get(case.id, [])
        actions = sorted(c.date for c in contacts if c.channel not in CUSTOMER_CHANNELS)
        decisions = facts["decisions"].get(case.id, [])
        stages = self._audit_stages(case, decisions, actions, facts["calendars"], as_of)
        problems = facts["record"][case.id]
        return {
            "record": audit_policy.check_record(case.chain_length, problems),
            "first_action": audit_policy.check_first_action(
                case.audit_opened_deadline,
                next((d for d in actions if d >= case.opened_date), None),
                as_of,
            ),
            "stage_deadlines": audit_policy.check_stage_deadlines(stages, as_of),
            "escalation": audit_policy.check_escalation(
                self._audit_escalations(
                    contacts, decisions, facts["evidence"].get(case.id, [])
                )
            ),
            "letters": audit_policy.check_letters(
                [
                    (lt.name, lt.state, lt.date, lt.deadline, lt.last_try)
                    for lt in facts["letters"].get(case.id, [])
                ],
                actions
                + [
                    lt.sent_date
                    for lt in facts["letters"].get(case.id, [])
                    if lt.sent_date
                ],
                as_of,
            ),
            "promises": audit_policy.check_promises(
                self._audit_broken(
                    case, facts["broken"].get(case.id, []), decisions, facts
                ),
                actions,
                as_of,
            ),
            "writeoff": audit_policy.check_writeoff(
                [r._audit_route() for r in facts["requests"].get(case.id, [])]
            ),
            "holds": facts["holds"](case),
        }

    def _audit_stages(self, case, decisions, actions, calendars, as_of):
        """The stages ``case`` went through, as far as its record tells:
        the one it opened in, each move a decision recorded, the one it is
        in (moves of the daily run between two decisions leave no trace)."""
        entries = []
        if case.audit_opened_stage:
            entries.append(
                [case.opened_date, case.audit_opened_stage, case.audit_opened_deadline]
            )
        for decision in decisions:
            if decision.kind in STAGE_DECISIONS and decision.stage:
                entries.append([decision.date, decision.stage, None])
        entries.append([case.stage_date, case.stage, case.action_deadline])
        timeline = []
        for day, stage, deadline in sorted(entries, key=lambda e: e[0] or as_of):
            if timeline and timeline[-1][1] == stage:
                continue
            if deadline is None and day:
                deadline = case._case_deadline(case.company_id, stage, day, calendars)
            timeline.append((day, stage, deadline))
        notes = [d.date for d in decisions if d.kind == "note"]
        stages = []
        for index, (day, stage, deadline) in enumerate(timeline):
            left = timeline[index + 1][0] if index + 1 < len(timeline) else None
            within = [a for a in actions if a >= day and (not left or a < left)]
            reasons = [n for n in notes if n >= day and (not left or n < left)]
            stages.append(
                audit_policy.StageFacts(
                    stage=stage,
                    entered=day,
                    deadline=deadline or None,
                    left=left,
                    first_action=within[0] if within else None,
                    reason=reasons[0] if reasons else None,
                )
            )
        return stages

    def _audit_escalations(self, contacts, decisions, evidence):
        """``[(day, written contacts answered before it, evidence kinds
        before it)]`` of each escalation of a case (a corrected contact
        counts once, as its correction)."""
        corrected = {c.correction_of_id.id for c in contacts if c.correction_of_id}
        written = [
            c.date
            for c in contacts
            if c.id not in corrected and c.channel in WRITTEN_CHANNELS and c.answered
        ]
        return [
            (
                d.date,
                len([w for w in written if w <= d.date]),
                [e.kind for e in evidence if e.date <= d.date],
            )
            for d in decisions
            if d.kind == "escalation"
        ]

    def _audit_broken(self, case, promises, decisions, facts):
        """``[(promise, day broken, follow-up due)]``: the follow-up is due by
        the deadline of the stage the broken promise moved the case to."""
        moved = {
            d.date: d.stage for d in decisions if d.kind == "broken_promise" and d.stage
        }
        broken = []
        for promise in promises:
            day = promise.settled_date or promise.date
            stage = moved.get(day, case.stage)
            due = case._case_deadline(case.company_id, stage, day, facts["calendars"])
            broken.append((promise.name, day, due or None))
        return broken

    def _audit_hold_facts(self, cases):
        """A function giving the hold check's outcome of a case from the
        credit hold history of the cases' customers, read at once."""
        events = (
            self.env["ar.credit.hold.event"]
            .sudo()
            .search(
                [
                    ("company_id", "=", self.company_id.id),
                    ("partner_id", "in", cases.partner_id.ids),
                ],
                order="date, id",
            )
        )
        credits = (
            self.env["ar.partner.credit"]
            .sudo()
            ._of_pairs({(p.id, self.company_id.id) for p in cases.partner_id})
        )
        by_partner = _by_case(events, "partner_id")

        def outcome(case):
            history = by_partner.get(case.partner_id.id, [])
            mine = [
                e
                for e in history
                if e.kind != "hold"
                and case.opened_date <= e.date.date()
                and (not case.closed_date or e.date.date() <= case.closed_date)
            ]
            credit = credits.get((case.partner_id.id, self.company_id.id))
            return audit_policy.check_holds(
                [
                    (e.document, e.date.date(), e.authorised, e.reason, e.kind)
                    for e in mine
                ],
                held_now=bool(credit and credit.on_hold),
                logged_on_hold=bool(history) and history[-1].kind == "hold",
            )

        return outcome
