from odoo import api, fields, models


class ArCreditPartnerWizard(models.AbstractModel):
    """What the credit wizards on customers share: the customers and the
    reason a Credit Manager gives, and how the form opens."""

    _name = "ar.credit.partner.wizard"
    _description = "Credit Wizard on Customers"

    partner_ids = fields.Many2many("res.partner", string="Customers", required=True)
    reason = fields.Char(required=True)

    @api.model
    def _wizard_title(self):
        return self._description

    @api.model
    def _open_for(self, partners):
        """The window action opening this wizard on ``partners``."""
        return {
            "type": "ir.actions.act_window",
            "name": self._wizard_title(),
            "res_model": self._name,
            "view_mode": "form",
            "target": "new",
            "context": {"default_partner_ids": partners.ids},
        }
