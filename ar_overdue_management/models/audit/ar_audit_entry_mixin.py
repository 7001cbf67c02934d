from odoo import api, fields, models
from odoo.addons.base.models.ir_model import MODULE_UNINSTALL_FLAG
from odoo.exceptions import UserError


class ArAuditEntryMixin(models.AbstractModel):
    """An entry of an audit sample's record: a stratum of its draw, a case
    drawn, a check, a finding.  Append-only and hash-chained per sample
    (``ar.record.chain.mixin``); once the sample is closed nothing is added,
    changed or deleted, by anyone."""

    _name = "ar.audit.entry.mixin"
    _inherit = ["ar.record.chain.mixin"]
    _description = "Entry of an Audit Sample"
    _check_company_auto = True
    _record_parent = "sample_id"
    #: whether people add entries of this model (else the draw alone does)
    _audit_added_by_people = False

    sample_id = fields.Many2one(
        "ar.audit.sample",
        required=True,
        readonly=True,
        index=True,
        ondelete="cascade",
        check_company=True,
    )
    company_id = fields.Many2one(related="sample_id.company_id", store=True)

    def _record_refusal(self):
        return self.env._(
            "%(what)s is part of the audit's record, kept as evidence: it cannot "
            "be changed. Record a new finding instead.",
            what=self._description,
        )

    def _audit_check_open(self, samples):
        """Refuse anything on a closed sample, whoever asks."""
        closed = samples.filtered(lambda s: s.state == "closed")
        if closed and not self.env.context.get(MODULE_UNINSTALL_FLAG):
            raise UserError(
                self.env._(
                    "%(samples)s is closed: its draw, checks and findings are kept "
                    "as they were signed off.",
                    samples=", ".join(closed.mapped("name")),
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        samples = (
            self.env["ar.audit.sample"]
            .sudo()
            .browse({vals.get("sample_id") for vals in vals_list} - {None, False})
        )
        self._audit_check_open(samples)
        if not self.env.su and not self._audit_added_by_people:
            raise UserError(
                self.env._("%(what)s is made by the draw.", what=self._description)
            )
        return super().create(vals_list)

    def write(self, vals):
        self._audit_check_open(self.sample_id)
        return super().write(vals)

    def unlink(self):
        self._audit_check_open(self.sample_id)
        if not self.env.su:
            raise UserError(self._record_refusal())
        return super().unlink()
