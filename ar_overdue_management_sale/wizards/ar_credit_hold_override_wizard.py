from odoo import models


class ArCreditHoldOverrideWizard(models.TransientModel):
    _inherit = "ar.credit.hold.override.wizard"

    def _override_method(self):
        """Sale orders are confirmed through the override wizard too."""
        return {**super()._override_method(), "sale.order": "action_confirm"}
