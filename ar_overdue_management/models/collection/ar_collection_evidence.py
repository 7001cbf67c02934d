import base64
import hashlib

from odoo import api, fields, models
from odoo.exceptions import UserError

EVIDENCE_KINDS = [
    ("contract", "Contract"),
    ("invoice", "Invoices and Delivery Documents"),
    ("statement", "Statement of Account"),
    ("contact_log", "Contact Log"),
    ("letter", "Dunning Letter"),
    ("ruling", "Court Ruling or Notice"),
    ("other", "Other"),
]


class ArCollectionEvidence(models.Model):
    """A document kept as evidence on a collection case: the contract, the
    invoices and delivery documents, statements, the contact log.  An entry
    of the case's record: its file's checksum is chained, and the file is
    never replaced nor deleted before the retention date."""

    _name = "ar.collection.evidence"
    _inherit = ["ar.collection.record.mixin"]
    _description = "Collection Evidence"
    _order = "date desc, id desc"
    _record_fields = ("case_id", "kind", "name", "date", "user_id", "checksum")

    kind = fields.Selection(EVIDENCE_KINDS, required=True, default="other")
    name = fields.Char(string="Description", required=True)
    date = fields.Date(required=True, default=fields.Date.context_today)
    user_id = fields.Many2one(
        "res.users", string="Added By", required=True, default=lambda s: s.env.user
    )
    file = fields.Binary(required=True, attachment=True)
    file_name = fields.Char()
    checksum = fields.Char(string="SHA-1", readonly=True)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            data = vals.get("file")
            if not data:
                raise UserError(self.env._("Attach the document."))
            raw = base64.b64decode(data) if isinstance(data, str | bytes) else b""
            vals["checksum"] = hashlib.sha1(raw).hexdigest()
            if not self.env.su:
                vals["user_id"] = self.env.user.id
                vals["date"] = fields.Date.context_today(self)
        return super().create(vals_list)

    def write(self, vals):
        if self and {"file", "file_name"} & set(vals):
            raise UserError(
                self.env._("Evidence kept on a case cannot be replaced: add a new one.")
            )
        return super().write(vals)
