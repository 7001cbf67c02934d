from odoo import fields, models


class ArCollectionMeasure(models.TransientModel):
    """Sales teams come with Sales: the measures per sales team of the
    customer's salesperson."""

    _inherit = "ar.collection.measure"

    dimension = fields.Selection(
        selection_add=[("team", "Sales Team")], ondelete={"team": "set default"}
    )

    def _measure_units(self, dimension, partner_ids):
        if dimension != "team":
            return super()._measure_units(dimension, partner_ids)
        partners = self.env["res.partner"].sudo().browse(partner_ids)
        return {
            partner.id: (
                partner.user_id.sale_team_id.id,
                partner.user_id.sale_team_id.name or "",
            )
            for partner in partners
        }

    def _measure_unset_name(self):
        if self.dimension == "team":
            return self.env._("No Sales Team")
        return super()._measure_unset_name()
