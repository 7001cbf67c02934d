#!/usr/bin/env python3
"""Benchmark of the forms a collector opens for one customer with many
open invoices: the customer, its collection case, the dunning letter window.

Run it with Odoo's Python (the script re-executes itself with it)::

    bench/bench_forms.py                           # 5,000 invoices, 20 opens each
    bench/bench_forms.py --invoices 500 --repeat 10
    bench/bench_forms.py --profile /tmp/prof       # + cProfile of the screens over 0.2 s

The data are built once into the template database
``arom_bench_forms_<N>`` (``--db-template`` with the addon installed, one
customer with N overdue invoices posted together through the ORM, its case
opened by the daily run, three contacts and a promise) and kept; when the
addon's source changed the template is updated with ``-u`` on a copy.  The
screens are measured on a copy of it, as the collector who owns the case,
each call on a cold ORM cache and rolled back:

- customer form: ``res.partner.web_read`` with the form view's specification,
  as the collector and as an accountant who manages credit and collection
  (more buttons and fields);
- case form: ``ar.collection.case.web_read`` likewise;
- dunning letter window, opened from the case and from the customer (the
  action menu's "Send Dunning Letters"): ``onchange`` of a new wizard with
  the active records in the context (``default_get`` and the onchanges);
- its "Prepare" button (not a screen that opens, shown for scale):
  ``web_save`` of the new wizard, ``action_prepare``, ``web_read`` of the
  wizard it returns.

Figures: median, min and max server milliseconds over ``--repeat`` calls,
SQL queries, and for each x2many the ids sent and the rows read with
their columns.  The last line on stdout is a JSON object.
"""

import os

os.environ["TZ"] = "UTC"

from arom_bench.bootstrap import use_odoo_python  # noqa: E402

use_odoo_python(__file__)

import argparse  # noqa: E402
import cProfile  # noqa: E402
import json  # noqa: E402
from datetime import date  # noqa: E402

