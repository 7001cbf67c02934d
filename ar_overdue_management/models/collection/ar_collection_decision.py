from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_date

from .ar_collection_case import STAGE_SELECTION

DECISION_KINDS = [
    ("stage", "Stage Changed"),
    ("broken_promise", "Promise Broken"),
    ("plan", "Repayment Plan Agreed"),
    ("escalation", "Escalated to Legal or Agency"),
    ("legal_step", "Legal Step"),
    ("outcome", "Outcome"),
    ("merge", "Customers Merged"),
    ("note", "Decision"),
]
LEGAL_STEPS = [
    ("mediation", "Pre-suit Mediation"),
    ("preservation", "Asset Preservation"),
    ("suit", "Suit Filed"),
    ("judgment", "Judgment"),
    ("enforcement", "Enforcement"),
]
OUTCOMES = [
    ("paid", "Paid in Full"),
    ("settled", "Settled"),
    ("partial", "Partly Recovered"),
    ("lost", "Lost"),
    ("uncollectible", "Uncollectible"),
    ("withdrawn", "Withdrawn"),
]


class ArCollectionDecision(models.Model):
    """A decision on a collection case: a stage moved, a promise found
    broken, a plan agreed, the case sent to a law firm or an agency, a legal
    step, the outcome.  An entry of the case's record: never changed nor
    deleted; a correction is a new decision pointing to the wrong one."""

    _name = "ar.collection.decision"
    _inherit = ["ar.collection.record.mixin"]
    _description = "Collection Decision"
    _order = "date desc, id desc"
    _record_fields = (
        "case_id",
        "date",
        "user_id",
        "kind",
        "stage",
        "legal_step",
        "outcome",
        "amount",
        "agency_id",
        "description",
        "correction_of_id",
    )

    date = fields.Date(required=True, default=fields.Date.context_today)
    user_id = fields.Many2one(
        "res.users", string="Decided By", required=True, default=lambda s: s.env.user
    )
    kind = fields.Selection(DECISION_KINDS, required=True, default="note")
    stage = fields.Selection(list(STAGE_SELECTION), string="New Stage")
    legal_step = fields.Selection(LEGAL_STEPS)
    outcome = fields.Selection(OUTCOMES)
    amount = fields.Monetary(currency_field="currency_id")
    agency_id = fields.Many2one(
        "res.partner", string="Law Firm or Agency", ondelete="restrict"
    )
    description = fields.Text(required=True)
    correction_of_id = fields.Many2one(
        "ar.collection.decision",
        string="Corrects",
        ondelete="restrict",
        index="btree_not_null",
    )

    @api.depends("kind", "date")
    def _compute_display_name(self):
        kinds = dict(self._fields["kind"]._description_selection(self.env))
        for decision in self:
            decision.display_name = " ".join(
                filter(
                    None,
                    (kinds.get(decision.kind), format_date(self.env, decision.date)),
                )
            )

    @api.model
    def _log(self, entries):
        """Record ``[(case, kind, description, extra vals)]`` as decisions,
        in one create."""
        if not entries:
            return self
        return self.sudo().create(
            [
                dict(
                    extra,
                    case_id=case.id,
                    kind=kind,
                    description=description,
                    user_id=self.env.user.id,
                )
                for case, kind, description, extra in entries
            ]
        )

    @api.constrains("kind", "legal_step", "outcome", "correction_of_id")
    def _check_kind(self):
        for decision in self:
            if decision.kind == "legal_step" and not decision.legal_step:
                raise UserError(self.env._("Choose the legal step."))
            correcting = decision.correction_of_id
            if correcting and correcting.case_id != decision.case_id:
                raise UserError(
                    self.env._("A decision corrects a decision of the same case.")
                )
            if decision.kind == "outcome" and not decision.outcome:
                raise UserError(self.env._("Choose the outcome."))
            if decision.kind in ("legal_step", "outcome") and (
                decision.case_id.stage != "legal"
            ):
                raise UserError(
                    self.env._("Legal steps are recorded on cases in legal action.")
                )

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            for vals in vals_list:
                if vals.get("kind", "note") not in ("note", "legal_step", "outcome"):
                    raise UserError(
                        self.env._(
                            "Stage moves, broken promises, plans and escalations "
                            "are recorded by the actions that make them."
                        )
                    )
                # a decision is the decider's, on the day it is recorded;
                # stages move through their own actions
                vals.pop("stage", None)
                vals["user_id"] = self.env.user.id
                vals["date"] = fields.Date.context_today(self)
        decisions = super().create(vals_list)
        for decision in decisions.filtered(lambda d: d.kind == "outcome"):
            decision.case_id.sudo().write(
                {
                    "legal_outcome": decision.outcome,
                    "recovered_amount": decision.amount,
                }
            )
        for decision in decisions:
            decision.case_id.sudo().message_post(
                body=self.env._(
                    "%(decision)s: %(description)s",
                    decision=decision.display_name,
                    description=decision.description,
                )
            )
        return decisions
