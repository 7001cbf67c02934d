from odoo import api, fields, models

from ...policy import audit as audit_policy

BAND_SELECTION = [
    ("small", "Under 10,000"),
    ("medium", "10,000 to 50,000"),
    ("large", "50,000 to 200,000"),
    ("major", "200,000 and more"),
]
INCLUSIONS = [
    (audit_policy.DRAWN, "Drawn"),
    (audit_policy.WRITTEN_OFF, "Written Off in the Period"),
    (audit_policy.OVERRIDE, "Hold Overridden Above the Threshold"),
]
FINDING_SELECTION = [
    ("ok", "OK"),
    ("observation", "Observation"),
    ("exception", "Exception"),
]


class ArAuditSampleLine(models.Model):
    """A case in an audit sample: why it is there (drawn from its stratum,
    or always checked), the checklist the addon ran on it and the auditor's
    findings (the latest counts)."""

    _name = "ar.audit.sample.line"
    _inherit = ["ar.audit.entry.mixin"]
    _description = "Case of an Audit Sample"
    _order = "sample_id, id"
    _rec_name = "case_id"
    _record_fields = ("sample_id", "case_id", "stratum_id", "inclusion", "amount")

    case_id = fields.Many2one(
        "ar.collection.case", required=True, readonly=True, ondelete="restrict"
    )
    partner_id = fields.Many2one(related="case_id.partner_id", string="Customer")
    stratum_id = fields.Many2one("ar.audit.stratum", readonly=True)
    tier_id = fields.Many2one(related="stratum_id.tier_id")
    band = fields.Selection(related="stratum_id.band")
    currency_id = fields.Many2one(related="sample_id.currency_id")
    amount = fields.Monetary(
        string="Overdue", readonly=True, help="The case's overdue at the draw."
    )
    inclusion = fields.Selection(INCLUSIONS, required=True, readonly=True)
    check_ids = fields.One2many(
        "ar.audit.check", "line_id", string="Checklist", readonly=True
    )
    finding_ids = fields.One2many(
        "ar.audit.finding", "line_id", string="Findings", readonly=True
    )
    failed_count = fields.Integer(string="Checks Failed", compute="_compute_findings")
    verdict = fields.Selection(
        FINDING_SELECTION, string="Finding", compute="_compute_findings"
    )
    finding_note = fields.Text(compute="_compute_findings")

    @api.depends("check_ids.result", "finding_ids")
    def _compute_findings(self):
        failed = dict(
            self.env["ar.audit.check"]._read_group(
                [
                    ("line_id", "in", self._origin.ids),
                    ("result", "=", audit_policy.FAIL),
                ],
                ["line_id"],
                ["__count"],
            )
        )
        latest = self._origin._audit_latest_findings()
        for line in self:
            finding = latest.get(line._origin.id)
            line.failed_count = failed.get(line._origin, 0)
            line.verdict = finding.verdict if finding else False
            line.finding_note = finding.note if finding else False

    def _audit_latest_findings(self):
        """``{line id: its latest finding}``, in one read."""
        findings = self.env["ar.audit.finding"].search(
            [("line_id", "in", self.ids)], order="line_id, id"
        )
        return {finding.line_id.id: finding for finding in findings}

    def _audit_verdicts(self):
        """``{line id: verdict}`` of the lines that have a finding."""
        return {
            line_id: finding.verdict
            for line_id, finding in self._audit_latest_findings().items()
        }

    def action_add_finding(self):
        """Record the finding on this case (a new one replaces the last)."""
        self.ensure_one()
        self.env["ar.audit.sample"]._audit_check_auditor()
        self.sample_id.check_access("write")
        self._audit_check_open(self.sample_id)
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Finding on %(case)s", case=self.case_id.name),
            "res_model": "ar.audit.finding",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_line_id": self.id,
                "default_sample_id": self.sample_id.id,
                "default_verdict": "exception" if self.failed_count else "ok",
            },
        }
