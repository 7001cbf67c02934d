"""Opening forms as the web client does: one customer with many invoices,
the calls its screens make, their server time and queries.

:func:`view_spec` builds the ``specification`` Odoo 18's web client sends
with ``web_read``/``onchange``/``web_save`` for a form view (as
``getFieldsSpec`` does): every field of the form; a many2one with its
``display_name``; an x2many shown as an inline list (or kanban) with the
columns of that list, at most ``limit`` rows (the list's ``limit``
attribute, else 40) in its ``default_order``; an x2many shown by a widget
without a list (tags) with its ``display_name``.  The client reads every
id of the x2many but the columns of the first ``limit`` rows only.

:func:`build_customer` makes one customer with N overdue invoices through
the ORM (posted together), lets the daily run open its case and logs a
few contacts and a promise on it.  :func:`measure_call` times one call on
a cold ORM cache, ``repeat`` times.
"""

import time
from datetime import timedelta

import odoo.sql_db
from lxml import etree
from odoo import SUPERUSER_ID, Command, api

from .measure import summarize

#: the inline list's page size when its arch sets none (web's field.js)
X2MANY_LIMIT = 40
#: x2many widgets that show the records without a list: the fields they read
WIDGET_FIELDS = {"many2many_tags": ("display_name",)}


def view_spec(env, model, view_type="form"):
    """The specification the web client builds for ``model``'s default
    ``view_type`` view, as the current user gets it."""
    views = env[model].get_views([(False, view_type)])
    arch = etree.fromstring(views["views"][view_type]["arch"])
    return node_spec(arch, model, views["models"])


def node_spec(root, model, models):
    """The spec of the fields under ``root`` that belong to ``model`` (not
    those of a sub-view of an x2many field)."""
    spec = {}
    for node in field_nodes(root):
        name = node.get("name")
        info = models[model]["fields"].get(name)
        if info is None:
            continue
        always_invisible = node.get("invisible") in ("1", "True")
        kind = info.get("type")
        if kind == "many2one":
            spec[name] = {"fields": {} if always_invisible else {"display_name": {}}}
        elif kind in ("one2many", "many2many"):
            spec[name] = {} if always_invisible else x2many_spec(node, info, models)
        else:
            spec.setdefault(name, {})
    return spec


def field_nodes(root):
    """The ``<field>`` nodes of ``root`` not inside another field."""
    for child in root:
        if not isinstance(child.tag, str):
            continue
        if child.tag == "field":
            yield child
        else:
            yield from field_nodes(child)


def x2many_spec(node, info, models):
    subviews = {child.tag: child for child in node if child.tag in ("list", "kanban")}
    subview = subviews.get("list", subviews.get("kanban"))
    comodel = info["relation"]
    if subview is None:
        names = WIDGET_FIELDS.get(node.get("widget"), ("display_name",))
        return {"fields": {name: {} for name in names}}
    spec = {
        "fields": node_spec(subview, comodel, models),
        "limit": int(subview.get("limit") or X2MANY_LIMIT),
    }
    if subview.get("default_order"):
        spec["order"] = subview.get("default_order")
    return spec


def rows_shown(values, spec):
    """``{x2many field: (ids sent, rows read with their columns)}`` of one
    record's values as ``web_read``/``onchange`` return them."""
    shown = {}
    for name, field_spec in spec.items():
        value = values.get(name)
        if "limit" in field_spec or (
            "fields" in field_spec and isinstance(value, list)
        ):
            if not isinstance(value, list):
                continue
            # web_read gives dicts; onchange gives commands (code, id, values)
            read = [
                v
                for v in value
                if (isinstance(v, dict) and len(v) > 1)
                or (isinstance(v, (list, tuple)) and len(v) == 3 and v[2])
            ]
            shown[name] = (len(value), len(read))
    return shown


def build_customer(registry, invoices, as_of):
    """One customer with ``invoices`` overdue invoices posted together, its
    case opened by the daily run, three contacts and a promise on it; a
    collector (collection user and invoicing) who owns it.  Returns the ids
    ``{"partner", "case", "user"}`` and the case's invoice count."""
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        env.company.ar_credit_hold_enforced = False
        user = env["res.users"].create(
            {
                "name": "Bench Collector",
                "login": "bench_collector",
                "groups_id": [
                    Command.link(
                        env.ref("ar_overdue_management.group_ar_collection_user").id
                    ),
                    Command.link(env.ref("account.group_account_invoice").id),
                ],
            }
        )
        customer = env["res.partner"].create(
            {"name": "Bench Customer", "is_company": True, "user_id": user.id}
        )
        moves = env["account.move"].create(
            [
                {
                    "move_type": "out_invoice",
                    "partner_id": customer.id,
                    "invoice_date": as_of - timedelta(days=30 + i % 300),
                    "invoice_date_due": as_of - timedelta(days=1 + i % 300),
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "name": "Goods",
                                "quantity": 1,
                                "price_unit": 100.0 + i,
                                "tax_ids": [],
                            }
                        )
                    ],
                }
                for i in range(invoices)
            ]
        )
        moves.action_post()
        env["account.move"]._cron_overdue_refresh(as_of=as_of)
        case = env["ar.collection.case"].search([("partner_id", "=", customer.id)])
        for channel in ("phone", "letter", "email"):
            env["ar.collection.contact"].with_user(user).create(
                {"case_id": case.id, "channel": channel, "answer": "Will pay"}
            )
        env["ar.collection.promise"].create(
            {"case_id": case.id, "amount": 1000.0, "date": as_of + timedelta(days=5)}
        )
        cr.commit()
        ids = {"partner": customer.id, "case": case.id, "user": user.id}
        return ids, len(case.invoice_ids)


def make_accountant(registry):
    """An accountant who also manages credit and collection (billing
    administrator, credit and collection manager): the customer form shows
    them every button of the addon.  Committed; returns the user id."""
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        groups = [
            "account.group_account_manager",
            "ar_overdue_management.group_ar_credit_manager",
            "ar_overdue_management.group_ar_collection_manager",
        ]
        user = env["res.users"].create(
            {
                "name": "Bench Accountant",
                "login": "bench_accountant",
                "groups_id": [Command.link(env.ref(g).id) for g in groups],
            }
        )
        cr.commit()
        return user.id


def measure_call(registry, user_id, call, repeat, profile=None, setup=None):
    """Time ``call(env)`` ``repeat`` times as ``user_id``, each on a cold ORM
    cache and rolled back; one more call first (not counted) warms the
    registry's caches (views, access rules).  Returns seconds and queries
    (median, min, max) and the last call's result; with ``profile`` (a
    ``cProfile.Profile``), one more call runs under it, not counted;
    ``setup(env)``, when given, runs before each call, untimed."""
    times, queries = [], []
    result = None
    with registry.cursor() as cr:
        env = api.Environment(cr, user_id, {})
        for i in range(repeat + 1):
            if setup:
                setup(env)
            env.invalidate_all()
            start_q = odoo.sql_db.sql_counter
            start = time.perf_counter()
            result = call(env)
            elapsed = time.perf_counter() - start
            count = odoo.sql_db.sql_counter - start_q
            cr.rollback()
            if i:
                times.append(elapsed)
                queries.append(count)
        if profile:
            if setup:
                setup(env)
            env.invalidate_all()
            profile.enable()
            call(env)
            profile.disable()
            cr.rollback()
    if not times:  # profiled only
        return None, None, result
    return summarize(times), summarize(queries), result
