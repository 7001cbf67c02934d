"""Rows written set-wise: thousands of plain records (lines of a run) in one
INSERT, where the ORM's ``create`` would build every record in Python and
insert them a hundred at a time.

Only for records with no computed stored field, no translated field and no
mail thread: the caller gives every stored value, the helper adds who and
when (:func:`stored_values` puts computed figures in the form the ORM
stores).  The model is flushed before and its cache dropped after, so the
ORM reads the rows as if it had written them.  Chatter notes on many
documents (a month's grades, the holds it puts) are such rows too:
:func:`insert_notes`; so are the activities of a run and the followers they
add (:func:`insert_activities`).
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


def insert_notes(model, notes, sanitized=False):
    """Log ``notes``, ``[(record id, text)]``, on records of ``model`` (a
    mail thread) in one statement: the internal notes ``_message_log_batch``
    writes (author the current user, subtype Note, text escaped then
    sanitized as the message's body), several per record allowed, with no
    notification.  ``create`` of mail.message would build and sanitize every
    message in Python and insert them a hundred at a time; the same bodies
    are sanitized once here (``sanitized``: the texts are html already
    sanitized as the body stores it, written as they are).  Not for documents whose messages are hashed
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
        if sanitized:
            bodies[text] = text
        elif text not in bodies:
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


def insert_activities(model, rows, sanitized=False):
    """Schedule ``rows``, values of mail.activity's ``create`` (``res_model_id``,
    ``res_id``, ``activity_type_id``, ``user_id``, ``summary``, ``note``,
    ``date_deadline`` and columns of the model's extensions, the same keys
    in every row), in one statement; ``model`` is mail.activity.  What
    ``create`` with ``mail_activity_quick_update`` leaves is left: the
    document's model and name and the assignee's time zone stored, the note
    sanitized, the assignee following the document with the default
    subtypes, and the activity menu of every assignee with an activity due
    told to refresh (Odoo tells the last one).  ``create`` would compute and
    insert them a hundred at a time and subscribe per assignee a hundred
    followers at a time.  Returns the number of activities."""
    if not rows:
        return 0
    env = model.env
    sudo = model.sudo()
    model_names = {
        m.id: m.model
        for m in env["ir.model"].sudo().browse({row["res_model_id"] for row in rows})
    }
    res_ids = {}  # model name -> {res id: None}, in order
    for row in rows:
        res_ids.setdefault(model_names[row["res_model_id"]], {})[row["res_id"]] = None
    names = {
        (name, record.id): record.display_name
        for name, ids in res_ids.items()
        for record in env[name].sudo().browse(list(ids))
    }
    users = env["res.users"].sudo().browse({row["user_id"] for row in rows})
    zones = {user.id: user.tz or None for user in users}
    note_field = model._fields["note"]
    notes = {}
    full = []
    for row in rows:
        res_model = model_names[row["res_model_id"]]
        note = row.get("note") or False
        if sanitized:
            notes[note] = note or None
        elif note not in notes:
            notes[note] = note_field.convert_to_column_insert(note, sudo)
        full.append(
            dict(
                row,
                res_model=res_model,
                res_name=names[res_model, row["res_id"]],
                note=notes[note],
                user_tz=zones[row["user_id"]],
                active=True,
            )
        )
    count = insert_rows(sudo, stored_values(sudo, full))
    followers = {}  # (model name, partner id) -> {res id: None}
    partners = {user.id: user.partner_id for user in users}
    for row, done in zip(rows, full, strict=True):
        partner = partners[row["user_id"]]
        if partner.active:
            key = (done["res_model"], partner.id)
            followers.setdefault(key, {})[row["res_id"]] = None
    insert_followers(env, followers)
    mixin = env["mail.activity.mixin"]._fields
    for name, ids in res_ids.items():
        # activity_ids and the figures the mixin computes from it (state,
        # deadline...); the documents' other fields stay in cache
        env[name].browse(list(ids)).invalidate_recordset(
            [
                fname
                for fname in mixin
                if fname.startswith(("activity_", "my_activity_"))
                and fname in env[name]._fields
            ],
            flush=False,
        )
    today = odoo_fields.Date.today()
    due = users.browse(
        {
            row["user_id"]
            for row in rows
            if odoo_fields.Date.to_date(row["date_deadline"]) <= today
        }
    )
    due._bus_send("mail.activity/updated", {"activity_created": True})
    return count


def insert_followers(env, followers):
    """``followers``: ``{(model name, partner id): res ids}``; subscribe each
    partner to those documents of the model with the default subtypes, as
    ``message_subscribe`` does (documents it already follows are left as
    they are), in two statements for all of them."""
    rows = []  # (model name, res id, partner id, subtype ids)
    for (res_model, partner_id), res_ids in followers.items():
        new, _update = env["mail.followers"]._add_default_followers(
            res_model, list(res_ids), [partner_id]
        )
        for res_id, values_list in new.items():
            for values in values_list:
                rows.append(
                    (res_model, res_id, partner_id, values["subtype_ids"][0][2])
                )
    if not rows:
        return 0
    env["mail.followers"].flush_model()
    created = env.execute_query(
        SQL(
            """
            INSERT INTO mail_followers (res_model, res_id, partner_id)
            SELECT * FROM unnest(%s::varchar[], %s::int[], %s::int[])
            RETURNING res_model, res_id, partner_id, id
            """,
            [row[0] for row in rows],
            [row[1] for row in rows],
            [row[2] for row in rows],
        )
    )
    ids = {tuple(key): follower_id for *key, follower_id in created}
    pairs = [
        (ids[row[0], row[1], row[2]], subtype_id)
        for row in rows
        for subtype_id in row[3]
    ]
    if pairs:
        env.cr.execute(
            SQL(
                """
                INSERT INTO mail_followers_mail_message_subtype_rel
                       (mail_followers_id, mail_message_subtype_id)
                SELECT * FROM unnest(%s::int[], %s::int[])
                """,
                [pair[0] for pair in pairs],
                [pair[1] for pair in pairs],
            )
        )
    env["mail.followers"].invalidate_model()
    for res_model in {row[0] for row in rows}:
        env[res_model].invalidate_model(
            ["message_follower_ids", "message_partner_ids", "message_is_follower"],
            flush=False,
        )
    return len(rows)


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
