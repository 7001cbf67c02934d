from odoo import api, fields, models

from ...models.credit.ar_credit_grade_policy import GRADE_SELECTION


class ArCreditOverrideWizard(models.TransientModel):
    """Ask the grade, the reason and the expiry of a grade override."""

    _name = "ar.credit.override.wizard"
    _inherit = ["ar.credit.partner.wizard"]
    _description = "Override Credit Grade"

    grade = fields.Selection(GRADE_SELECTION, required=True)
    expiry_date = fields.Date(
        required=True,
        default=lambda self: fields.Date.add(fields.Date.context_today(self), months=3),
        help="The automatic rating gives the grade back after this date.",
    )

    @api.model
    def _wizard_title(self):
        return self.env._("Override Credit Grade")

    def action_confirm(self):
        """Force the grade on the customers in the current company."""
        self.ensure_one()
        self.partner_ids._ar_credit_records()._credit_set_override(
            self.grade, self.reason, self.expiry_date
        )
        return {"type": "ir.actions.act_window_close"}
