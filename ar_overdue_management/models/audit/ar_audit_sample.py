from odoo import api, fields, models
from odoo.addons.base.models.ir_model import MODULE_UNINSTALL_FLAG
from odoo.exceptions import AccessError, UserError

from ...policy import audit as audit_policy
from ..core.ar_security import AUDITOR_GROUP

SAMPLE_STATES = [("draft", "Draft"), ("open", "Checking"), ("closed", "Closed")]
#: what the auditor sets before the draw; the rest is the draw's
DRAFT_FIELDS = {"company_id", "date_from", "date_to", "size", "seed", "note"}


class ArAuditSample(models.Model):
    """An internal audit by sampling: the auditor picks a period, a size and
    a company; the addon draws the cases (stratified by tier and amount
    band, random from a recorded seed, with every written-off case and
    every large hold override of the period) and checks each; the auditor
    records a finding per case and closes the sample, which then stays as
    it was signed off."""

    _name = "ar.audit.sample"
    _inherit = ["mail.thread"]
    _description = "Audit Sample"
    _order = "date_to desc, id desc"
    _check_company_auto = True

    name = fields.Char(string="Reference", required=True, readonly=True, default="/")
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    date_from = fields.Date(string="Period From", required=True)
    date_to = fields.Date(string="Period To", required=True)
    size = fields.Integer(
        string="Cases to Draw",
        required=True,
        default=25,
        help="How many cases the sample holds; the cases always checked count "
        "toward it, and are all kept even beyond it.",
    )
    seed = fields.Integer(
        copy=False,
        help="The draw repeats from it: the same seed on the same cases draws "
        "the same sample. Left empty, the draw picks one and records it.",
    )
    note = fields.Text(string="Scope")
    state = fields.Selection(
        SAMPLE_STATES, default="draft", required=True, readonly=True, tracking=True
    )
    auditor_id = fields.Many2one(
        "res.users", readonly=True, default=lambda s: s.env.user
    )
    drawn_date = fields.Datetime(readonly=True, copy=False)
    override_threshold = fields.Monetary(
        string="Hold Overrides Checked Above",
        readonly=True,
        copy=False,
        help="The company's threshold on the day of the draw.",
    )
    population_count = fields.Integer(
        string="Population",
        readonly=True,
        copy=False,
        help="Cases of the company open at some time in the period.",
    )
    forced_count = fields.Integer(
        string="Always Checked",
        readonly=True,
        copy=False,
        help="Cases written off in the period, or whose customer had a credit "
        "hold overridden above the threshold.",
    )
    stratum_ids = fields.One2many(
        "ar.audit.stratum", "sample_id", string="Strata", readonly=True
    )
    line_ids = fields.One2many(
        "ar.audit.sample.line", "sample_id", string="Cases", readonly=True
    )
    check_ids = fields.One2many(
        "ar.audit.check", "sample_id", string="Checks", readonly=True
    )
    finding_ids = fields.One2many(
        "ar.audit.finding", "sample_id", string="Findings", readonly=True
    )
    case_count = fields.Integer(string="Cases Checked", compute="_compute_figures")
    failed_check_count = fields.Integer(
        string="Checks Failed", compute="_compute_figures"
    )
    exception_count = fields.Integer(string="Exceptions", compute="_compute_figures")
    observation_count = fields.Integer(
        string="Observations", compute="_compute_figures"
    )
    pending_count = fields.Integer(
        string="Cases Without Finding", compute="_compute_figures"
    )
    exception_rate = fields.Float(
        string="Exception Rate (%)",
        digits=(5, 1),
        compute="_compute_figures",
        help="Cases whose finding is an exception, per hundred cases checked.",
    )
    closed_date = fields.Date(string="Signed Off On", readonly=True, copy=False)
    closed_by_id = fields.Many2one(
        "res.users", string="Signed Off By", readonly=True, copy=False
    )
    chain_length = fields.Integer(string="Record Entries", readonly=True, copy=False)
    chain_head = fields.Char(string="Last Hash", readonly=True, copy=False)

    @api.depends("line_ids", "check_ids.result", "finding_ids")
    def _compute_figures(self):
        failed = dict(
            self.env["ar.audit.check"]._read_group(
                [
                    ("sample_id", "in", self._origin.ids),
                    ("result", "=", audit_policy.FAIL),
                ],
                ["sample_id"],
                ["__count"],
            )
        )
        verdicts = self._origin.line_ids._audit_verdicts()
        for sample in self:
            found = [verdicts.get(line.id) for line in sample._origin.line_ids]
            sample.case_count = len(found)
            sample.failed_check_count = failed.get(sample._origin, 0)
            sample.exception_count = found.count(audit_policy.EXCEPTION)
            sample.observation_count = found.count("observation")
            sample.pending_count = found.count(None)
            sample.exception_rate = audit_policy.exception_rate(found) or 0.0

    @api.constrains("size", "date_from", "date_to")
    def _check_draw_parameters(self):
        for sample in self:
            try:
                audit_policy.check_draw(sample.size, sample.date_from, sample.date_to)
            except audit_policy.AuditPolicyError as error:
                if error.code == "size":
                    raise UserError(
                        self.env._("A sample draws at least one case.")
                    ) from error
                raise UserError(
                    self.env._("The period ends on or after the day it starts.")
                ) from error

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        self._audit_check_auditor()
        refs = self.env["ar.collection.case"]._case_next_refs(
            "ar.audit.sample", len(vals_list)
        )
        for vals, ref in zip(vals_list, refs, strict=True):
            if not self.env.su:
                for name in set(vals) - DRAFT_FIELDS:
                    del vals[name]
            vals.update(name=ref, state="draft", auditor_id=self.env.user.id)
        return super().create(vals_list)

    def write(self, vals):
        self._audit_check_not_closed()
        if not self.env.su:
            extra = set(vals) - DRAFT_FIELDS
            if extra or any(s.state != "draft" for s in self):
                raise UserError(
                    self.env._(
                        "An audit sample changes through its buttons; only a draft's "
                        "period, size, seed and scope are set by hand."
                    )
                )
        return super().write(vals)

    def unlink(self):
        drawn = self.filtered(lambda s: s.state != "draft")
        if drawn and not self.env.context.get(MODULE_UNINSTALL_FLAG):
            raise UserError(
                self.env._(
                    "A drawn sample is kept with its checks: close it with your "
                    "findings instead."
                )
            )
        return super().unlink()

    def _audit_check_not_closed(self):
        closed = self.filtered(lambda s: s.state == "closed")
        if closed and not self.env.context.get(MODULE_UNINSTALL_FLAG):
            raise UserError(
                self.env._(
                    "%(samples)s is closed: it stays as it was signed off.",
                    samples=", ".join(closed.mapped("name")),
                )
            )

    @api.model
    def _audit_check_auditor(self):
        if not self.env.su and not self.env.user.has_group(AUDITOR_GROUP):
            raise AccessError(self.env._("Only auditors draw and close audit samples."))

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_draw(self):
        """Draw the cases of the period and run the checks on each."""
        self._audit_check_auditor()
        self.check_access("write")
        for sample in self:
            if sample.state != "draft":
                raise UserError(self.env._("The sample is drawn already."))
            sample._audit_draw()
            sample._audit_run_checks()
        return True

    def action_close(self):
        """Sign the sample off: every case has its finding; from now on
        nothing of it changes."""
        self._audit_check_auditor()
        self.check_access("write")
        for sample in self:
            if sample.state != "open":
                raise UserError(self.env._("Only a drawn sample is closed."))
            if sample.pending_count:
                raise UserError(
                    self.env._(
                        "Record a finding on every case before closing: %(cases)s "
                        "have none.",
                        cases=", ".join(
                            sample.line_ids.filtered(
                                lambda line: not line.verdict
                            ).mapped("case_id.name")
                        ),
                    )
                )
            sample.sudo().write(
                {
                    "state": "closed",
                    "closed_date": fields.Date.context_today(self),
                    "closed_by_id": self.env.user.id,
                }
            )
        return True

    def action_print(self):
        """The audit report, as the auditor signs it off."""
        return self.env.ref(
            "ar_overdue_management.action_report_ar_audit_sample"
        ).report_action(self)
