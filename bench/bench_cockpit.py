#!/usr/bin/env python3
"""Benchmark of opening the managers' Collections dashboard and the
collector's Today screen on the daily run's benchmark data.

Run it with Odoo's Python (the script re-executes itself with it)::

    bench/bench_cockpit.py                       # 10,000 customers, 100,000 invoices
    bench/bench_cockpit.py --repeat 10 --keep    # keep the prepared copy
    bench/bench_cockpit.py --reuse               # measure the kept copy again

The template ``arom_bench_<N>_<M>_<seed>`` of ``bench_overdue.py`` is built
when missing.  A copy of it (``<template>_cockpit``, the addon updated with
``-u`` and the dashboard glue installed) is prepared as
``arom_bench.cockpit_data`` describes: cases opened by the first daily run,
its letters, 13 month ends of history, a week of collection work (contacts,
promises, next actions, portal answers), scorecards, write-off requests.
Then, the morning after the last day of work, it times what the server does
when the web client opens:

(D) the Collections dashboard: the calls ``arom_bench.client_calls``
    derives from the spreadsheet (dashboard, ``fields_get``, one
    ``read_group`` per pivot section, one ``web_search_read`` per list);
(T) Today: the kanban's ``web_search_read`` (the view's fields, the
    action's default filters "My Cases" and "Needs Action Today", its
    order and limit, with the record count) and ``today_figures``;

as a collector who owns a share of the cases and as the collection manager
(and (T*) Today of the manager with "My Cases" removed: everyone's day).
Each call runs in its own transaction (a fresh environment and cache, as a
request has), after one unmeasured opening that warms the registry's
caches; figures are medians of ``--repeat`` openings, with the SQL queries
counted by Odoo's global counter.  The last line on stdout is a JSON object.
"""

import os

os.environ["TZ"] = "UTC"

from arom_bench.bootstrap import use_odoo_python  # noqa: E402

use_odoo_python(__file__)

import argparse  # noqa: E402
import cProfile  # noqa: E402
import hashlib  # noqa: E402
import json  # noqa: E402
import time  # noqa: E402
from datetime import date  # noqa: E402

import odoo.api  # noqa: E402
import odoo.sql_db  # noqa: E402
from arom_bench.client_calls import dashboard_calls, today_calls  # noqa: E402
from arom_bench.cockpit_data import COLLECTORS, MANAGER, Plan, on_day  # noqa: E402
from arom_bench.common import configure_odoo, git_state, log  # noqa: E402
from arom_bench.dbs import drop_db  # noqa: E402
from arom_bench.measure import SqlLog, summarize, write_profiles  # noqa: E402
from arom_bench.prepared import add_prepared_args, prepared_copy  # noqa: E402
from odoo import SUPERUSER_ID, api  # noqa: E402
from odoo.modules.registry import Registry  # noqa: E402
from odoo.tools.json import json_default  # noqa: E402

GOAL_SECONDS = 0.5
#: the real clock, kept where freezegun does not swap it (it replaces the
#: module-level references to the clock functions while a day is frozen)
CLOCK = {"perf_counter": time.perf_counter}


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_prepared_args(parser, customers=10000, invoices=100000, days=7)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--work-per-day", type=int, default=40, help="contacts a day per case owner"
    )
    parser.add_argument("--no-letters", action="store_true", help="no dunning run")
    parser.add_argument("--profile", metavar="DIR", help="one more profiled opening")
    return parser.parse_args()


def user_ids(registry):
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        users = env["res.users"].search([("login", "in", (COLLECTORS[0], MANAGER))])
        by_login = {user.login: user for user in users}
        return {
            "collector": by_login[COLLECTORS[0]].id,
            "manager": by_login[MANAGER].id,
        }


def user_context(env):
    """The context the web client sends with every call."""
    user = env.user
    return {
        "lang": user.lang or "en_US",
        "tz": user.tz or "UTC",
        "uid": user.id,
        "allowed_company_ids": [user.company_id.id],
    }


def run_call(registry, uid, call):
    """One call as a request runs it: its own transaction, the user's
    context, the result serialized; returns (seconds, queries, result)."""
    model, method, args, kwargs = call
    with registry.cursor() as cr:
        env = api.Environment(cr, uid, {})
        kwargs = {
            **kwargs,
            "context": {**user_context(env), **kwargs.get("context", {})},
        }
        clock = CLOCK["perf_counter"]
        q0 = odoo.sql_db.sql_counter
        t0 = clock()
        result = odoo.api.call_kw(env[model], method, args, kwargs)
        json.dumps(result, default=json_default)
        seconds = clock() - t0
        queries = odoo.sql_db.sql_counter - q0
        cr.rollback()
    return seconds, queries, result


def open_screen(registry, uid, calls):
    """Every call of a screen in the client's order; the rest of a pivot
    only when its total counts records.  Returns per-call figures."""
    out, skip = [], False
    for label, call, follow in calls:
        if follow == "rest" and skip:
            continue
        seconds, queries, result = run_call(registry, uid, call)
        if follow == "total":
            skip = not (result and result[0].get("__count"))
        out.append(
            {"label": label, "seconds": seconds, "queries": queries, "result": result}
        )
    return out


def screen_calls(registry, uid, screen):
    with registry.cursor() as cr:
        env = api.Environment(cr, uid, {})
        if screen == "dashboard":
            return dashboard_calls(env)
        return today_calls(env, with_my_cases=screen == "today")


