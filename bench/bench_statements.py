#!/usr/bin/env python3
"""Benchmark of the statements of account and of the bad-debt provision on
the daily run's benchmark data.

Run it with Odoo's Python (the script re-executes itself with it)::

    bench/bench_overdue.py --customers 10000 --invoices 100000   # builds the data, once
    bench/bench_statements.py --template arom_bench_10000_100000_42

On a copy of the template built by ``bench_overdue.py`` (updated to this
checkout's addon with ``-u``), it measures:

(S1) the monthly statements of the month before ``--as-of`` (e-mail only,
     ``ar_overdue_management.dunning_pdf`` = 0): ``_cron_statement_run``
     called until nothing remains, one committed transaction per batch as
     the cron runner does; every customer with a balance or an entry gets
     its statement, read from the ledger, rendered and queued;
(S2) the same run once more the next day (nothing to make: the month is done);
(P1) learning the provision rates from the last twelve months;
(P2) computing the provision of the month's last day for every customer.

Figures: seconds, queries, statements, time per statement.  The last line
on stdout is a JSON object.
"""

import os

os.environ["TZ"] = "UTC"

from arom_bench.bootstrap import use_odoo_python  # noqa: E402

use_odoo_python(__file__)

import argparse  # noqa: E402
import json  # noqa: E402
import time  # noqa: E402
from datetime import date, timedelta  # noqa: E402

import odoo.sql_db  # noqa: E402
from arom_bench.common import configure_odoo, log, run_odoo  # noqa: E402
from arom_bench.dbs import copy_db, db_exists, drop_db  # noqa: E402
from arom_bench.measure import timed  # noqa: E402
from odoo import SUPERUSER_ID, api  # noqa: E402
from odoo.modules.registry import Registry  # noqa: E402


def timed_once(registry, call, commit=True):
    """``call(env)`` in its own transaction, committed or rolled back; its
    seconds, queries and value."""
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        q0 = odoo.sql_db.sql_counter
        t0 = time.perf_counter()
        value = call(env)
        seconds = time.perf_counter() - t0
        queries = odoo.sql_db.sql_counter - q0
        if commit:
            cr.commit()
        else:
            cr.rollback()
    return {"seconds": seconds, "queries": queries, "value": value}


def prepare(registry):
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        env["ir.config_parameter"].set_param("ar_overdue_management.dunning_pdf", "0")
        cr.commit()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--template", default="arom_bench_10000_100000_42")
    parser.add_argument("--as-of", default="2026-07-01")
    parser.add_argument("--keep", action="store_true")
    parser.add_argument(
        "--provision-only", action="store_true", help="no statements: the provision"
    )
    parser.add_argument("--repeat", type=int, default=1, help="provision computations")
    args = parser.parse_args()
    configure_odoo()
    if not db_exists(args.template):
        raise SystemExit(
            f"{args.template} does not exist: build it with bench/bench_overdue.py"
        )
    as_of = date.fromisoformat(args.as_of)
    db = f"{args.template}_statements"
    copy_db(args.template, db)
    log(f"updating the addon in {db}")
    run_odoo(db, "-u", "ar_overdue_management", logfile=f"/tmp/{db}.log")
    registry = Registry(db)
    prepare(registry)
    statements = next_day = {"done": 0, "seconds": 0.0, "queries": 0, "batches": 0}
    if not args.provision_only:
        log("monthly statements, e-mail only")
        statements = timed(
            registry, lambda env: env["ar.statement"]._cron_statement_run(as_of)
        )
        log(f"{statements['done']} statements; the next day")
        next_day = timed(
            registry,
            lambda env: env["ar.statement"]._cron_statement_run(
                as_of + timedelta(days=1)
            ),
        )
    month_end = as_of - timedelta(days=1)
    log("provision: learning the rates")
    learn = timed_once(
        registry,
        lambda env: env["ar.provision.rate"]._provision_learn(env.company, as_of),
    )
    log("provision: computing the month's run")

    def compute(env):
        run = env["ar.provision.run"].create({"date": month_end})
        run._provision_compute()
        return {"lines": len(run.line_ids), "required": run.required_total}

    runs = [timed_once(registry, compute, commit=False) for _i in range(args.repeat)]
    provision = sorted(runs, key=lambda run: run["seconds"])[len(runs) // 2]
    provision["all_seconds"] = [round(run["seconds"], 3) for run in runs]
    result = {
        "template": args.template,
        "statements": statements,
        "ms_per_statement": 1000 * statements["seconds"] / max(statements["done"], 1),
        "statements_next_day": next_day,
        "provision_learn": learn,
        "provision_compute": provision,
    }
    print(
        f"statements: {statements['done']} in {statements['seconds']:.1f} s "
        f"({result['ms_per_statement']:.1f} ms a statement, e-mail only, "
        f"{statements['queries']} queries, {statements['batches']} batches); next "
        f"day {next_day['seconds'] * 1000:.0f} ms, {next_day['queries']} queries; "
        f"provision: learn {learn['seconds']:.2f} s, compute "
        f"{provision['seconds']:.2f} s ({provision['value']['lines']} lines)"
    )
    if not args.keep:
        drop_db(db)
    print(json.dumps(result, default=str))


if __name__ == "__main__":
    main()
