from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from ...policy import collection as collection_policy

#: what makes a message what it says: never rewritten on a case's record
CONTENT_FIELDS = {
    "author_id",
    "body",
    "date",
    "email_from",
    "message_type",
    "model",
    "res_id",
    "subject",
    "subtype_id",
    "tracking_value_ids",
}


class MailMessage(models.Model):
    """The chatter of a collection case is part of its record: kept until
    the case's retention date, and never rewritten, whoever asks."""

    _inherit = "mail.message"

    ar_record_hash = fields.Char(
        string="Record Hash",
        readonly=True,
        copy=False,
        help="Hash of what a message of a collection case says, checked by Verify.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        messages = super().create(vals_list)
        on_cases = messages._ar_case_messages()
        if on_cases:
            # one statement for the batch: the daily run posts notes on many
            # cases at once
            self.env.cr.execute(
                SQL(
                    """
                    UPDATE mail_message m SET ar_record_hash = v.digest
                      FROM unnest(%s::int[], %s::varchar[]) AS v(id, digest)
                     WHERE m.id = v.id
                    """,
                    on_cases.ids,
                    [message._ar_record_digest() for message in on_cases],
                )
            )
            on_cases.invalidate_recordset(["ar_record_hash"])
        return messages

    def _ar_record_digest(self):
        """The hash of the message's content, as the database holds it."""
        self.ensure_one()
        return collection_policy.entry_hash(
            "",
            {
                "model": self.model,
                "res_id": self.res_id,
                "body": str(self.body or ""),
                "author_id": self.author_id.id or None,
                "date": self.date.isoformat() if self.date else None,
                "message_type": self.message_type,
                "subtype_id": self.subtype_id.id or None,
            },
        )

    def _ar_case_messages(self):
        return self.sudo().filtered(
            lambda m: m.model == "ar.collection.case" and m.res_id
        )

    def write(self, vals):
        if "ar_record_hash" in vals and not self.env.context.get(
            "ar_case_message_write"
        ):
            raise UserError(self.env._("The record hash is the addon's to write."))
        if CONTENT_FIELDS & set(vals) and not self.env.context.get(
            "ar_case_message_write"
        ):
            if self._ar_case_messages():
                raise UserError(
                    self.env._(
                        "The messages of a collection case are part of its record: "
                        "they are not edited. Post a correction instead."
                    )
                )
        return super().write(vals)

    def unlink(self):
        case_ids = self._ar_case_messages().mapped("res_id")
        if case_ids:
            self.env["ar.collection.case"].sudo().browse(
                case_ids
            ).exists()._check_retention()
        return super().unlink()
