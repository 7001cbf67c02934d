from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    """Who is warned of the overdue tiers."""

    _inherit = "res.config.settings"

    overdue_risk_manager_id = fields.Many2one(
        related="company_id.overdue_risk_manager_id", readonly=False
    )
    overdue_collection_user_id = fields.Many2one(
        related="company_id.overdue_collection_user_id", readonly=False
    )
    overdue_warning_deadline_days = fields.Integer(
        related="company_id.overdue_warning_deadline_days", readonly=False
    )
