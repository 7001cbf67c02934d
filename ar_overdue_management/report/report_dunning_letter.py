from odoo import api, models
from odoo.tools import format_amount, format_date


def report_helpers(env):
    """``format_date`` and ``format_amount`` in the context's language: the
    e-mails, the PDFs and the customer's page show dates and amounts alike."""
    lang = env.context.get("lang")
    return {
        "format_date": lambda date: format_date(env, date, lang_code=lang),
        "format_amount": lambda amount, currency: format_amount(
            env, amount, currency, lang_code=lang
        ),
    }


class ReportDunningLetter(models.AbstractModel):
    """The PDF letter gets the same helpers as the e-mails, so both show
    dates and amounts alike, in the customer's language."""

    _name = "report.ar_overdue_management.report_dunning_letter"
    _description = "Dunning Letter Report"

    @api.model
    def _get_report_values(self, docids, data=None):
        return {
            "doc_ids": docids,
            "doc_model": "ar.dunning.letter",
            "docs": self.env["ar.dunning.letter"].browse(docids),
            **report_helpers(self.env),
        }
