from odoo import api, models
from odoo.tools import format_amount, format_date


def report_helpers(env, lang=None):
    """``format_date`` and ``format_amount`` in ``lang`` (default: the
    context's language): the e-mails, the PDFs and the customer's page show
    dates and amounts alike, in the document's language."""
    lang = lang or env.context.get("lang")
    return {
        "format_date": lambda date: format_date(env, date, lang_code=lang),
        "format_amount": lambda amount, currency: format_amount(
            env, amount, currency, lang_code=lang
        ),
    }


def report_values(env, model, docids):
    """The values of a PDF of ``model``: its documents, the helpers in the
    reader's language, and ``helpers_in(lang)``, with which the template
    gives each document the helpers of its own language (``t-lang``
    translates the text of a document, not what Python formats)."""
    return {
        "doc_ids": docids,
        "doc_model": model,
        "docs": env[model].browse(docids),
        "helpers_in": lambda lang: report_helpers(env, lang),
        **report_helpers(env),
    }


class ReportDunningLetter(models.AbstractModel):
    """The PDF letter gets the same helpers as the e-mails, so both show
    dates and amounts alike, in the customer's language."""

    _name = "report.ar_overdue_management.report_dunning_letter"
    _description = "Dunning Letter Report"

    @api.model
    def _get_report_values(self, docids, data=None):
        return report_values(self.env, "ar.dunning.letter", docids)
