from odoo import api, fields, models
from odoo.exceptions import UserError

from .ar_audit_sample_line import FINDING_SELECTION


class ArAuditFinding(models.Model):
    """The auditor's finding on a case of a sample: OK, an observation or
    an exception, with the text that says why.  Entries of the sample's
    record: a finding is never changed; a new one on the same case replaces
    it as the case's finding, and both stay."""

    _name = "ar.audit.finding"
    _inherit = ["ar.audit.entry.mixin"]
    _description = "Audit Finding"
    _order = "sample_id, line_id, id desc"
    _rec_name = "verdict"
    _record_fields = ("sample_id", "line_id", "verdict", "note", "user_id", "date")
    _audit_added_by_people = True

    line_id = fields.Many2one(
        "ar.audit.sample.line",
        string="Case",
        required=True,
        index=True,
        ondelete="cascade",
    )
    case_id = fields.Many2one(related="line_id.case_id", string="Collection Case")
    verdict = fields.Selection(FINDING_SELECTION, string="Finding", required=True)
    note = fields.Text()
    user_id = fields.Many2one(
        "res.users", string="Auditor", readonly=True, default=lambda s: s.env.user
    )
    date = fields.Datetime(readonly=True, default=fields.Datetime.now)

    @api.model_create_multi
    def create(self, vals_list):
        self.env["ar.audit.sample"]._audit_check_auditor()
        lines = self.env["ar.audit.sample.line"]
        for vals in vals_list:
            vals.setdefault("line_id", self.env.context.get("default_line_id"))
            line = lines.browse(vals["line_id"])
            vals["sample_id"] = line.sample_id.id
            if not self.env.su:
                vals["user_id"] = self.env.user.id
                vals["date"] = fields.Datetime.now()
            if vals.get("verdict") != "ok" and not (vals.get("note") or "").strip():
                raise UserError(
                    self.env._(
                        "Say what you found: an observation or an exception "
                        "needs its text."
                    )
                )
        samples = lines.browse([v["line_id"] for v in vals_list]).sample_id
        samples.check_access("write")
        if any(s.state != "open" for s in samples):
            raise UserError(
                self.env._("Findings are recorded on a drawn sample not closed yet.")
            )
        return super().create(vals_list)
