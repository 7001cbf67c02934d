import hashlib

from dateutil.relativedelta import relativedelta
from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from .ar_collection_contact import WRITTEN_CHANNELS

#: The models whose entries make up a case's record, chained together.
RECORD_MODELS = (
    "ar.collection.contact",
    "ar.collection.promise",
    "ar.collection.decision",
    "ar.collection.evidence",
)


class ArCollectionCase(models.Model):
    """A case's record as evidence: the chain of its entries, the check that
    finds any entry altered or removed, and its retention."""

    _inherit = "ar.collection.case"

    partner_id = fields.Many2one(ondelete="restrict")
    company_id = fields.Many2one(ondelete="restrict")
    chain_length = fields.Integer(string="Record Entries", readonly=True, copy=False)
    chain_head = fields.Char(string="Last Hash", readonly=True, copy=False)
    record_checked_date = fields.Datetime(string="Record Last Verified", readonly=True)
    record_state = fields.Selection(
        [("unchecked", "Not Verified"), ("whole", "Whole"), ("broken", "Tampered")],
        default="unchecked",
        readonly=True,
        copy=False,
    )
    retention_until = fields.Date(
        compute="_compute_retention_until",
        store=True,
        help="Nothing in the case, its contacts, promises, decisions or "
        "attachments can be deleted before this date. Open cases are kept.",
    )

    @api.depends("stage", "closed_date", "company_id.ar_retention_years")
    def _compute_retention_until(self):
        for case in self:
            closed = case.stage == "closed" and case.closed_date
            case.retention_until = closed and (
                case.closed_date
                + relativedelta(years=case.company_id.ar_retention_years or 10)
            )

    def init(self):
        res = super().init()
        self._ar_keep_record_trigger(self._table)
        return res

    @api.model
    def _ar_keep_record_trigger(self, table):
        """Have the database refuse the deletion of a case, or of an entry
        of its record (``table``), before the retention date: plain SQL
        included."""
        self.env.cr.execute(
            """
            CREATE OR REPLACE FUNCTION ar_collection_keep_record() RETURNS trigger
            LANGUAGE plpgsql AS $$
            DECLARE keep_until date;
            BEGIN
                IF TG_TABLE_NAME = 'ar_collection_case' THEN
                    keep_until := COALESCE(OLD.retention_until, 'infinity'::date);
                ELSE
                    SELECT COALESCE(c.retention_until, 'infinity'::date)
                      INTO keep_until
                      FROM ar_collection_case c WHERE c.id = OLD.case_id;
                END IF;
                IF keep_until IS NOT NULL AND keep_until > current_date THEN
                    RAISE EXCEPTION
                        'collection record % % is kept until %: it cannot be deleted',
                        TG_TABLE_NAME, OLD.id, keep_until
                        USING ERRCODE = 'integrity_constraint_violation';
                END IF;
                RETURN OLD;
            END $$;
            """
        )
        self.env.cr.execute(
            SQL(
                """
                DROP TRIGGER IF EXISTS ar_collection_keep_record ON %s;
                CREATE TRIGGER ar_collection_keep_record BEFORE DELETE ON %s
                   FOR EACH ROW EXECUTE FUNCTION ar_collection_keep_record();
                """,
                SQL.identifier(table),
                SQL.identifier(table),
            )
        )

    # ------------------------------------------------------------------
    # Retention
    # ------------------------------------------------------------------
    def _check_retention(self):
        """Refuse to delete anything of these cases before their retention
        date (open cases are kept)."""
        today = fields.Date.context_today(self)
        kept = self.filtered(
            lambda c: not c.retention_until or c.retention_until > today
        )
        if kept:
            raise UserError(
                self.env._(
                    "Collection records are kept as evidence: %(cases)s cannot "
                    "lose anything before its retention date (%(until)s).",
                    cases=", ".join(kept.mapped("name")),
                    until=", ".join(
                        str(d) if d else self.env._("while open")
                        for d in kept.mapped("retention_until")
                    ),
                )
            )

    def _check_can_update_message_content(self, messages):
        """The case's chatter is part of its record: no message is edited or
        emptied, by its author or anyone else."""
        raise UserError(
            self.env._(
                "The messages of a collection case are part of its record: they are "
                "not edited. Post a correction instead."
            )
        )

    def unlink(self):
        self._check_retention()
        return super().unlink()

    # ------------------------------------------------------------------
    # Verify
    # ------------------------------------------------------------------
    def action_verify_record(self):
        """Check every entry of the case's record against its hash and the
        chain; log the result on the case and name what was tampered with.
        Who may only read the case (an auditor) sees the result, and the
        case stays as it is."""
        problems = self._record_problems()
        for case in self.filtered(lambda c: c.has_access("write")):
            found = problems[case.id]
            case.sudo().write(
                {
                    "record_state": "broken" if found else "whole",
                    "record_checked_date": fields.Datetime.now(),
                }
            )
            case.sudo().message_post(body=case._record_problem_text(found))
        if len(self) == 1:
            problems = problems[self.id]
            return {
                "type": "ir.actions.client",
                "tag": "display_notification",
                "params": {
                    "type": "danger" if problems else "success",
                    "sticky": bool(problems),
                    "message": self._record_problem_text(problems),
                    # the form shows the new record state at once
                    "next": {"type": "ir.actions.client", "tag": "soft_reload"},
                },
            }
        return True

    def _record_problems(self):
        """``{case id: [(code, entry label or number)]}``."""
        self.check_access("read")
        problems = self.env["ar.record.chain.mixin"]._record_verify(self, RECORD_MODELS)
        for evidence, label in self._record_changed_files():
            problems[evidence.case_id.id].append(("file_changed", label))
        for case_id, label in self._record_changed_flags():
            problems[case_id].append(("altered", label))
        for case_id, label in self._record_changed_messages():
            problems[case_id].append(("message_changed", label))
        return problems

    def _record_changed_flags(self):
        """Contacts whose stored "written" flag no longer follows their
        (hashed) channel: the count of written contacts that escalation
        needs would be wrong."""
        self.env.invalidate_all()
        contacts = (
            self.env["ar.collection.contact"]
            .sudo()
            .search([("case_id", "in", self.ids)])
        )
        return [
            (c.case_id.id, c._record_label())
            for c in contacts
            if bool(c.written) != (c.channel in WRITTEN_CHANNELS)
        ]

    def _record_changed_messages(self):
        """Messages of the cases' chatter whose content no longer has the
        hash taken when they were posted."""
        self.env.invalidate_all()
        messages = (
            self.env["mail.message"]
            .sudo()
            .search(
                [
                    ("model", "=", self._name),
                    ("res_id", "in", self.ids),
                    ("ar_record_hash", "!=", False),
                ]
            )
        )
        return [
            (m.res_id, f"{m.date:%Y-%m-%d %H:%M} ({m.author_id.display_name or '-'})")
            for m in messages
            if m._ar_record_digest() != m.ar_record_hash
        ]

    def _record_changed_files(self):
        """Evidence whose file no longer has the checksum the record holds
        (the file replaced in the file store or its attachment row)."""
        self.env.invalidate_all()
        evidence = (
            self.env["ar.collection.evidence"]
            .sudo()
            .search([("case_id", "in", self.ids)])
        )
        attachments = (
            self.env["ir.attachment"]
            .sudo()
            .search(
                [
                    ("res_model", "=", "ar.collection.evidence"),
                    ("res_field", "=", "file"),
                    ("res_id", "in", evidence.ids),
                ]
            )
        )
        # the file as it is now, read from the store
        stored = {a.res_id: hashlib.sha1(a.raw or b"").hexdigest() for a in attachments}
        return [
            (e, e._record_label()) for e in evidence if stored.get(e.id) != e.checksum
        ]

    def _record_problem_text(self, problems, count=None):
        """The verification's result in words: ``problems`` as
        ``_record_problems`` names them; ``count`` the entries verified
        (default: the record's length now)."""
        if not problems:
            return self.env._(
                "Record verified: %(count)s entries, none altered or removed.",
                count=self.chain_length if count is None else count,
            )
        labels = {
            "altered": self.env._("altered"),
            "relinked": self.env._("chain broken before"),
            "missing": self.env._("removed: entry no."),
            "truncated": self.env._("removed after entry no."),
            "file_changed": self.env._("file changed"),
            "unrecorded": self.env._("added behind the record's back"),
            "message_changed": self.env._("message of the chatter changed"),
        }
        named = "; ".join(
            f"{labels[code]} {what}"
            if code in ("missing", "truncated")
            else f"{what} {labels[code]}"
            for code, what in problems
        )
        return self.env._("Record tampered with: %(problems)s.", problems=named)
