"""Rows written set-wise: thousands of plain records (lines of a run) in one
INSERT, where the ORM's ``create`` would build every record in Python and
insert them a hundred at a time.

Only for records with no computed stored field, no translated field and no
mail thread: the caller gives every stored value, the helper adds who and
when (:func:`stored_values` puts computed figures in the form the ORM
stores).  The model is flushed before and its cache dropped after, so the
ORM reads the rows as if it had written them.  Chatter notes on many
documents (a month's grades, the holds it puts) are such rows too:
:func:`insert_notes`.
"""

from markupsafe import escape
from odoo import fields as odoo_fields
from odoo.tools import SQL, float_repr, float_round
from odoo.tools.mail import generate_tracking_message_id

#: what logging a note changes on its document (mail.message's own list)
THREAD_FIELDS = ["message_ids", "message_needaction", "message_needaction_counter"]


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


def stored_values(model, rows):
    """``rows`` with the values the ORM would store: floats rounded to
    their digits (as ``create`` does), no float or integer left empty,
    ``False`` as NULL in any other column but a boolean one.  Use it before
    :func:`insert_rows` when the rows carry raw computed figures."""
    if not rows:
        return rows
    env = model.env
    fields = {name: model._fields[name] for name in rows[0]}
    floats = {
        name: (field.get_digits(env) or (None, None))[1]
        for name, field in fields.items()
        if field.type == "float"
    }
    integers = [name for name, field in fields.items() if field.type == "integer"]
    nulls = [
        name
        for name, field in fields.items()
        if field.type not in ("boolean", "float", "integer")
    ]
    memo = {}

    def as_float(value, scale):
        key = (value, scale)
        if key not in memo:
            number = float(value or 0.0)
            memo[key] = (
                number
                if scale is None
                else float_repr(float_round(number, precision_digits=scale), scale)
            )
        return memo[key]

    out = []
    for row in rows:
        row = dict(row)
        for name in nulls:
            if row[name] is False:
                row[name] = None
        for name in integers:
            row[name] = int(row[name] or 0)
        for name, scale in floats.items():
            row[name] = as_float(row[name], scale)
        out.append(row)
    return out


def insert_notes(model, notes):
    """Log ``notes``, ``[(record id, text)]``, on records of ``model`` (a
    mail thread) in one statement: the internal notes ``_message_log_batch``
    writes (author the current user, subtype Note, text escaped then
    sanitized as the message's body), several per record allowed, with no
    notification.  ``create`` of mail.message would build and sanitize every
    message in Python and insert them a hundred at a time; the same bodies
    are sanitized once here.  Not for documents whose messages are hashed
    when created (the collection cases' record): those go through the ORM."""
    if not notes:
        return 0
    env = model.env
    records = model.browse(list(dict.fromkeys(res_id for res_id, _text in notes)))
    author_id, email_from = records._message_compute_author(
        None, None, raise_on_email=False
    )
    messages = env["mail.message"].sudo()
    body_field = messages._fields["body"]
    bodies = {}
    for _res_id, text in notes:
        if text not in bodies:
            bodies[text] = body_field.convert_to_column_insert(
                str(escape(text)), messages
            )
    base = {
        "author_id": author_id,
        "email_from": email_from,
        "model": model._name,
        "message_type": "notification",
        "is_internal": True,
        "subtype_id": env["ir.model.data"]._xmlid_to_res_id("mail.mt_note"),
        "email_add_signature": False,
        "message_id": generate_tracking_message_id("message-notify"),
        "reply_to": env["mail.thread"]._notify_get_reply_to(default=email_from)[False],
        "date": odoo_fields.Datetime.now(),
    }
    count = insert_rows(
        messages,
        [dict(base, res_id=res_id, body=bodies[text]) for res_id, text in notes],
    )
    records.invalidate_recordset(THREAD_FIELDS, flush=False)
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
