#!/usr/bin/env python3
"""Benchmark of the monthly credit rating, alone: measurement (e) of
``bench_overdue.py`` without the daily runs around it.

Run it with Odoo's Python (the script re-executes itself with it)::

    bench/bench_overdue.py --customers 10000 --invoices 100000   # builds the data, once
    bench/bench_rating.py --template arom_bench_10000_100000_42 --repeat 5
    bench/bench_rating.py --template arom_bench_13000_130000_42 --profile /tmp/prof

1. Once, a base ``<template>_rating``: a copy of the template, the addon
   updated (``-u``), then the daily run at ``--as-of`` and the day after,
   committed, as (a) and (b) of ``bench_overdue.py`` leave it (customer
   statuses, tiers, warnings, holds).  It is kept and reused (``--rebuild``
   makes it again), so that two versions of the addon are measured on the
   same state: build it with one, measure with both.
2. ``--repeat`` times, on a fresh copy of the base: ``_cron_credit_rate`` at
   as_of + 1 called until nothing remains, one committed transaction per
   batch as the cron runner does (what (e) measures).  With ``--profile``,
   one more run (not counted) under cProfile, with the time of each SQL
   statement by the addon function that sent it.

Figures: seconds (median, min, max), queries, customers, batches, and a
fingerprint of what the rating wrote (standings, history, messages,
activities, hold events, credit limits; no ids, dates of writing or
message ids), equal for two versions that rate alike.  The last line on stdout is a JSON object.
"""

import os

os.environ["TZ"] = "UTC"

from arom_bench.bootstrap import use_odoo_python  # noqa: E402

use_odoo_python(__file__)

import argparse  # noqa: E402
import cProfile  # noqa: E402
import json  # noqa: E402
from datetime import date, timedelta  # noqa: E402

from arom_bench.common import configure_odoo, git_state, log, run_odoo  # noqa: E402
from arom_bench.dbs import close_odoo, copy_db, db_exists, drop_db, pg_cursor  # noqa: E402
from arom_bench.measure import (  # noqa: E402
    Probe,
    SqlLog,
    cron_loop,
    rating_loop,
    summarize,
    write_profiles,
)
from odoo.modules.registry import Registry  # noqa: E402

#: What the rating writes, reduced to one row per table: two versions that
#: rate alike give the same rows.
FINGERPRINT = {
    "standings": """
        SELECT count(*), md5(string_agg(concat_ws('|', partner_id, company_id, score,
               computed_grade, grade, rating_date, no_credit, on_hold, hold_causes,
               override_grade), ',' ORDER BY partner_id, company_id))
          FROM ar_partner_credit
    """,
    "history": """
        SELECT count(*), md5(string_agg(concat_ws('|', partner_id, company_id, date, score, grade, computed_grade, trigger, user_id, reason,
               on_time_share, avg_days_late, lateness_trend, overdue_ratio,
               max_days_overdue, disputed_count, broken_promises, industry_risk,
               manual_adjustment, score_on_time, score_days_late,
               score_overdue_ratio, score_max_days, score_disputes,
               score_broken_promises), ','
               ORDER BY partner_id, company_id, date, trigger, id))
          FROM ar_credit_rating
    """,
    "hold_events": """
        SELECT count(*), md5(string_agg(concat_ws('|', partner_id, company_id, user_id,
               kind, causes_before, causes, description, reason, authorised), ','
               ORDER BY partner_id, company_id, kind, causes))
          FROM ar_credit_hold_event WHERE id > %(event)s
    """,
    "messages": """
        SELECT count(*), md5(string_agg(concat_ws('|', model, res_id, body,
               message_type, subtype_id, author_id), ',' ORDER BY res_id, body))
          FROM mail_message WHERE id > %(message)s
    """,
    "activities": """
        SELECT count(*), md5(string_agg(concat_ws('|', res_model, res_id,
               activity_type_id, user_id, date_deadline, summary, note), ','
               ORDER BY res_model, res_id, summary))
          FROM mail_activity WHERE id > %(activity)s
    """,
    "credit_limits": """
        SELECT count(*), md5(string_agg(concat_ws('|', id, credit_limit), ','
               ORDER BY id))
          FROM res_partner WHERE credit_limit IS NOT NULL
    """,
}


