import base64

from odoo import api, fields, models
from odoo.exceptions import UserError

from ...policy import collection as collection_policy
from .ar_collection_case import AMOUNT_GROUPS
from .ar_collection_contact import WRITTEN_CHANNELS
from .ar_collection_decision import OUTCOMES


class ArCollectionCase(models.Model):
    """Promises, plans and evidence on a case, and its escalation to a law
    firm or an agency: refused until the written contacts and the evidence
    chain are there; the legal steps and the outcome are recorded."""

    _inherit = "ar.collection.case"
    _order = (
        "priority desc, overdue_amount desc, oldest_due_date, "
        "broken_promise_count desc, next_action_date, id"
    )

    broken_promise_count = fields.Integer(
        string="Broken Promises",
        readonly=True,
        help="Promises broken and instalments missed on this case.",
    )
    promise_ids = fields.One2many("ar.collection.promise", "case_id", "Promises")
    plan_ids = fields.One2many("ar.collection.plan", "case_id", "Repayment Plans")
    evidence_ids = fields.One2many("ar.collection.evidence", "case_id")
    dunning_letter_ids = fields.One2many(
        "ar.dunning.letter", "case_id", string="Dunning Letters"
    )
    dunning_paused_until = fields.Date(
        compute="_compute_dunning_paused_until",
        help="An open promise to pay or grace period keeps the customer out of "
        "dunning until this day.",
    )
    agreement_id = fields.Many2one(
        "ar.collection.agreement",
        readonly=True,
        check_company=True,
    )
    agency_id = fields.Many2one(
        related="agreement_id.partner_id", string="Law Firm or Agency"
    )
    legal_outcome = fields.Selection(OUTCOMES, readonly=True, tracking=True)
    recovered_amount = fields.Monetary(
        readonly=True, currency_field="currency_id", groups=AMOUNT_GROUPS
    )

    @api.depends("promise_ids.state", "promise_ids.date")
    def _compute_dunning_paused_until(self):
        today = fields.Date.context_today(self)
        for case in self:
            dates = [
                p.date
                for p in case.promise_ids
                if collection_policy.promise_active(p.state, p.date, today)
            ]
            case.dunning_paused_until = max(dates) if dates else False

    def _case_dialog(self, model, title, context):
        """A dialog to record ``model`` on this case, for who may."""
        self.ensure_one()
        self.env[model].check_access("create")
        return {
            "type": "ir.actions.act_window",
            "name": title,
            "res_model": model,
            "view_mode": "form",
            "target": "new",
            "context": dict(context, default_case_id=self.id),
        }

    def action_new_promise(self):
        """Record a promise to pay or grant a grace period."""
        return self._case_dialog(
            "ar.collection.promise",
            self.env._("Promise to Pay or Grace Period"),
            {"default_amount": self.overdue_amount},
        )

    def action_add_evidence(self):
        """Attach a document kept as evidence."""
        return self._case_dialog(
            "ar.collection.evidence", self.env._("Add Evidence"), {}
        )

    def action_new_plan(self):
        """Draft a repayment plan for the overdue amount."""
        action = self._case_dialog(
            "ar.collection.plan",
            self.env._("Repayment Plan"),
            {"default_amount": self.overdue_amount},
        )
        action["target"] = "current"
        return action

    # ------------------------------------------------------------------
    # Escalation
    # ------------------------------------------------------------------
    def _case_escalation_missing(self):
        """What still stops this case from going to legal action, as
        sentences a collector can act on."""
        self.ensure_one()
        # a corrected contact counts once, as its correction
        valid = self.contact_ids - self.contact_ids.correction_of_id
        contacts = valid.filtered(
            lambda c: c.channel in WRITTEN_CHANNELS and c.answered
        )
        missing = collection_policy.escalation_missing(
            len(contacts), self.evidence_ids.mapped("kind")
        )
        kinds = dict(
            self.env["ar.collection.evidence"]
            ._fields["kind"]
            ._description_selection(self.env)
        )
        texts = []
        for code in missing:
            if code == "written_contacts":
                texts.append(
                    self.env._(
                        "%(required)s written contacts with the customer's answer "
                        "(%(count)s so far)",
                        required=collection_policy.WRITTEN_CONTACTS_REQUIRED,
                        count=len(contacts),
                    )
                )
            else:
                texts.append(self.env._("evidence: %(kind)s", kind=kinds[code]))
        return texts

    def action_escalate(self):
        self.ensure_one()
        self.check_access("write")
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Escalate to Legal or Agency"),
            "res_model": "ar.collection.escalate.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_case_id": self.id},
        }

    def _case_escalate(self, agreement, note):
        """Send the case to ``agreement``'s law firm or agency."""
        self.ensure_one()
        self.check_access("write")
        if self.stage in ("legal", "closed"):
            raise UserError(self.env._("This case cannot be escalated any more."))
        missing = self._case_escalation_missing()
        if missing:
            raise UserError(
                self.env._(
                    "The case cannot go to legal action yet. Missing: %(missing)s.",
                    missing="; ".join(missing),
                )
            )
        today = fields.Date.context_today(self)
        if not agreement._in_force(today) or agreement.company_id != self.company_id:
            raise UserError(
                self.env._("Choose an agreement in force with the law firm or agency.")
            )
        self.sudo().write({"agreement_id": agreement.id})
        self._case_set_stage(
            "legal",
            "escalation",
            note
            or self.env._("Assigned to %(agency)s.", agency=agreement.partner_id.name),
            {"agency_id": agreement.partner_id.id},
        )

    # ------------------------------------------------------------------
    # Legal steps and outcome
    # ------------------------------------------------------------------
    def _case_open_decision(self, kind, title):
        self.ensure_one()
        self.env["ar.collection.decision"].check_access("create")
        if self.stage != "legal":
            raise UserError(
                self.env._("Legal steps are recorded on cases in legal action.")
            )
        return {
            "type": "ir.actions.act_window",
            "name": title,
            "res_model": "ar.collection.decision",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_case_id": self.id,
                "default_kind": kind,
                "default_agency_id": self.agency_id.id,
            },
        }

    def action_record_legal_step(self):
        return self._case_open_decision("legal_step", self.env._("Legal Step"))

    def action_record_outcome(self):
        return self._case_open_decision("outcome", self.env._("Outcome"))

    def action_attach_contact_log(self):
        """Export the contact log and decisions as a PDF kept as evidence."""
        self.ensure_one()
        self.check_access("write")
        report = self.env.ref("ar_overdue_management.action_report_collection_log")
        pdf, _type = (
            self.env["ir.actions.report"]
            .sudo()
            ._render_qweb_pdf(report.report_name, self.ids)
        )
        return self.env["ar.collection.evidence"].create(
            {
                "case_id": self.id,
                "kind": "contact_log",
                "name": self.env._("Contact log of %(case)s", case=self.name),
                "file": base64.b64encode(pdf),
                "file_name": f"{self.name.replace('/', '-')}-contact-log.pdf",
            }
        )
