from odoo import api, models
from odoo.tools import format_amount, format_date


class ReportDunningLetter(models.AbstractModel):
    """The PDF letter gets the same helpers as the e-mails, so both show
    dates and amounts alike, in the customer's language."""

    _name = "report.ar_overdue_management.report_dunning_letter"
    _description = "Dunning Letter Report"

    @api.model
    def _get_report_values(self, docids, data=None):
        letters = self.env["ar.dunning.letter"].browse(docids)
        return {
            "doc_ids": docids,
            "doc_model": "ar.dunning.letter",
            "docs": letters,
            "format_date": lambda date: format_date(
                self.env, date, lang_code=self.env.context.get("lang")
            ),
            "format_amount": lambda amount, currency: format_amount(
                self.env, amount, currency, lang_code=self.env.context.get("lang")
            ),
        }
