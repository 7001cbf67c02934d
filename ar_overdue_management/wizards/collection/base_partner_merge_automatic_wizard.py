from odoo import models


class BasePartnerMergeAutomaticWizard(models.TransientModel):
    """Odoo's merge of contacts, with the collection record kept whole: one
    open case per customer and company, every entry kept and chained again,
    and every statement kept (the merge would delete a statement of a period
    the kept customer already has)."""

    _inherit = "base.partner.merge.automatic.wizard"

    def _update_foreign_keys(self, src_partners, dst_partner):
        Case = self.env["ar.collection.case"].sudo()
        touched = Case._merge_cases_touched(src_partners | dst_partner)
        Case._merge_close_duplicates(src_partners, dst_partner)
        self.env["ar.statement"].sudo()._merge_keep_statements(
            src_partners, dst_partner
        )
        res = super()._update_foreign_keys(src_partners, dst_partner)
        touched._merge_rechain(src_partners, dst_partner)
        return res
