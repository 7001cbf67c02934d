from odoo import models


class ArCollectionRecordMixin(models.AbstractModel):
    """An entry of a collection case's record: a contact, a promise, a
    decision, a piece of evidence.  Append-only and hash-chained per case
    (``ar.record.chain.mixin``), so that "Verify record" names any entry
    changed or removed behind the ORM's back.  Nothing is deleted before
    the case's retention date."""

    _name = "ar.collection.record.mixin"
    _inherit = ["ar.record.chain.mixin", "ar.collection.case.item.mixin"]
    _description = "Entry of a Collection Case's Record"

    _record_parent = "case_id"

    def init(self):
        res = super().init()
        if not self._abstract:
            # the case's table exists: the record models load after it
            self.env["ar.collection.case"]._ar_keep_record_trigger(self._table)
        return res

    def _record_refusal(self):
        return self.env._(
            "%(what)s is part of the collection record, kept as evidence: "
            "it cannot be changed. Log a new entry that corrects it.",
            what=self._description,
        )

    def unlink(self):
        self.case_id._check_retention()
        return super().unlink()
