from odoo import api, models

from .report_dunning_letter import report_values


class ReportArStatement(models.AbstractModel):
    """The PDF statement, with the same helpers as the letters."""

    _name = "report.ar_overdue_management.report_ar_statement"
    _description = "Statement of Account Report"

    @api.model
    def _get_report_values(self, docids, data=None):
        return report_values(self.env, "ar.statement", docids)
