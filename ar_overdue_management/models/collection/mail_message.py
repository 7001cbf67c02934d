from odoo import models


class MailMessage(models.Model):
    """The chatter of a collection case is part of its record: kept until
    the case's retention date."""

    _inherit = "mail.message"

    def unlink(self):
        case_ids = [
            m.res_id
            for m in self.sudo()
            if m.model == "ar.collection.case" and m.res_id
        ]
        if case_ids:
            self.env["ar.collection.case"].sudo().browse(
                case_ids
            ).exists()._check_retention()
        return super().unlink()
