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
                documents._mailed_mark_failed(failure_reason or failure_type)
            else:
                documents._mailed_mark_sent()
        return super()._postprocess_sent_message(
            success_pids, failure_reason=failure_reason, failure_type=failure_type
        )
