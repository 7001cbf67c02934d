import logging

from odoo import Command, api, fields, models, tools
from odoo.tools import SQL

from ...policy import mailing as mailing_policy
from . import pdf_batch
from .mail_template import RENDER_ONCE

_logger = logging.getLogger(__name__)

SENDING_STATES = [
    ("draft", "Draft"),
    ("queued", "Queued"),
    ("sent", "Sent"),
    ("failed", "Not Sent"),
    ("printed", "Printed"),
]
#: tries of an e-mail that failed, a day apart
MAX_TRIES = 3


class ArMailedDocumentMixin(models.AbstractModel):
    """A document sent to a customer (a dunning letter, a statement of
    account): rendered as a PDF in the customer's language, e-mailed through
    Odoo's mail queue, and counted as sent only once its e-mail left.  A
    mail server that refuses or cannot be reached leaves it "not sent", to
    be tried again; one PDF that fails does not stop the others."""

    _name = "ar.mailed.document.mixin"
    _description = "Document Mailed to a Customer"

    lang = fields.Selection(
        selection="_mailed_lang_selection", string="Language", readonly=True
    )
    state = fields.Selection(
        SENDING_STATES, default="queued", required=True, readonly=True, index=True
    )
    mail_id = fields.Many2one("mail.mail", readonly=True, ondelete="set null")
    attempts = fields.Integer(readonly=True)
    last_try = fields.Date(readonly=True)
    failure = fields.Char(string="Why Not Sent", readonly=True)
    pdf_id = fields.Many2one("ir.attachment", string="PDF", readonly=True)
    pdf_note = fields.Char(
        string="No PDF Because", readonly=True, help="Why the document has no PDF."
    )
    sent_date = fields.Date(readonly=True)

    # ------------------------------------------------------------------
    # What each document says for itself
    # ------------------------------------------------------------------
    def _mailed_report(self):
        """The PDF report of the documents."""
        raise NotImplementedError

    def _mailed_template(self):
        """The mail template of this document, or an empty recordset."""
        raise NotImplementedError

    def _mailed_on_sent(self, channel):
        """What follows the sending (``channel``: email or letter)."""

    # ------------------------------------------------------------------
    # Sending
    # ------------------------------------------------------------------
    def _mailed_mark_sent(self, channel="email"):
        """The documents left (their e-mail, or printed for post)."""
        documents = self.sudo().filtered(lambda d: d.state != "sent")
        if not documents:
            return documents
        documents.write(
            {
                "state": "sent",
                "sent_date": fields.Date.context_today(self),
                "failure": False,
            }
        )
        documents._mailed_on_sent(channel)
        return documents

    @api.model
    def _mailed_lang_selection(self):
        return self.env["res.lang"].get_installed()

    def _mailed_mark_failed(self, reason):
        today = fields.Date.context_today(self)
        for document in self.sudo().filtered(lambda d: d.state == "queued"):
            document.write(
                {
                    "state": "failed",
                    "attempts": document.attempts + 1,
                    "last_try": today,
                    "failure": reason,
                }
            )

    def _mailed_render_pdfs(self):
        """A PDF per document, kept as an attachment; one that fails, or no
        wkhtmltopdf, leaves the document without PDF and says why: the
        e-mail still goes."""
        switched_off = self.env.context.get("ar_dunning_skip_pdf") or (
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("ar_overdue_management.dunning_pdf", "1")
            == "0"
        )
        if not self:
            return
        if switched_off:
            self.write(
                {"pdf_note": self.env._("PDF switched off: print it to make it.")}
            )
            return
        state = self.env["ir.actions.report"].get_wkhtmltopdf_state()
        if state in ("install", "upgrade"):
            self.write({"pdf_note": self.env._("wkhtmltopdf is not installed.")})
            return
        report = self._mailed_report()
        for lang in dict.fromkeys(self.mapped("lang")):
            documents = self.filtered(lambda d, lang=lang: d.lang == lang)
            documents._mailed_render_batch(report.with_context(lang=lang))

    def _mailed_render_batch(self, report):
        """The PDFs of documents of one language: one wkhtmltopdf run cut
        per document; the documents it could not give alone are rendered
        one by one."""
        pdfs = {}
        if len(self) > 1 and not self._mailed_render_in_tests():
            try:
                with self.env.cr.savepoint():
                    pdfs = (
                        pdf_batch.render_batch(
                            report, self, {d.id: d.name for d in self}
                        )
                        or {}
                    )
            except Exception as error:  # noqa: BLE001 - then one by one
                _logger.warning("PDFs of %s in one run failed: %s", self, error)
            if not pdfs:
                _logger.info("PDFs of %s rendered one by one", self)
        for document in self:
            try:
                with self.env.cr.savepoint():
                    pdf = pdfs.get(document.id)
                    if pdf is None:
                        pdf, _kind = report._render_qweb_pdf(
                            report.report_name, document.ids
                        )
                    attachment = self.env["ir.attachment"].create(
                        {
                            "name": f"{document.name.replace('/', '-')}.pdf",
                            "raw": pdf,
                            "mimetype": "application/pdf",
                            "res_model": self._name,
                            "res_id": document.id,
                        }
                    )
                    document.write({"pdf_id": attachment.id})
            except Exception as error:  # noqa: BLE001 - one document, not the batch
                _logger.warning("PDF of %s failed: %s", document.name, error)
                document.write(
                    {"pdf_note": self.env._("PDF failed: %(error)s", error=str(error))}
                )

    def _mailed_render_in_tests(self):
        """Odoo's test runs render reports as HTML unless told to make PDFs
        (``force_report_rendering``): these keep doing so, one by one."""
        return (
            tools.config["test_enable"] or tools.config["test_file"]
        ) and not self.env.context.get("force_report_rendering")

    def _mailed_queue_mails(self):
        """The e-mail of each document, queued (Odoo's mail queue sends it);
        the document counts as sent when it left.  The e-mails of one
        template and language are rendered and created together."""
        groups = {}
        for document in self:
            template = document._mailed_template()
            if not template or not document.partner_id.email:
                document._mailed_mark_failed(
                    self.env._("No e-mail address or no template: print it for post.")
                )
                continue
            groups.setdefault((template, document.lang), []).append(document)
        queued = {}  # document id -> mail id
        for (template, lang), documents in groups.items():
            mails = template.with_context(
                lang=lang, **{RENDER_ONCE: True}
            ).send_mail_batch(
                [document.id for document in documents],
                force_send=False,
                email_values={"auto_delete": False},
            )
            for document, mail in zip(documents, mails, strict=True):
                if document.pdf_id:
                    mail.attachment_ids = [Command.link(document.pdf_id.id)]
                queued[document.id] = mail.id
        self.browse(list(queued))._mailed_link_mails(queued)

    def _mailed_link_mails(self, mails):
        """Each document gets its mail (``mails``: ``{document id: mail
        id}``) and today's try, in one statement: what ``write`` would
        store, one UPDATE a document since each has its own mail."""
        if not mails:
            return
        self.flush_recordset(["mail_id", "last_try"])
        self.env.cr.execute(
            SQL(
                """
                UPDATE %(table)s d
                   SET mail_id = v.mail_id, last_try = %(today)s,
                       write_uid = %(uid)s, write_date = NOW() AT TIME ZONE 'UTC'
                  FROM unnest(%(ids)s::int[], %(mail_ids)s::int[]) AS v(id, mail_id)
                 WHERE d.id = v.id
                """,
                table=SQL.identifier(self._table),
                today=fields.Date.context_today(self),
                uid=self.env.uid,
                ids=list(mails),
                mail_ids=list(mails.values()),
            )
        )
        self.invalidate_recordset(["mail_id", "last_try", "write_uid", "write_date"])

    def _mailed_send_again(self):
        """Documents not sent, queued again by hand: the e-mail that failed
        goes again (no second e-mail), a document that had none gets it
        now (and fails again, saying why, while it cannot go)."""
        documents = self.filtered(lambda d: d.state == "failed")
        with_mail = documents.filtered("mail_id")
        with_mail.mail_id.write({"state": "outgoing", "failure_reason": False})
        documents.write(
            {"state": "queued", "last_try": fields.Date.context_today(self)}
        )
        (documents - with_mail)._mailed_queue_mails()
        return documents

    @api.model
    def _mailed_retry(self, as_of):
        """Failed e-mails are queued again (at most three tries, a day
        apart); the document stays unsent until one leaves."""
        failed = self.search([("state", "=", "failed"), ("mail_id", "!=", False)])
        retry = failed.filtered(
            lambda d: mailing_policy.retry_due(d.attempts, MAX_TRIES, d.last_try, as_of)
        )
        retry.mail_id.write({"state": "outgoing", "failure_reason": False})
        retry.write({"state": "queued", "last_try": as_of})
        return retry

    @api.model
    def _mailed_models(self):
        """The models of documents mailed to customers."""
        return [
            name
            for name in self.env.registry.descendants([self._name], "_inherit")
            if name != self._name and not self.env[name]._abstract
        ]
