"""The template database: built once, updated when the addon changes, reset.

Building the data takes minutes (the ORM seeds), measuring takes seconds: so
the data live in a template ``arom_bench_<N>_<M>_<seed>`` that every
measurement copies.  Data first, addon second: the data are made without the
addon, which is then installed as on an existing database, and its own state
is reset so that a run starts as after a change of the tier table.
"""

import json
import os
import random
import time

from odoo import SUPERUSER_ID, api
from odoo.modules.registry import Registry

from .clones import clone_moves
from .common import ADDON, CUSTOMER_TYPES, addon_hash, log, run_odoo
from .data import build_seeds, make_customers, make_users
from .dbs import (
    close_odoo,
    copy_db,
    db_exists,
    drop_db,
    meta_get,
    meta_set,
    pg_cursor,
    rename_db,
    vacuum_analyze,
)

TEMPLATE_VERSION = "1"  # bump when the data shape built here changes
RESET_VERSION = "2"  # bump when reset_addon_state changes: templates are reset again


def template_name(args):
    return f"arom_bench_{args.customers}_{args.invoices}_{args.seed}"


def reset_addon_state(cr, as_of, markers=None):
    """No tier, due date, check date, customer status, warning activity or
    warning message; then every open customer invoice due for a check at
    ``as_of``, as a change of the tier table leaves it."""
    cr.execute(
        """
        UPDATE account_move
           SET overdue_tier_id = NULL, overdue_due_date = NULL,
               overdue_check_date = NULL
         WHERE overdue_tier_id IS NOT NULL OR overdue_due_date IS NOT NULL
            OR overdue_check_date IS NOT NULL
        """
    )
    cr.execute("DELETE FROM ar_partner_status")
    cr.execute(
        """
        DELETE FROM mail_activity WHERE activity_type_id IN (
            SELECT res_id FROM ir_model_data
             WHERE module = %s AND name = 'mail_activity_type_overdue_warning')
        """,
        [ADDON],
    )
    release_automatic_holds(cr)
    if markers:
        # the addon's warnings logged on customers, and the followers the
        # warning activities subscribed
        cr.execute(
            "DELETE FROM mail_message WHERE model = 'res.partner' AND id > %s",
            [markers["message"]],
        )
        cr.execute(
            "DELETE FROM mail_followers WHERE res_model = 'res.partner' AND id > %s",
            [markers["follower"]],
        )
    return mark_open_invoices_due(cr, as_of)


def release_automatic_holds(cr):
    """The automatic credit holds (when the addon has them) follow the
    customers' tiers: without statuses there is no tier hold either; manual
    holds stay."""
    cr.execute(
        "SELECT column_name FROM information_schema.columns "
        "WHERE table_schema = 'public' AND table_name = 'ar_partner_credit'"
    )
    credit_cols = {row[0] for row in cr.fetchall()}
    if {"hold_causes", "on_hold", "hold_since", "hold_manual"} <= credit_cols:
        cr.execute(
            "UPDATE ar_partner_credit "
            "SET hold_causes = NULL, on_hold = FALSE, hold_since = NULL "
            "WHERE hold_manual IS NOT TRUE AND (hold_causes IS NOT NULL OR on_hold)"
        )


def mark_open_invoices_due(cr, as_of):
    """``overdue_check_date = as_of`` on every posted customer document with
    an open receivable amount; returns how many."""
    cr.execute(
        """
        UPDATE account_move m
           SET overdue_check_date = %(as_of)s
         WHERE m.state = 'posted'
           AND m.move_type IN %(types)s
           AND EXISTS (
               SELECT 1 FROM account_move_line l
                 JOIN account_account a
                   ON a.id = l.account_id AND a.account_type = 'asset_receivable'
                WHERE l.move_id = m.id AND l.parent_state = 'posted'
                  AND l.reconciled IS NOT TRUE AND l.amount_residual > 0)
        """,
        {"as_of": as_of, "types": CUSTOMER_TYPES},
    )
    return cr.rowcount


def ensure_base_db(db_template):
    """A fresh machine has no base: make it, Odoo with `account`, no demo
    data (built under another name, renamed when complete)."""
    if db_exists(db_template):
        return
    log(f"Creating {db_template} with `account` (about a minute, once)")
    base_tmp = f"{db_template}_building"
    if db_exists(base_tmp):
        drop_db(base_tmp)
    run_odoo(base_tmp, "-i", "account", logfile=f"/tmp/{base_tmp}.log")
    close_odoo(base_tmp)
    rename_db(base_tmp, db_template)


def build_template(args, name, ref_date, logdir):
    """Data first, addon second: customers, seed invoices and clones are made
    on a database without the addon (so posting runs at core speed and the
    data do not depend on the addon's features), then the addon is installed
    as on an existing database and its own state is reset."""
    tmp = f"{name}_tmp"
    if db_exists(tmp):
        drop_db(tmp)
    t_build = time.perf_counter()
    ensure_base_db(args.db_template)
    log(f"Building template {name} from {args.db_template} (once; kept for later runs)")
    copy_db(args.db_template, tmp)
    built = fill_data(tmp, args, ref_date)
    close_odoo(tmp)
    vacuum_analyze(tmp)

    t0 = time.perf_counter()
    log(
        f"  installing the addon (odoo-bin -i {ADDON}; its post_init_hook classifies "
        "every posted invoice)"
    )
    run_odoo(tmp, "-i", ADDON, logfile=os.path.join(logdir, f"{name}.install.log"))
    log(f"  installed in {time.perf_counter() - t0:.1f}s")
    finish_template(tmp, args, ref_date, built)
    vacuum_analyze(tmp)
    rename_db(tmp, name)
    log(f"Template {name} built in {time.perf_counter() - t_build:.0f}s")


