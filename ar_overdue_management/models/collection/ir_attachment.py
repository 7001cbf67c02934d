from odoo import api, models
from odoo.exceptions import UserError

#: Models whose attachments belong to a collection case's record.
RECORD_MODELS = (
    "ar.collection.case",
    "ar.collection.contact",
    "ar.collection.promise",
    "ar.collection.decision",
    "ar.collection.evidence",
)
#: What changes the content or the owner of an attachment.
CONTENT_FIELDS = {
    "datas",
    "raw",
    "db_datas",
    "store_fname",
    "res_id",
    "res_model",
    "res_field",
    "type",
    "url",
}


class IrAttachment(models.Model):
    """Files of a collection case's record are kept until its retention
    date: not deleted, not replaced, not moved elsewhere."""

    _inherit = "ir.attachment"

    def _ar_collection_cases(self):
        """The collection cases these attachments belong to."""
        cases = self.env["ar.collection.case"].sudo()
        for model in RECORD_MODELS:
            ids = [a.res_id for a in self.sudo() if a.res_model == model and a.res_id]
            if not ids:
                continue
            records = self.env[model].sudo().browse(ids).exists()
            cases |= records if model == "ar.collection.case" else records.case_id
        return cases

    @api.model_create_multi
    def create(self, vals_list):
        attachments = super().create(vals_list)
        # a second file behind an evidence's field would replace the first
        files = attachments.filtered(
            lambda a: a.res_model in RECORD_MODELS and a.res_field and a.res_id
        )
        for attachment in files:
            if self.sudo().search_count(
                [
                    ("res_model", "=", attachment.res_model),
                    ("res_id", "=", attachment.res_id),
                    ("res_field", "=", attachment.res_field),
                    ("id", "!=", attachment.id),
                ]
            ):
                raise UserError(
                    self.env._(
                        "Evidence kept on a case cannot be replaced: add a new one."
                    )
                )
        return attachments

    def unlink(self):
        self._ar_collection_cases()._check_retention()
        return super().unlink()

    def write(self, vals):
        if CONTENT_FIELDS & set(vals):
            self._ar_collection_cases()._check_retention()
        return super().write(vals)
