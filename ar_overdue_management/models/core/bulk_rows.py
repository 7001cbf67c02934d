"""Rows written set-wise: thousands of plain records (lines of a run) in one
INSERT, where the ORM's ``create`` would build every record in Python and
insert them a hundred at a time.

Only for records with no computed stored field, no translated field and no
mail thread: the caller gives every stored value, the helper adds who and
when.  The model is flushed before and its cache dropped after, so the ORM
reads the rows as if it had written them.
"""

from odoo.tools import SQL


def insert_rows(model, rows):
    """Insert ``rows`` (a list of ``{field: value}``, each with the same
    fields) into the table of ``model`` (an empty recordset) in one
    statement; returns how many were written."""
    if not rows:
        return 0
    names = list(rows[0])
    fields = [model._fields[name] for name in names]
    for field in fields:
        if not field.store or field.type in ("one2many", "many2many"):
            raise ValueError(f"{model._name}.{field.name} is not a column")
    model.flush_model()
    env = model.env
    columns = SQL(", ").join(SQL.identifier(name) for name in names)
    arrays = SQL(", ").join(
        SQL("%s::%s[]", [row[name] for row in rows], SQL(field.column_type[1]))
        for name, field in zip(names, fields, strict=True)
    )
    env.cr.execute(
        SQL(
            """
            INSERT INTO %(table)s (%(columns)s,
                   create_uid, create_date, write_uid, write_date)
            SELECT v.*, %(uid)s, NOW() AT TIME ZONE 'UTC',
                   %(uid)s, NOW() AT TIME ZONE 'UTC'
              FROM unnest(%(arrays)s) AS v
            """,
            table=SQL.identifier(model._table),
            columns=columns,
            arrays=arrays,
            uid=env.uid,
        )
    )
    count = env.cr.rowcount
    model.invalidate_model()
    _invalidate_inverses(model, fields)
    return count


def _invalidate_inverses(model, fields):
    """Drop the cached one2many fields that list the new rows (a run's
    lines, a letter's lines): their documents read them again."""
    for field in fields:
        if field.type != "many2one":
            continue
        parent = model.env[field.comodel_name]
        inverses = [
            name
            for name, other in parent._fields.items()
            if other.type == "one2many"
            and other.comodel_name == model._name
            and other.inverse_name == field.name
        ]
        if inverses:
            parent.invalidate_model(inverses)