def fill_data(db, args, ref_date):
    """Users, customers, ORM seeds and SQL clones in ``db`` (committed).
    Returns what the template needs afterwards: the company, the warning
    owners, the markers of pre-existing messages and followers, the counts."""
    rng = random.Random(args.seed)
    registry = Registry(db)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        salespeople, risk_manager, collector = make_users(env)
        t0 = time.perf_counter()
        customers = make_customers(env, rng, args.customers, salespeople)
        cr.commit()
        log(f"  {len(customers)} customers in {time.perf_counter() - t0:.1f}s")
        cr.execute("SELECT COALESCE(MAX(id), 0) FROM mail_message")
        markers = {"message": cr.fetchone()[0]}
        cr.execute("SELECT COALESCE(MAX(id), 0) FROM mail_followers")
        markers["follower"] = cr.fetchone()[0]
        n_seeds = min(args.seed_invoices, args.invoices)
        seeds = build_seeds(env, rng, customers, n_seeds, ref_date)
        t0 = time.perf_counter()
        cloned = clone_moves(
            cr, rng, seeds, customers, args.invoices - len(seeds), ref_date
        )
        cr.commit()
        log(f"  clones in {time.perf_counter() - t0:.1f}s")
        return {
            "company_id": env.company.id,
            "user_ids": (risk_manager.id, collector.id),
            "markers": markers,
            "n_seeds": len(seeds),
            "cloned": cloned,
        }


def finish_template(db, args, ref_date, built):
    """With the addon installed: the warning owners on the company, the
    addon's state reset, and the metadata that later runs check."""
    with pg_cursor(db) as cr:
        cr.execute(
            "UPDATE res_company SET overdue_risk_manager_id = %s, "
            "overdue_collection_user_id = %s WHERE id = %s",
            [*built["user_ids"], built["company_id"]],
        )
        open_count = reset_addon_state(cr, ref_date, built["markers"])
        meta_set(
            cr,
            {
                "template_version": TEMPLATE_VERSION,
                "addon_hash": addon_hash(),
                "ref_date": ref_date.isoformat(),
                "customers": args.customers,
                "invoices": built["n_seeds"] + built["cloned"],
                "seed_invoices": built["n_seeds"],
                "cloned_invoices": built["cloned"],
                "open_invoices": open_count,
                "seed": args.seed,
                "markers": json.dumps(built["markers"]),
                "reset_version": RESET_VERSION,
            },
        )


def ensure_template(args, ref_date):
    """The template for these arguments: reused, updated when the addon's
    source (or the reset above) changed, or built; returns its name."""
    name = template_name(args)
    logdir = os.environ.get("TMPDIR", "/tmp")
    meta = meta_get(name) if db_exists(name) else {}
    if meta and (
        meta.get("template_version") != TEMPLATE_VERSION
        or meta.get("ref_date") != ref_date.isoformat()
    ):
        log(f"Template {name} was built differently ({meta}); rebuilding")
        drop_db(name)
        meta = {}
    if not meta:
        if db_exists(name):
            drop_db(name)
        build_template(args, name, ref_date, logdir)
        return name
    current = addon_hash()
    if meta.get("addon_hash") != current or meta.get("reset_version") != RESET_VERSION:
        update_template(name, meta, current, ref_date, logdir)
    else:
        log(f"Reusing template {name}")
    return name


def update_template(name, meta, current_hash, ref_date, logdir):
    """``-u`` the addon on a copy of the template, reset its state again, and
    put the copy in place only when all of it succeeded."""
    log(
        f"Addon (or this script's reset) changed since {name} was built: "
        f"updating it (-u {ADDON}) on a copy"
    )
    tmp = f"{name}_upd"
    copy_db(name, tmp)
    update_copy(tmp, meta, current_hash, ref_date, logdir)
    drop_db(name)
    rename_db(tmp, name)


def update_copy(db, meta, current_hash, ref_date, logdir):
    """``-u`` the addon on ``db`` (a copy of a template whose metadata is
    ``meta``) and reset the addon's state again."""
    run_odoo(db, "-u", ADDON, logfile=os.path.join(logdir, f"{db}.update.log"))
    with pg_cursor(db) as cr:
        # an update may have classified or warned: start clean again
        open_count = reset_addon_state(
            cr, ref_date, json.loads(meta.get("markers") or "null")
        )
        meta_set(
            cr,
            {
                "addon_hash": current_hash,
                "open_invoices": open_count,
                "reset_version": RESET_VERSION,
            },
        )
    vacuum_analyze(db)


def template_or_updated_copy(args, ref_date, copy_name):
    """The template for these arguments, left as it is: built when missing;
    when it was built from another version of the addon, ``copy_name``, a
    copy updated to this one (the caller drops it).  Returns the name of
    the database to copy from and whether it is that copy."""
    name = template_name(args)
    meta = meta_get(name) if db_exists(name) else {}
    current = addon_hash()
    if not meta or (
        meta.get("addon_hash") == current
        and meta.get("reset_version") == RESET_VERSION
        and meta.get("ref_date") == ref_date.isoformat()
    ):
        return ensure_template(args, ref_date), False
    if (
        meta.get("template_version") != TEMPLATE_VERSION
        or meta.get("ref_date") != ref_date.isoformat()
    ):
        raise SystemExit(
            f"{name} was built differently ({meta}): rebuild it with "
            "bench/bench_overdue.py"
        )
    log(
        f"{name} was built from another version of the addon: updating a copy "
        f"of it, {copy_name} (-u {ADDON}); the template stays as it is"
    )
    copy_db(name, copy_name)
    update_copy(copy_name, meta, current, ref_date, os.environ.get("TMPDIR", "/tmp"))
    close_odoo(copy_name)
    return copy_name, True
