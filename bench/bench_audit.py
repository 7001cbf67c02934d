#!/usr/bin/env python3
"""Benchmark of an internal audit sample: drawing the cases and running
their checks on a population of about 10,000 collection cases.

Run it with Odoo's Python (the script re-executes itself with it)::

    bench/bench_audit.py                        # 13,000 customers, 200 cases drawn
    bench/bench_audit.py --size 200 --repeat 5 --keep
    bench/bench_audit.py --reuse                # measure the kept copy again

The template ``arom_bench_<N>_<M>_<seed>`` of ``bench_overdue.py`` is built
when missing (13,000 customers and 130,000 invoices by default: the first
daily run opens a case for about 10,000 of them).  A copy of it
(``<template>_audit``) is prepared as ``arom_bench.cockpit_data`` describes,
with ``--days`` days of collection work (contacts, promises, letters,
portal answers, write-off requests), and an auditor user is added.

Then an auditor draws a sample of ``--size`` cases over the period of the
work (``action_draw``: the population read, the cases always checked, the
strata, the draw from the seed, then the eight checks of every case drawn,
their evidence written), each time in its own transaction rolled back
afterwards, after one unmeasured draw that warms the registry's caches.
The figures are the median, min and max server time and SQL queries; the
same seed draws the same cases every time (checked).  The last line on
stdout is a JSON object.
"""

import os

os.environ["TZ"] = "UTC"

from arom_bench.bootstrap import use_odoo_python  # noqa: E402

use_odoo_python(__file__)

import argparse  # noqa: E402
import cProfile  # noqa: E402
import json  # noqa: E402
import time  # noqa: E402
from datetime import date  # noqa: E402

import odoo.sql_db  # noqa: E402
from arom_bench.cockpit_data import Plan, on_day  # noqa: E402
from arom_bench.common import configure_odoo, git_state, log  # noqa: E402
from arom_bench.dbs import drop_db  # noqa: E402
from arom_bench.measure import summarize, write_profiles  # noqa: E402
from arom_bench.prepared import add_prepared_args, prepared_copy  # noqa: E402
from odoo import SUPERUSER_ID, Command, api  # noqa: E402
from odoo.modules.registry import Registry  # noqa: E402

AUDITOR = "bench_auditor"
GOAL_SECONDS = 5.0
SEED = 20260705
CLOCK = {"perf_counter": time.perf_counter}


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_prepared_args(parser, customers=13000, invoices=130000, days=2)
    parser.add_argument("--size", type=int, default=200, help="cases to draw")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--profile", metavar="DIR", help="one more profiled draw")
    return parser.parse_args()


def add_auditor(env):
    """An internal auditor of the bench's company."""
    env["res.users"].create(
        {
            "name": "Bench Auditor",
            "login": AUDITOR,
            "groups_id": [
                Command.set([env.ref("ar_overdue_management.group_ar_auditor").id])
            ],
        }
    )


def with_auditor(db):
    with Registry(db).cursor() as cr:
        add_auditor(api.Environment(cr, SUPERUSER_ID, {}))
        cr.commit()


def draw_once(registry, uid, period, size):
    """One sample drawn and checked by the auditor, as the button does, in
    its own transaction rolled back; returns (seconds, queries, what it
    drew)."""
    with registry.cursor() as cr:
        env = api.Environment(cr, uid, {"tz": "UTC", "lang": "en_US"})
        sample = env["ar.audit.sample"].create(
            {
                "date_from": period[0],
                "date_to": period[1],
                "size": size,
                "seed": SEED,
            }
        )
        env.flush_all()
        clock = CLOCK["perf_counter"]
        q0 = odoo.sql_db.sql_counter
        t0 = clock()
        sample.action_draw()
        env.flush_all()
        seconds = clock() - t0
        queries = odoo.sql_db.sql_counter - q0
        drawn = {
            "population": sample.population_count,
            "forced": sample.forced_count,
            "cases": len(sample.line_ids),
            "checks": len(sample.line_ids.check_ids),
            "failed_checks": sample.failed_check_count,
            "case_ids": sorted(sample.line_ids.case_id.ids),
        }
        cr.rollback()
    return seconds, queries, drawn


def main():
    args = parse_args()
    configure_odoo()
    plan = Plan(as_of=date.fromisoformat(args.as_of), days=args.days, seed=args.seed)
    db, facts = prepared_copy(args, plan, "audit", finish=with_auditor)
    registry = Registry(db)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        uid = env["res.users"].search([("login", "=", AUDITOR)]).id
    period = (plan.as_of, plan.screen_day)
    with on_day(plan.screen_day, hour=11):
        log(f"warming draw, then {args.repeat} draws of {args.size} cases")
        draw_once(registry, uid, period, args.size)
        runs = [
            draw_once(registry, uid, period, args.size) for _i in range(args.repeat)
        ]
        if args.profile:
            os.makedirs(args.profile, exist_ok=True)
            prof = cProfile.Profile()
            prof.enable()
            draw_once(registry, uid, period, args.size)
            prof.disable()
            write_profiles({"audit_draw": prof}, args.profile)
    seconds = summarize([run[0] for run in runs])
    queries = summarize([run[1] for run in runs])
    drawn = runs[0][2]
    same = all(run[2]["case_ids"] == drawn["case_ids"] for run in runs)
    mark = "" if seconds["median"] < GOAL_SECONDS else f"  OVER {GOAL_SECONDS:g} s"
    print(
        f"population {drawn['population']} cases ({drawn['forced']} always checked); "
        f"drawn {drawn['cases']}, {drawn['checks']} checks, "
        f"{drawn['failed_checks']} failed"
    )
    print(
        f"draw and checks: median {seconds['median']:.2f} s "
        f"(min {seconds['min']:.2f}, max {seconds['max']:.2f}), "
        f"{queries['median']:.0f} queries; same cases from the seed every time: "
        f"{same}{mark}"
    )
    if not args.keep:
        drop_db(db)
    drawn.pop("case_ids")
    print(
        json.dumps(
            {
                "db": db,
                "commit": git_state(),
                "period": period,
                "size": args.size,
                "repeat": args.repeat,
                "data": facts,
                "drawn": drawn,
                "same_draw": same,
                "seconds": seconds,
                "queries": queries,
            },
            default=str,
        )
    )


if __name__ == "__main__":
    main()
