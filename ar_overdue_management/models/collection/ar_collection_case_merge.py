from odoo import fields, models
from odoo.tools import SQL

from ...policy import collection as collection_policy
from .ar_collection_case_record import RECORD_MODELS


class ArCollectionCase(models.Model):
    """Customers merged (Odoo's merge of contacts): the customer keeps one
    open case per company, the others are closed as merged into it with a
    decision on each; every entry is kept, and the cases whose entries named
    a merged contact are chained again under a logged merge decision, so
    that "Verify record" finds them whole."""

    _inherit = "ar.collection.case"

    def _merge_cases_touched(self, partners):
        """The cases of these customers, and those whose record names one of
        them (a law firm or agency on a decision)."""
        cases = self.sudo().search([("partner_id", "in", partners.ids)])
        for model in RECORD_MODELS:
            entries = self.env[model].sudo()
            for name in entries._record_fields:
                field = entries._fields[name]
                if field.type == "many2one" and field.comodel_name == "res.partner":
                    cases |= entries.search([(name, "in", partners.ids)]).case_id
        return cases

    def _merge_close_duplicates(self, src_partners, dst_partner):
        """One open case per company for the customer the merge keeps: the
        oldest open case stays, the others close as merged into it."""
        open_cases = self.sudo().search(
            [
                ("partner_id", "in", (src_partners | dst_partner).ids),
                ("stage", "!=", "closed"),
            ],
            order="opened_date, id",
        )
        today = fields.Date.context_today(self)
        entries = []
        for company in open_cases.company_id:
            cases = open_cases.filtered(lambda c, co=company: c.company_id == co)
            keep, merged = cases[:1], cases[1:]
            for case in merged:
                text = self.env._(
                    "%(customer)s merged into %(into)s: this case is closed, its "
                    "record kept; the collection goes on in %(case)s.",
                    customer=case.partner_id.display_name,
                    into=dst_partner.display_name,
                    case=keep.name,
                )
                entries += [(case, "merge", text, {}), (keep, "merge", text, {})]
            merged._case_close(today)
        self.env["ar.collection.decision"]._log(entries)

    def _merge_rechain(self, src_partners, dst_partner):
        """Chain the record of these cases again from its first entry, over
        the entries as the merge left them, and say so in the record."""
        for case in self.sudo():
            records = []
            for model in RECORD_MODELS:
                records += list(
                    self.env[model]
                    .sudo()
                    .with_context(active_test=False)
                    .search([("case_id", "=", case.id)])
                )
            records.sort(key=lambda r: (r.chain_seq or 0, r._name, r.id))
            head = ""
            for seq, record in enumerate(records, start=1):
                record.invalidate_recordset()
                digest = collection_policy.entry_hash(head, record._record_content())
                self.env.cr.execute(
                    SQL(
                        "UPDATE %s SET chain_seq = %s, prev_hash = %s, entry_hash = %s"
                        " WHERE id = %s",
                        SQL.identifier(record._table),
                        seq,
                        head,
                        digest,
                        record.id,
                    )
                )
                head = digest
            self.env.cr.execute(
                SQL(
                    "UPDATE ar_collection_case SET chain_length = %s, chain_head = %s"
                    " WHERE id = %s",
                    len(records),
                    head,
                    case.id,
                )
            )
        self.invalidate_model(["chain_length", "chain_head"])
        for model in RECORD_MODELS:
            self.env[model].invalidate_model(["chain_seq", "prev_hash", "entry_hash"])
        text = self.env._(
            "Contacts %(sources)s merged into %(into)s: the record was chained "
            "again over the entries as the merge left them, none removed.",
            sources=", ".join(src_partners.mapped("display_name")),
            into=dst_partner.display_name,
        )
        self.env["ar.collection.decision"]._log(
            [(case, "merge", text, {}) for case in self.sudo()]
        )
