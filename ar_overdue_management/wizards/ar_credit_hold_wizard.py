from odoo import _, api, fields, models


class ArCreditHoldWizard(models.TransientModel):
    """Ask why customers are put on credit hold by hand."""

    _name = "ar.credit.hold.wizard"
    _description = "Put Customers on Credit Hold"

    partner_ids = fields.Many2many("res.partner", string="Customers", required=True)
    reason = fields.Char(required=True)

    @api.model
    def _open_for(self, partners):
        return {
            "type": "ir.actions.act_window",
            "name": _("Put on Credit Hold"),
            "res_model": self._name,
            "view_mode": "form",
            "target": "new",
            "context": {"default_partner_ids": partners.ids},
        }

    def action_confirm(self):
        """Put the customers on hold in the current company."""
        self.ensure_one()
        self.partner_ids._ar_credit_records()._credit_set_manual_hold(self.reason)
        return {"type": "ir.actions.act_window_close"}
