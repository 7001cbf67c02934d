from odoo import api, models


class ArCreditHoldWizard(models.TransientModel):
    """Ask why customers are put on credit hold by hand."""

    _name = "ar.credit.hold.wizard"
    _inherit = ["ar.credit.partner.wizard"]
    _description = "Put Customers on Credit Hold"

    @api.model
    def _wizard_title(self):
        return self.env._("Put on Credit Hold")

    def action_confirm(self):
        """Put the customers on hold in the current company."""
        self.ensure_one()
        self.partner_ids._ar_credit_records()._credit_set_manual_hold(self.reason)
        return {"type": "ir.actions.act_window_close"}