from arom_bench.common import addon_hash, configure_odoo, git_state, log, run_odoo  # noqa: E402
from arom_bench.dbs import (  # noqa: E402
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
from arom_bench.forms import (  # noqa: E402
    build_customer,
    make_accountant,
    measure_call,
    rows_shown,
    view_spec,
)
from arom_bench.measure import write_profiles  # noqa: E402
from arom_bench.template import ensure_base_db  # noqa: E402
from odoo import Command, api  # noqa: E402
from odoo.modules.registry import Registry  # noqa: E402

GOAL_SECONDS = 0.2
WIZARD = "ar.dunning.send.wizard"


def ensure_template(args):
    """The template with the customer, built once; ``-u`` on a copy when the
    addon changed.  Returns its name and metadata."""
    name = f"arom_bench_forms_{args.invoices}"
    meta = meta_get(name) if db_exists(name) else {}
    if not meta.get("ids"):
        if db_exists(name):
            drop_db(name)
        ensure_base_db(args.db_template)
        tmp = f"{name}_tmp"
        copy_db(args.db_template, tmp)
        log(f"building {name}: installing the addon")
        run_odoo(tmp, "-i", "ar_overdue_management", logfile=f"/tmp/{tmp}.log")
        as_of = date.today()
        log(f"creating and posting {args.invoices} overdue invoices (once)")
        ids, count = build_customer(Registry(tmp), args.invoices, as_of)
        close_odoo(tmp)
        with pg_cursor(tmp) as cr:
            meta_set(
                cr,
                {
                    "ids": json.dumps(ids),
                    "invoices": count,
                    "as_of": as_of.isoformat(),
                    "addon_hash": addon_hash(),
                },
            )
        vacuum_analyze(tmp)
        rename_db(tmp, name)
    elif meta.get("addon_hash") != addon_hash():
        log(f"the addon changed since {name} was built: -u on a copy")
        tmp = f"{name}_upd"
        copy_db(name, tmp)
        run_odoo(tmp, "-u", "ar_overdue_management", logfile=f"/tmp/{tmp}.log")
        with pg_cursor(tmp) as cr:
            meta_set(cr, {"addon_hash": addon_hash()})
        drop_db(name)
        rename_db(tmp, name)
    else:
        log(f"reusing {name}")
    return name, meta_get(name)


def screens(ids, accountant_id):
    """``(label, model, call, setup, user)`` of each measured screen;
    ``call(env, spec)`` returns the values of the record shown; ``setup``
    (untimed) makes the case call for a letter: its promise, which pauses
    the letters, is taken as broken (rolled back afterwards)."""
    case_ctx = {
        "active_model": "ar.collection.case",
        "active_id": ids["case"],
        "active_ids": [ids["case"]],
    }
    partner_ctx = {
        "active_model": "res.partner",
        "active_id": ids["partner"],
        "active_ids": [ids["partner"]],
    }

    def read(model, res_id):
        return lambda env, spec: env[model].browse(res_id).web_read(spec)[0]

    def open_wizard(ctx):
        def call(env, spec):
            wizard = env[WIZARD].with_context(**ctx)
            return wizard.browse().onchange({}, [], spec)["value"]

        return call

    def promise_broken(env):
        env.cr.execute(
            "UPDATE ar_collection_promise SET state = 'broken' WHERE case_id = %s",
            [ids["case"]],
        )

    def prepare(env, spec):
        wizard = env[WIZARD].with_context(**case_ctx)
        values = {
            "case_ids": [Command.set([ids["case"]])],
            "send_email": True,
            "download": False,
        }
        saved = wizard.web_save(values, spec)[0]
        action = wizard.browse(saved["id"]).action_prepare()
        return env[WIZARD].browse(action["res_id"]).web_read(spec)[0]

    collector = ids["user"]
    customer = read("res.partner", ids["partner"])
    case = read("ar.collection.case", ids["case"])
    return [
        ("customer form", "res.partner", customer, None, collector),
        ("customer form (accountant)", "res.partner", customer, None, accountant_id),
        ("case form", "ar.collection.case", case, None, collector),
        (
            "dunning window from the case",
            WIZARD,
            open_wizard(case_ctx),
            None,
            collector,
        ),
        (
            "dunning window from the customer",
            WIZARD,
            open_wizard(partner_ctx),
            None,
            collector,
        ),
        (
            "dunning window: Prepare (for scale)",
            WIZARD,
            prepare,
            promise_broken,
            collector,
        ),
    ]


#: the Prepare button creates letters: a few calls are enough
PREPARE_REPEAT = 5


def measure(db, ids, args):
    registry = Registry(db)
    results = []
    profiles = {}
    accountant_id = make_accountant(registry)
    for label, model, call, setup, user_id in screens(ids, accountant_id):
        with registry.cursor() as cr:
            spec = view_spec(api.Environment(cr, user_id, {}), model)
        repeat = min(args.repeat, PREPARE_REPEAT) if "Prepare" in label else args.repeat
        log(f"  {label}: {repeat} cold calls")
        seconds, queries, values = measure_call(
            registry,
            user_id,
            lambda env, c=call, s=spec: c(env, s),
            repeat,
            setup=setup,
        )
        if args.profile and seconds["median"] * 1000 > args.profile_over:
            profile = cProfile.Profile()
            measure_call(
                registry,
                user_id,
                lambda env, c=call, s=spec: c(env, s),
                0,
                profile=profile,
                setup=setup,
            )
            key = label.replace(":", "").replace(" ", "_")
            profiles[key] = profile
        results.append(
            {
                "screen": label,
                "model": model,
                "seconds": seconds,
                "queries": queries,
                "fields": len(spec),
                "rows": {
                    name: {"ids": sent, "read": read}
                    for name, (sent, read) in rows_shown(values, spec).items()
                },
            }
        )
    if profiles:
        os.makedirs(args.profile, exist_ok=True)
        write_profiles(profiles, args.profile)
    return results


def print_table(results, invoices):
    print(
        f"\nOne customer, {invoices} open invoices; server time per call, cold cache\n"
    )
    print(
        "| screen | median ms (min-max) | queries | x2many rows: ids sent / rows read |"
    )
    print("| --- | --- | --- | --- |")
    for r in results:
        s, q = r["seconds"], r["queries"]
        rows = ", ".join(
            f"{name} {v['ids']}/{v['read']}"
            for name, v in r["rows"].items()
            if v["ids"]
        )
        flag = " **over 0.2 s**" if s["median"] > GOAL_SECONDS else ""
        print(
            f"| {r['screen']} | {s['median'] * 1000:.1f} "
            f"({s['min'] * 1000:.1f}-{s['max'] * 1000:.1f}){flag} "
            f"| {q['median']:.0f} | {rows or '-'} |"
        )
    print()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--invoices", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--db-template", default="arom_bench_base")
    parser.add_argument(
        "--profile",
        metavar="DIR",
        help="one more call (not counted) of each screen over --profile-over ms "
        "under cProfile: DIR/run_<screen>.{pstats,txt}",
    )
    parser.add_argument("--profile-over", type=float, default=GOAL_SECONDS * 1000)
    parser.add_argument("--keep", action="store_true", help="keep the measured copy")
    parser.add_argument("--drop-template", action="store_true")
    args = parser.parse_args()
    configure_odoo()
    template, meta = ensure_template(args)
    ids = json.loads(meta["ids"])
    db = f"{template}_run"
    copy_db(template, db)
    log(f"measuring on {db} (copy of {template})")
    results = measure(db, ids, args)
    print_table(results, int(meta["invoices"]))
    if not args.keep:
        drop_db(db)
    if args.drop_template:
        drop_db(template)
    print(
        json.dumps(
            {
                "invoices": int(meta["invoices"]),
                "repeat": args.repeat,
                "commit": git_state(),
                "screens": results,
            }
        )
    )


if __name__ == "__main__":
    main()
