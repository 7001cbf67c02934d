from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    ar_overdue_run_mode = fields.Selection(
        [("jobs", "Job workers"), ("cron", "Scheduled actions")],
        string="Scheduled runs done by",
        config_parameter="ar_overdue_management.run_mode",
        default="jobs",
        required=True,
    )
