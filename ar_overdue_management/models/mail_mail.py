from odoo import models


class MailMail(models.Model):
    """A dunning letter counts as sent when its e-mail left, and as not sent
    when the mail server refused it or could not be reached."""

    _inherit = "mail.mail"

    def _postprocess_sent_message(
        self, success_pids, failure_reason=False, failure_type=None
    ):
        letters = (
            self.env["ar.dunning.letter"].sudo().search([("mail_id", "in", self.ids)])
        )
        if letters:
            if failure_type:
                letters._letter_mark_failed(failure_reason or failure_type)
            else:
                letters._letter_mark_sent()
        return super()._postprocess_sent_message(
            success_pids, failure_reason=failure_reason, failure_type=failure_type
        )
