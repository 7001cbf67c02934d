from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from ...policy import collection as collection_policy


class ArCollectionRecordMixin(models.AbstractModel):
    """An entry of a collection case's record: a contact, a promise, a
    decision, a piece of evidence.  Append-only and hash-chained per case:
    each entry stores the hash of its content and of the entry before it,
    so that "Verify record" names any entry changed or removed behind the
    ORM's back.  Nothing is deleted before the case's retention date."""

    _name = "ar.collection.record.mixin"
    _inherit = ["ar.collection.case.item.mixin"]
    _description = "Entry of a Collection Case's Record"

    #: Fields whose content the hash covers; never written after creation.
    _record_fields = ()

    chain_seq = fields.Integer(string="Record No.", readonly=True, copy=False)
    prev_hash = fields.Char(string="Previous Hash", readonly=True, copy=False)
    entry_hash = fields.Char(string="Hash", readonly=True, copy=False)

    def init(self):
        res = super().init()
        if not self._abstract:
            # the case's table exists: the record models load after it
            self.env["ar.collection.case"]._ar_keep_record_trigger(self._table)
        return res

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            for name in ("chain_seq", "prev_hash", "entry_hash"):
                vals.pop(name, None)
        records = super().create(vals_list)
        records._record_chain()
        return records

    def write(self, vals):
        locked = set(self._record_fields) | {"chain_seq", "prev_hash", "entry_hash"}
        if not self.env.su:
            # what the collection work follows up (a promise's state...) is
            # written by it alone
            locked |= set(vals)
        touched = sorted(locked & set(vals))
        if self and touched:
            raise UserError(
                self.env._(
                    "%(what)s is part of the collection record, kept as evidence: "
                    "it cannot be changed. Log a new entry that corrects it.",
                    what=self._description,
                )
            )
        return super().write(vals)

    def unlink(self):
        self.case_id._check_retention()
        return super().unlink()

    # ------------------------------------------------------------------
    # Chain
    # ------------------------------------------------------------------
    def _record_content(self):
        """The hashed content of this entry, as plain values read back from
        the database (so that a later check computes the same)."""
        self.ensure_one()
        content = {"model": self._name, "id": self.id}
        for name in self._record_fields:
            field = self._fields[name]
            value = self[name]
            if field.type in ("many2one",):
                value = value.id or None
            elif field.type in ("many2many", "one2many"):
                value = sorted(value.ids)
            elif field.type in ("float", "monetary"):
                value = f"{value or 0.0:.6f}"
            elif field.type in ("date", "datetime"):
                value = value.isoformat() if value else None
            elif value is False and field.type not in ("boolean",):
                value = None
            content[name] = value
        return content

    def _record_label(self):
        """How ``Verify record`` names this entry."""
        self.ensure_one()
        return f"{self._description} {self.display_name} (#{self.chain_seq})"

    def _record_chain(self):
        """Append these new entries to their cases' chains, in id order,
        with the cases' rows locked so that two sessions never give the
        same number twice."""
        if not self:
            return
        self.flush_recordset()
        self.invalidate_recordset()
        cases = self.case_id
        rows = self.env.execute_query(
            SQL(
                """
                SELECT id, COALESCE(chain_length, 0), COALESCE(chain_head, '')
                  FROM ar_collection_case WHERE id = ANY(%s)
              ORDER BY id FOR UPDATE
                """,
                cases.ids,
            )
        )
        heads = {case_id: (length, head) for case_id, length, head in rows}
        updates = []
        for record in self.sorted("id"):
            length, head = heads[record.case_id.id]
            digest = collection_policy.entry_hash(head, record._record_content())
            updates.append((record.id, length + 1, head, digest))
            heads[record.case_id.id] = (length + 1, digest)
        self.env.cr.execute(
            SQL(
                """
                UPDATE %s t SET chain_seq = v.seq, prev_hash = v.prev,
                       entry_hash = v.hash
                  FROM unnest(%s::int[], %s::int[], %s::varchar[], %s::varchar[])
                       AS v(id, seq, prev, hash)
                 WHERE t.id = v.id
                """,
                SQL.identifier(self._table),
                [u[0] for u in updates],
                [u[1] for u in updates],
                [u[2] for u in updates],
                [u[3] for u in updates],
            )
        )
        self.env.cr.execute(
            SQL(
                """
                UPDATE ar_collection_case c SET chain_length = v.length,
                       chain_head = v.head
                  FROM unnest(%s::int[], %s::int[], %s::varchar[])
                       AS v(id, length, head)
                 WHERE c.id = v.id
                """,
                list(heads),
                [length for length, _head in heads.values()],
                [head for _length, head in heads.values()],
            )
        )
        self.invalidate_recordset(["chain_seq", "prev_hash", "entry_hash"])
        cases.invalidate_recordset(["chain_length", "chain_head"])

    @api.model
    def _record_entries(self, cases):
        """``[(case id, sequence, label, previous, hash, content)]`` of the
        entries of ``cases`` in this model, as the database holds them."""
        self.env.invalidate_all()
        records = (
            self.sudo()
            .with_context(active_test=False)
            .search([("case_id", "in", cases.ids)])
        )
        return [
            (
                r.case_id.id,
                r.chain_seq,
                r._record_label(),
                r.prev_hash or "",
                r.entry_hash,
                r._record_content(),
            )
            for r in records
        ]
