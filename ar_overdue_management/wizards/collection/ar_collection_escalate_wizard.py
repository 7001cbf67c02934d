from odoo import api, fields, models


class ArCollectionEscalateWizard(models.TransientModel):
    """Send a case to a law firm or a collection agency: shows what is
    still missing, refuses until nothing is."""

    _name = "ar.collection.escalate.wizard"
    _description = "Escalate a Collection Case"

    case_id = fields.Many2one("ar.collection.case", required=True)
    company_id = fields.Many2one(related="case_id.company_id")
    agreement_id = fields.Many2one(
        "ar.collection.agreement",
        string="Law Firm or Agency",
        required=True,
        domain="[('company_id', '=', company_id)]",
    )
    note = fields.Text()
    missing = fields.Text(compute="_compute_missing")

    @api.depends("case_id")
    def _compute_missing(self):
        for wizard in self:
            wizard.missing = "\n".join(
                wizard.case_id._case_escalation_missing() if wizard.case_id else []
            )

    def action_confirm(self):
        self.ensure_one()
        self.case_id._case_escalate(self.agreement_id, self.note)
        return {"type": "ir.actions.act_window_close"}