def build_base(template, base, as_of):
    """The base: the template, updated, after the daily runs of as_of and
    the day after."""
    log(f"building {base} from {template}")
    copy_db(template, base)
    run_odoo(base, "-u", "ar_overdue_management", logfile=f"/tmp/{base}.log")
    registry = Registry(base)
    probe = Probe(registry)
    for day in (as_of, as_of + timedelta(days=1)):
        out = cron_loop(registry, probe, day, None)
        log(f"  daily run of {day}: {out['seconds']:.1f} s, {out['invoices']} invoices")
    close_odoo(base)


def markers(db):
    with pg_cursor(db) as cur:
        cur.execute(
            "SELECT (SELECT COALESCE(max(id), 0) FROM mail_message),"
            " (SELECT COALESCE(max(id), 0) FROM mail_activity),"
            " (SELECT COALESCE(max(id), 0) FROM ar_credit_hold_event)"
        )
        message, activity, event = cur.fetchone()
    return {"message": message, "activity": activity, "event": event}


def fingerprint(db, marks):
    with pg_cursor(db) as cur:
        out = {}
        for key, query in FINGERPRINT.items():
            cur.execute(query, marks)
            out[key] = list(cur.fetchone())
    return out


def one_run(base, db, day, profile_dir=None, sql_log=None):
    """Rate on a fresh copy of the base; its figures and fingerprint."""
    copy_db(base, db)
    marks = markers(db)
    registry = Registry(db)
    prof = cProfile.Profile() if profile_dir else None
    if prof:
        sql_log.active = True
        prof.enable()
    out = rating_loop(registry, day)
    if prof:
        prof.disable()
        sql_log.active = False
        write_profiles({"e": prof}, profile_dir)
        sql_log.dump(os.path.join(profile_dir, "sql_e.txt"))
    close_odoo(db)
    out["fingerprint"] = fingerprint(db, marks)
    drop_db(db)
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--template", default="arom_bench_10000_100000_42")
    parser.add_argument(
        "--as-of", default="2026-06-30", help="day of the first daily run"
    )
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--rebuild", action="store_true", help="build the base again")
    parser.add_argument("--profile", metavar="DIR")
    args = parser.parse_args()
    configure_odoo()
    if not db_exists(args.template):
        raise SystemExit(
            f"{args.template} does not exist: build it with bench_overdue.py"
        )
    as_of = date.fromisoformat(args.as_of)
    base = f"{args.template}_rating"
    if args.rebuild or not db_exists(base):
        build_base(args.template, base, as_of)
    day = as_of + timedelta(days=1)
    runs = []
    for i in range(args.repeat):
        runs.append(one_run(base, f"{base}_m{i}", day))
        r = runs[-1]
        log(
            f"  run {i + 1}/{args.repeat}: {r['seconds']:.2f} s, {r['queries']} "
            f"queries, {r['customers']} customers, {r['batches']} batches"
        )
    if args.profile:
        os.makedirs(args.profile, exist_ok=True)
        sql_log = SqlLog()
        log("profiled run (not counted)")
        one_run(base, f"{base}_mp", day, args.profile, sql_log)
    prints = {json.dumps(r["fingerprint"]) for r in runs}
    result = {
        "template": args.template,
        "version": git_state(),
        "seconds": summarize([r["seconds"] for r in runs]) if runs else None,
        "all_seconds": [round(r["seconds"], 3) for r in runs],
        "queries": [r["queries"] for r in runs],
        "customers": runs[0]["customers"] if runs else None,
        "batches": runs[0]["batches"] if runs else None,
        "fingerprint": runs[0]["fingerprint"] if runs else None,
        "fingerprints_agree": len(prints) <= 1,
    }
    if runs:
        print(
            f"monthly rating: {result['seconds']['median']:.2f} s median "
            f"({result['seconds']['min']:.2f}-{result['seconds']['max']:.2f}), "
            f"{runs[0]['queries']} queries, {result['customers']} customers, "
            f"{result['batches']} batches"
        )
    print(json.dumps(result, default=str))


if __name__ == "__main__":
    main()
