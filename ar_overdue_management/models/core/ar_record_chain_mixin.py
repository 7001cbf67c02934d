from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from ...policy import collection as collection_policy


class ArRecordChainMixin(models.AbstractModel):
    """An entry of a record kept as evidence (a collection case's contacts,
    an audit's checks and findings): append-only and hash-chained per the
    document it belongs to.  Each entry stores the hash of its content and
    of the entry before it, so that a verification names any entry changed
    or removed behind the ORM's back.

    The model names the many2one of that document (``_record_parent``),
    whose table holds ``chain_length`` and ``chain_head``, and the fields
    the hash covers (``_record_fields``)."""

    _name = "ar.record.chain.mixin"
    _description = "Entry of a Record Kept as Evidence"

    #: the many2one to the document whose chain this entry belongs to
    _record_parent = None
    #: fields whose content the hash covers; never written after creation
    _record_fields = ()

    chain_seq = fields.Integer(string="Record No.", readonly=True, copy=False)
    prev_hash = fields.Char(string="Previous Hash", readonly=True, copy=False)
    entry_hash = fields.Char(string="Hash", readonly=True, copy=False)

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
            # what the document's own work follows up (a promise's state...)
            # is written by it alone
            locked |= set(vals)
        if self and locked & set(vals):
            raise UserError(self._record_refusal())
        return super().write(vals)

    def _record_refusal(self):
        """Why an entry is not changed, in words for the user."""
        return self.env._(
            "%(what)s is part of a record kept as evidence: it cannot be changed. "
            "Record a new entry that corrects it.",
            what=self._description,
        )

    # ------------------------------------------------------------------
    # Chain
    # ------------------------------------------------------------------
    def _record_parent_model(self):
        return self.env[self._fields[self._record_parent].comodel_name]

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
        """How a verification names this entry."""
        self.ensure_one()
        return f"{self._description} {self.display_name} (#{self.chain_seq})"

    def _record_chain(self):
        """Append these new entries to their documents' chains, in id order,
        with the documents' rows locked so that two sessions never give the
        same number twice."""
        if not self:
            return
        self.flush_recordset()
        self.invalidate_recordset()
        parents = self[self._record_parent]
        table = SQL.identifier(parents._table)
        rows = self.env.execute_query(
            SQL(
                """
                SELECT id, COALESCE(chain_length, 0), COALESCE(chain_head, '')
                  FROM %s WHERE id = ANY(%s)
              ORDER BY id FOR UPDATE
                """,
                table,
                parents.ids,
            )
        )
        heads = {parent_id: (length, head) for parent_id, length, head in rows}
        updates = []
        for record in self.sorted("id"):
            parent_id = record[self._record_parent].id
            length, head = heads[parent_id]
            digest = collection_policy.entry_hash(head, record._record_content())
            updates.append((record.id, length + 1, head, digest))
            heads[parent_id] = (length + 1, digest)
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
                UPDATE %s p SET chain_length = v.length, chain_head = v.head
                  FROM unnest(%s::int[], %s::int[], %s::varchar[])
                       AS v(id, length, head)
                 WHERE p.id = v.id
                """,
                table,
                list(heads),
                [length for length, _head in heads.values()],
                [head for _length, head in heads.values()],
            )
        )
        self.invalidate_recordset(["chain_seq", "prev_hash", "entry_hash"])
        parents.invalidate_recordset(["chain_length", "chain_head"])

    @api.model
    def _record_entries(self, parents):
        """``[(document id, sequence, label, previous, hash, content)]`` of
        the entries of ``parents`` in this model, as the database holds
        them."""
        self.env.invalidate_all()
        records = (
            self.sudo()
            .with_context(active_test=False)
            .search([(self._record_parent, "in", parents.ids)])
        )
        return [
            (
                r[self._record_parent].id,
                r.chain_seq,
                r._record_label(),
                r.prev_hash or "",
                r.entry_hash,
                r._record_content(),
            )
            for r in records
        ]

    @api.model
    def _record_verify(self, parents, entry_models):
        """``{document id: [(code, entry label or number)]}``: the chain of
        each of ``parents`` checked against the entries of
        ``entry_models`` as the database holds them (empty: whole)."""
        entries = {parent.id: [] for parent in parents}
        for model in entry_models:
            for parent_id, *entry in self.env[model]._record_entries(parents):
                entries[parent_id].append(tuple(entry))
        rows = self.env.execute_query(
            SQL(
                "SELECT id, COALESCE(chain_length, 0), COALESCE(chain_head, '') "
                "FROM %s WHERE id = ANY(%s)",
                SQL.identifier(parents._table),
                parents.ids,
            )
        )
        return {
            parent_id: collection_policy.verify_chain(entries[parent_id], length, head)
            for parent_id, length, head in rows
        }
