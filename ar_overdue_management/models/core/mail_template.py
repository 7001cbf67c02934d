from lxml import html
from markupsafe import Markup
from odoo import api, models
from odoo.tools import safe_eval

#: context key of a rendering for many documents at once
RENDER_ONCE = "ar_mailed_render_once"


class MailTemplate(models.Model):
    """The letters and statements of a run render one template for hundreds
    of documents: its body is compiled once for them.  Odoo compiles a body
    given as text again for each document (parsing it, generating and
    compiling its Python code), which is most of rendering it."""

    _inherit = "mail.template"

    @api.model
    def _render_template_qweb(
        self, template_src, model, res_ids, add_context=None, options=None
    ):
        """Under ``RENDER_ONCE``: what Odoo's rendering gives, each document
        rendered by the same compiled body; any error leaves the documents
        to Odoo's own rendering, which reports it."""
        if (
            not self.env.context.get(RENDER_ONCE)
            or len(res_ids) < 2
            or not template_src
            or not self._unrestricted_rendering
            or not self._has_unsafe_expression_template_qweb(template_src, model)
        ):
            return super()._render_template_qweb(
                template_src, model, res_ids, add_context=add_context, options=options
            )
        try:
            return self._ar_render_compiled(
                template_src, model, res_ids, add_context, options or {}
            )
        except Exception:  # noqa: BLE001 - Odoo's rendering says what failed
            return super()._render_template_qweb(
                template_src, model, res_ids, add_context=add_context, options=options
            )

    @api.model
    def _ar_render_compiled(self, template_src, model, res_ids, add_context, options):
        """``{res id: body}``, the steps of ``ir.qweb._render`` with the
        compilation done for the first document only."""
        variables = self._render_eval_context()
        variables.update(self._ar_render_formatters(variables))
        if add_context:
            variables.update(**add_context)
        element = html.fragment_fromstring(template_src, create_parent="div")
        qweb = self.env["ir.qweb"].with_context(**options)
        compiled = None
        results = {}
        for record in self.env[model].browse(res_ids):
            variables["object"] = record
            values = variables.copy()
            renderer = qweb._prepare_environment(values)
            safe_eval.check_values(values)
            if compiled is None:
                functions, name = renderer._compile(element)
                compiled = functions[name]
            # without the <div> wrapping the nodes, as Odoo does
            results[record.id] = Markup("".join(compiled(renderer, values)))[5:-6]
        return results

    def _ar_render_formatters(self, variables):
        """``format_date`` and ``format_amount`` of the rendering context,
        giving the same texts faster: a date formatted once per value, the
        amounts with the language's digit grouping read once (Odoo reads
        the language again for each one)."""
        format_date, format_amount = (
            variables["format_date"],
            variables["format_amount"],
        )
        status = self.env["ar.partner.status"]
        dates, formatters = {}, {}

        def fast_date(value, date_format=False, lang_code=False):
            key = (type(value), value, date_format, lang_code)
            if key not in dates:
                dates[key] = format_date(value, date_format, lang_code)
            return dates[key]

        def fast_amount(amount, currency, lang_code=False):
            if lang_code:
                return format_amount(amount, currency, lang_code)
            if currency not in formatters:
                formatters[currency] = status._money_formatter(currency)
            return formatters[currency](amount)

        return {"format_date": fast_date, "format_amount": fast_amount}