def measure_screen(registry, uid, screen, repeat):
    """``repeat`` openings after a warming one: medians of the total and
    of each call, what the screen shows."""
    calls = screen_calls(registry, uid, screen)
    open_screen(registry, uid, calls)
    runs = [open_screen(registry, uid, calls) for _i in range(repeat)]
    totals = [sum(c["seconds"] for c in run) for run in runs]
    queries = [sum(c["queries"] for c in run) for run in runs]
    per_call = [
        {
            "label": first["label"],
            "ms": summarize([run[i]["seconds"] * 1000 for run in runs])["median"],
            "queries": summarize([run[i]["queries"] for run in runs])["median"],
        }
        for i, first in enumerate(runs[0])
    ]
    return {
        "seconds": summarize(totals),
        "queries": summarize(queries),
        "calls": len(runs[0]),
        "per_call": per_call,
        "shows": shown(runs[0]),
    }


def shown(run):
    """What the screen shows, to compare versions: rows of each list or
    kanban, the kanban's count and a digest of its page."""
    out = {}
    for call in run:
        result = call["result"]
        if isinstance(result, dict) and "records" in result:
            ids = [r["id"] for r in result["records"]]
            out[call["label"]] = {
                "length": result["length"],
                "rows": len(ids),
                "page_sha1": hashlib.sha1(str(ids).encode()).hexdigest()[:12],
            }
    return out


def today_cross_check(registry):
    """The cases the Today search finds, for "needs action today" and for
    each reason, against the reasons computed case by case (as the cards
    show them) on every open case: ``differ`` 0 means identical."""
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        cases = env["ar.collection.case"]
        opened = cases.search([("stage", "!=", "closed")])
        computed = opened._today_reasons(on_day_today(env))
        expected = {key for key, reasons in computed.items() if reasons}
        got = set(cases.search([("today_reason", "!=", False)]).ids)
        out = {"needs_action": {"cases": len(got), "differ": len(expected ^ got)}}
        for reason, _label in cases._fields["today_reason"].selection:
            expected = {key for key, reasons in computed.items() if reason in reasons}
            got = set(cases.search([("today_reason", "=", reason)]).ids)
            out[reason] = {"cases": len(got), "differ": len(expected ^ got)}
        return out


def on_day_today(env):
    return odoo.fields.Date.context_today(env["ar.collection.case"])


SCREENS = (
    ("dashboard", "collector"),
    ("dashboard", "manager"),
    ("today", "collector"),
    ("today", "manager"),
    ("today_all", "manager"),
)


def profile_screens(registry, users, profile_dir):
    """One more opening of each screen under cProfile and the SQL log."""
    os.makedirs(profile_dir, exist_ok=True)
    sql_log = SqlLog()
    profiles = {}
    for screen, who in SCREENS:
        calls = screen_calls(registry, users[who], screen)
        prof = cProfile.Profile()
        sql_log.active = True
        prof.enable()
        open_screen(registry, users[who], calls)
        prof.disable()
        sql_log.active = False
        sql_log.dump(os.path.join(profile_dir, f"sql_{screen}_{who}.txt"))
        profiles[f"{screen}_{who}"] = prof
    write_profiles(profiles, profile_dir)


def print_table(results):
    print(
        f"{'screen':<11} {'user':<10} {'median ms':>10} {'min-max ms':>15} "
        f"{'queries':>8} {'calls':>6}  shows"
    )
    for key, res in results.items():
        screen, who = key.split("/")
        sec, q = res["seconds"], res["queries"]
        shows = "; ".join(
            f"{label.split()[0]} {s['rows']}/{s['length']}"
            for label, s in res["shows"].items()
        )
        mark = "" if sec["median"] < GOAL_SECONDS else "  OVER 0.5 s"
        print(
            f"{screen:<11} {who:<10} {sec['median'] * 1000:10.1f} "
            f"{sec['min'] * 1000:7.1f}-{sec['max'] * 1000:<7.1f} {q['median']:8.0f} "
            f"{res['calls']:6d}  {shows}{mark}"
        )
    print("\nper call (median ms, queries):")
    for key, res in results.items():
        calls = ", ".join(
            f"{c['label']} {c['ms']:.1f}/{c['queries']:.0f}" for c in res["per_call"]
        )
        print(f"  {key}: {calls}")


def main():
    args = parse_args()
    configure_odoo()
    plan = Plan(
        as_of=date.fromisoformat(args.as_of),
        days=args.days,
        work_per_day=args.work_per_day,
        letters=not args.no_letters,
        seed=args.seed,
    )
    db, facts = prepared_copy(args, plan, "cockpit")
    registry = Registry(db)
    users = user_ids(registry)
    results = {}
    with on_day(plan.screen_day, hour=10):
        for screen, who in SCREENS:
            log(f"{screen} as {who}: {args.repeat} openings")
            results[f"{screen}/{who}"] = measure_screen(
                registry, users[who], screen, args.repeat
            )
        cross = today_cross_check(registry)
        if args.profile:
            profile_screens(registry, users, args.profile)
    print_table(results)
    print(f"\nToday's search against the reasons of every open case: {cross}")
    if not args.keep:
        drop_db(db)
    print(
        json.dumps(
            {
                "db": db,
                "commit": git_state(),
                "screen_day": plan.screen_day,
                "repeat": args.repeat,
                "data": facts,
                "results": results,
                "today_cross_check": cross,
            },
            default=str,
        )
    )


if __name__ == "__main__":
    main()
