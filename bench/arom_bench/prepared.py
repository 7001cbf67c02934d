"""A prepared copy of the daily run's template, kept between runs: the
template copied, the addon updated and the dashboard glue installed, the
collection team's days played (``cockpit_data.prepare``), then what the
bench adds; ``--reuse`` measures it again, updated when the addon changed.
Shared by the benches that measure screens and work on that data."""

import json

from .cockpit_data import prepare
from .common import ADDON, addon_hash, log, run_odoo
from .dbs import copy_db, db_exists, meta_get, meta_set, pg_cursor, vacuum_analyze
from .template import ensure_template, template_name

GLUE = "ar_overdue_management_spreadsheet"


def add_prepared_args(parser, customers, invoices, days):
    """The options of a bench on a prepared copy: which template, how many
    days of work, keep or reuse the copy; sets what bench_overdue.py builds
    the template with."""
    parser.add_argument("--customers", type=int, default=customers)
    parser.add_argument("--invoices", type=int, default=invoices)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--as-of", default="2026-06-30")
    parser.add_argument(
        "--days", type=int, default=days, help="days of collection work"
    )
    parser.add_argument("--keep", action="store_true", help="keep the prepared copy")
    parser.add_argument(
        "--reuse", action="store_true", help="measure the kept copy (updated with -u)"
    )
    parser.set_defaults(db_template="arom_bench_base", seed_invoices=300)


def prepared_copy(args, plan, suffix, finish=None):
    """``(database, what it holds)``: ``<template>_<suffix>``, kept from an
    earlier run when ``args.reuse``, else made from the template (built
    when missing), prepared after ``plan``, then ``finish(db)`` if given."""
    template = template_name(args)
    db = f"{template}_{suffix}"
    key = f"{suffix}_data"
    if args.reuse and db_exists(db):
        if meta_get(db).get("addon_hash") != addon_hash():
            log(f"reusing {db}: the addon changed, updating it")
            run_odoo(db, "-u", f"{ADDON},{GLUE}", logfile=f"/tmp/{db}.log")
            _set_meta(db, key)
        return db, json.loads(meta_get(db).get(key) or "null")
    if not db_exists(template):
        ensure_template(args, plan.as_of)
    copy_db(template, db)
    log(f"updating the addon and installing {GLUE} in {db}")
    run_odoo(db, "-u", ADDON, "-i", GLUE, logfile=f"/tmp/{db}.log")
    facts = prepare(db, plan)
    if finish:
        finish(db)
    _set_meta(db, key, facts)
    vacuum_analyze(db)
    return db, facts


def _set_meta(db, key, facts=None):
    """The addon's source hash (and what the copy holds) in the copy's
    ``arom_bench_meta``: ``--reuse`` updates it only when the addon changed."""
    values = {"addon_hash": addon_hash()}
    if facts is not None:
        values[key] = json.dumps(facts)
    with pg_cursor(db) as cr:
        meta_set(cr, values)
