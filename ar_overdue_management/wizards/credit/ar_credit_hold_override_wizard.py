from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from ...models.core.ar_security import HOLD_OVERRIDE_GROUP


class ArCreditHoldOverrideWizard(models.TransientModel):
    """Ask the reason before posting or confirming despite a credit hold.

    The wizard only carries the reason: the documents' own post/confirm
    methods check the group again on the server and log the override.
    """

    _name = "ar.credit.hold.override.wizard"
    _description = "Override Credit Hold"

    res_model = fields.Char(string="Document Model", required=True, readonly=True)
    res_ids = fields.Json(string="Documents", required=True, readonly=True)
    hold_description = fields.Text(readonly=True)
    reason = fields.Char(required=True)

    @api.model
    def _open_for(self, records):
        if not self.env.user.has_group(HOLD_OVERRIDE_GROUP):
            raise AccessError(
                self.env._(
                    "Only the Credit Hold Override group can override a credit hold."
                )
            )
        descriptions = list(
            dict.fromkeys(
                description
                for _record, _credit, description in records._ar_credit_blocks()
            )
        )
        if not descriptions:
            raise UserError(self.env._("None of these customers is on credit hold."))
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Override Credit Hold"),
            "res_model": self._name,
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_res_model": records._name,
                "default_res_ids": records.ids,
                "default_hold_description": "\n".join(descriptions),
            },
        }

    def action_confirm(self):
        """Run the post/confirm of the documents with the reason given."""
        self.ensure_one()
        model = self.env[self.res_model] if self.res_model in self.env else None
        method = getattr(model, "_ar_credit_override_method", None)
        if not method:
            raise UserError(
                self.env._("Credit holds cannot be overridden on %s.", self.res_model)
            )
        records = self.env[self.res_model].browse(self.res_ids).exists()
        getattr(
            records.with_context(ar_credit_hold_override_reason=self.reason), method
        )()
        return {"type": "ir.actions.act_window_close"}
