from odoo import models


class MailMail(models.Model):
    """A document mailed to a customer (dunning letter, statement) counts
    as sent when its e-mail left, and as not sent when the mail server
    refused it or could not be reached."""

    _inherit = "mail.mail"

    def _postprocess_sent_message(
        self, success_pids, failure_reason=False, failure_type=None
    ):
        mixin = self.env["ar.mailed.document.mixin"]
        for model in mixin._mailed_models():
            documents = self.env[model].sudo().search([("mail_id", "in", self.ids)])
            if not documents:
                continue
            if failure_type:
                documents._mailed_mark_failed(
                    self._ar_failure_text(failure_type, failure_reason)
                )
            else:
                documents._mailed_mark_sent()
        return super()._postprocess_sent_message(
            success_pids, failure_reason=failure_reason, failure_type=failure_type
        )

    def _ar_failure_text(self, failure_type, failure_reason):
        """Why a document was not sent, in words: the failure's label, and
        the server's reason when it gave one."""
        labels = dict(
            self.env["mail.notification"]
            ._fields["failure_type"]
            ._description_selection(self.env)
        )
        label = labels.get(failure_type, failure_type) if failure_type else ""
        reason = (failure_reason or "").strip()
        if label and reason:
            return f"{label}: {reason}"
        return label or reason
