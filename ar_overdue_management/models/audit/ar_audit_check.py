from odoo import api, fields, models
from odoo.tools import format_date

from ...policy import audit as audit_policy

CHECK_SELECTION = [
    ("record", "Record verifies (hash chain)"),
    ("first_action", "First action within its deadline"),
    ("stage_deadlines", "Stage deadlines kept, or late with a reason"),
    ("escalation", "Escalation had its preconditions"),
    ("letters", "Letters sent, or their failure handled"),
    ("promises", "Broken promises followed up"),
    ("writeoff", "Write-off approved at every level, no self-approval"),
    ("holds", "Credit holds lifted or passed only by a logged decision"),
]
RESULT_SELECTION = [
    (audit_policy.PASS, "Passed"),
    (audit_policy.FAIL, "Failed"),
    (audit_policy.NA, "Not Applicable"),
]


class ArAuditCheck(models.Model):
    """One check of one case of an audit sample, as the addon ran it at the
    draw: its result and the facts behind it, in words."""

    _name = "ar.audit.check"
    _inherit = ["ar.audit.entry.mixin"]
    _description = "Audit Check"
    _order = "sample_id, line_id, sequence, id"
    _rec_name = "check"
    _record_fields = (
        "sample_id",
        "line_id",
        "check",
        "result",
        "evidence",
        "evidence_notes",
    )

    line_id = fields.Many2one(
        "ar.audit.sample.line",
        string="Case",
        required=True,
        readonly=True,
        index=True,
        ondelete="cascade",
    )
    case_id = fields.Many2one(related="line_id.case_id", string="Collection Case")
    sequence = fields.Integer(readonly=True)
    check = fields.Selection(CHECK_SELECTION, required=True, readonly=True)
    result = fields.Selection(RESULT_SELECTION, required=True, readonly=True)
    evidence = fields.Text(
        string="Evidence as Drawn",
        readonly=True,
        help="The facts the result rests on, in words of the auditor who drew "
        "the sample.",
    )
    evidence_notes = fields.Json(
        readonly=True,
        help="The facts the result rests on, as codes and values, put into "
        "words in the reader's language.",
    )
    evidence_text = fields.Text(
        string="Evidence",
        compute="_compute_evidence_text",
        help="The facts the result rests on.",
    )

    @api.depends("evidence", "evidence_notes", "check")
    @api.depends_context("lang")
    def _compute_evidence_text(self):
        """The evidence in the reader's language and date format (checks
        drawn before their notes were kept show the words as drawn)."""
        labels = self._audit_labels()
        for check in self:
            if not check.evidence_notes:
                check.evidence_text = check.evidence
            elif check.check == "record":
                (code, values), *_rest = audit_policy.notes_from_json(
                    check.evidence_notes
                )
                check.evidence_text = check.line_id.case_id._record_problem_text(
                    values.get("problems"), count=values.get("count")
                )
            else:
                check.evidence_text = check._audit_evidence(
                    check.check,
                    audit_policy.Outcome(
                        check.result,
                        tuple(audit_policy.notes_from_json(check.evidence_notes)),
                    ),
                    labels,
                )

    def _record_content(self):
        content = super()._record_content()
        if content.get("evidence_notes") is None:
            # checks drawn before the notes were kept were hashed without them
            content.pop("evidence_notes")
        return content

    # ------------------------------------------------------------------
    # Evidence in words
    # ------------------------------------------------------------------
    def _audit_evidence(self, check, outcome, labels=None):
        """The notes of ``outcome`` as sentences, one a line."""
        texts = getattr(self, f"_audit_text_{check}")
        labels = labels or self._audit_labels()
        return "\n".join(
            texts(code, self._audit_values(values, labels))
            for code, values in outcome.notes
        )

    def _audit_text_record(self, code, v):
        if code == "tampered":
            return self.env._("Record tampered with: %(what)s.", **v)
        return self.env._("Record whole: %(entries)s entries.", **v)

    def _audit_text_first_action(self, code, v):
        if code == "on_time":
            return self.env._("First action on %(date)s, due by %(deadline)s.", **v)
        if code == "late":
            return self.env._(
                "Late: first action on %(date)s, due by %(deadline)s.", **v
            )
        if code == "none":
            return self.env._("Late: no action yet, due by %(deadline)s.", **v)
        if code == "not_due":
            return self.env._("No action yet; due by %(deadline)s.", **v)
        return self.env._("The deadline of the stage the case opened in is not known.")

    def _audit_text_stage_deadlines(self, code, v):
        if code == "kept":
            return self.env._(
                "%(stage)s: first action on %(date)s, due by %(deadline)s.", **v
            )
        if code == "late_reason":
            return self.env._(
                "%(stage)s: late (due by %(deadline)s, action on %(date)s); a "
                "decision was recorded on %(reason)s.",
                **v,
            )
        if code == "late":
            return self.env._(
                "%(stage)s: late (due by %(deadline)s, action on %(date)s) and no "
                "reason recorded.",
                **v,
            )
        if code == "left":
            return self.env._(
                "%(stage)s: left before its deadline (%(deadline)s).", **v
            )
        if code == "not_due":
            return self.env._("%(stage)s: first action due by %(deadline)s.", **v)
        return self.env._("No stage with a deadline.")

    def _audit_text_escalation(self, code, v):
        if code == "complete":
            return self.env._(
                "Escalated on %(date)s with %(written)s written contacts and the "
                "evidence.",
                **v,
            )
        if code == "missing":
            return self.env._("Escalated on %(date)s without: %(missing)s.", **v)
        return self.env._("Never escalated.")

    def _audit_text_letters(self, code, v):
        if code == "sent":
            return self.env._("%(letter)s sent.", **v)
        if code == "handled":
            return self.env._(
                "%(letter)s not sent; followed by a contact or letter on %(date)s.",
                **v,
            )
        if code == "unhandled":
            return self.env._(
                "%(letter)s not sent (%(date)s) and nothing done since.", **v
            )
        if code == "unsent":
            return self.env._(
                "%(letter)s never sent; its deadline was %(deadline)s.", **v
            )
        if code == "pending":
            return self.env._("%(letter)s on its way.", **v)
        return self.env._("No dunning letter.")

    def _audit_text_promises(self, code, v):
        if code == "followed":
            return self.env._(
                "%(promise)s broken on %(date)s; contact on %(contact)s.", **v
            )
        if code == "not_followed":
            return self.env._(
                "%(promise)s broken on %(date)s; no contact by %(deadline)s.", **v
            )
        if code == "not_due":
            return self.env._(
                "%(promise)s broken on %(date)s; follow-up due by %(deadline)s.", **v
            )
        return self.env._("No promise broken.")

    def _audit_text_writeoff(self, code, v):
        if code == "approved":
            return self.env._(
                "%(request)s: %(levels)s levels approved by their reviewers.", **v
            )
        if code == "level_missing":
            return self.env._(
                "%(request)s: %(approved)s of %(required)s levels approved; "
                "missing: %(levels)s.",
                **v,
            )
        if code == "self_approval":
            return self.env._("%(request)s: %(level)s approved by the requester.", **v)
        if code == "not_reviewer":
            return self.env._(
                "%(request)s: %(level)s approved by someone not among its reviewers.",
                **v,
            )
        return self.env._("No write-off approved.")

    def _audit_text_holds(self, code, v):
        if code == "unlogged_lift":
            return self.env._(
                "The customer is no longer on hold, yet no lift was logged."
            )
        if code == "unauthorised":
            return self.env._(
                "%(kind)s on %(date)s (%(document)s) by someone not allowed to.", **v
            )
        if code == "no_reason":
            return self.env._(
                "%(kind)s on %(date)s (%(document)s) without a reason.", **v
            )
        if code == "logged":
            return self.env._("%(kind)s on %(date)s (%(document)s) %(reason)s", **v)
        return self.env._("No hold lifted or overridden.")

    def _audit_labels(self):
        """The labels of the stages, evidence kinds and hold events in the
        reader's language."""
        stages = dict(
            self.env["ar.collection.case"]
            ._fields["stage"]
            ._description_selection(self.env)
        )
        evidence = dict(
            self.env["ar.collection.evidence"]
            ._fields["kind"]
            ._description_selection(self.env)
        )
        kinds = dict(
            self.env["ar.credit.hold.event"]
            ._fields["kind"]
            ._description_selection(self.env)
        )
        return stages, evidence, kinds

    def _audit_values(self, values, labels):
        """The values of a note as the user reads them: dates in his
        format, stages and kinds by their labels, lists joined."""
        stages, evidence, kinds = labels
        shown = {}
        for key, value in values.items():
            if key == "stage":
                value = stages.get(value, value)
            elif key == "kind":
                value = kinds.get(value, value)
            elif key == "missing":
                value = ", ".join(
                    self.env._("written contacts")
                    if code == "written_contacts"
                    else evidence.get(code, code)
                    for code in value
                )
            elif isinstance(value, tuple | list):
                value = ", ".join(str(v) for v in value)
            elif hasattr(value, "isoformat"):
                value = format_date(self.env, value)
            elif value is None:
                value = "-"
            shown[key] = value
        return shown
