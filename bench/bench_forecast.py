#!/usr/bin/env python3
"""Benchmark of the cash-in forecast.

    bench/bench_forecast.py --template arom_bench_13000_130000_42
    bench/bench_forecast.py --template arom_bench_13000_130000_42 --repeat 5
    bench/bench_forecast.py --template arom_bench_13000_130000_42 --unmatched

(a) Time: on a copy of ``--template`` (a database built by
``bench/bench_overdue.py``, with the addon installed; updated here with
``-u``), ``ar.forecast.run._forecast_make`` for the company as of
``--as-of``, ``--repeat`` times, each in a transaction rolled back; the
median, min and max seconds and the SQL queries of one forecast, with the
number of open invoices it read.  With ``--unmatched``, the copy's
payments are first unmatched from the invoices (every reconciliation
removed, in SQL): every invoice issued by ``--as-of`` is then open, which
times the forecast on about 100,000 open invoices of the 130,000.

(b) Accuracy: ``--customers`` customers paying at known habits for a year
(``arom_bench.forecast_sim``, the addon's rules without a database): the
mean absolute percentage error of the forecast and of the naive forecast
(every invoice paid on its due date) by horizon, over the last 26 Mondays.

The last line on stdout is a JSON object with every figure.
"""

import os

os.environ["TZ"] = "UTC"

from arom_bench.bootstrap import use_odoo_python  # noqa: E402

use_odoo_python(__file__)

import argparse  # noqa: E402
import json  # noqa: E402
import statistics  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from datetime import date  # noqa: E402

import odoo.sql_db  # noqa: E402
from arom_bench import forecast_sim  # noqa: E402
from arom_bench.common import ADDON, configure_odoo, log, run_odoo  # noqa: E402
from arom_bench.dbs import copy_db, db_exists, drop_db  # noqa: E402
from odoo import SUPERUSER_ID, api  # noqa: E402
from odoo.modules.registry import Registry  # noqa: E402


def unmatch_payments(db):
    """Every invoice of the copy open again: its reconciliations removed."""
    with Registry(db).cursor() as cr:
        cr.execute(
            """
            UPDATE account_move_line l
               SET reconciled = false, full_reconcile_id = NULL,
                   amount_residual = balance,
                   amount_residual_currency = amount_currency
              FROM account_account a
             WHERE a.id = l.account_id
               AND a.account_type IN ('asset_receivable', 'liability_payable')
            """
        )
        cr.execute("UPDATE account_partial_reconcile SET full_reconcile_id = NULL")
        cr.execute("DELETE FROM account_partial_reconcile")
        cr.execute("DELETE FROM account_full_reconcile")
        cr.execute("ANALYZE account_move_line")
        cr.commit()


def time_forecast(db, as_of, repeat):
    """Seconds and queries of ``repeat`` forecasts of the company."""
    registry = Registry(db)
    seconds, queries, items = [], [], 0
    for _ in range(repeat):
        with registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            company = env["res.company"].search([], limit=1, order="id")
            runs = env["ar.forecast.run"]
            q0 = odoo.sql_db.sql_counter
            t0 = time.perf_counter()
            run = runs._forecast_make(company, as_of)
            run.flush_recordset()
            seconds.append(time.perf_counter() - t0)
            queries.append(odoo.sql_db.sql_counter - q0)
            items = len(run._forecast_items())
            lines = run.line_count
            cr.rollback()
    return {
        "open_invoices": items,
        "lines": lines,
        "median_s": round(statistics.median(seconds), 3),
        "min_s": round(min(seconds), 3),
        "max_s": round(max(seconds), 3),
        "queries": int(statistics.median(queries)),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--template", help="bench database to copy (skip (a) if none)")
    parser.add_argument("--as-of", default="2026-06-29", type=date.fromisoformat)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--customers", type=int, default=200)
    parser.add_argument("--keep", action="store_true")
    parser.add_argument(
        "--unmatched", action="store_true", help="every invoice of the copy open"
    )
    args = parser.parse_args()
    configure_odoo()
    figures = {"as_of": str(args.as_of), "unmatched": args.unmatched}
    if args.template and db_exists(args.template):
        db = f"{args.template}_forecast"
        log(f"copying {args.template} into {db} and updating the addon")
        copy_db(args.template, db)
        logfile = os.path.join(tempfile.gettempdir(), f"{db}.update.log")
        run_odoo(db, "-u", ADDON, logfile=logfile)
        if args.unmatched:
            log("unmatching every payment of the copy")
            unmatch_payments(db)
        try:
            figures["time"] = time_forecast(db, args.as_of, args.repeat)
        finally:
            if not args.keep:
                drop_db(db)
        log(f"forecast: {figures['time']}")
    t0 = time.perf_counter()
    invoices = forecast_sim.build(args.customers, args.as_of)
    accuracy = forecast_sim.measure(invoices, args.as_of)
    figures["accuracy"] = {
        "customers": args.customers,
        "invoices": len(invoices),
        "seconds": round(time.perf_counter() - t0, 2),
        "by_horizon": {
            h: {"forecast": f, "naive": n} for h, (f, n) in accuracy.items()
        },
    }
    for horizon, (fc, naive) in accuracy.items():
        log(f"horizon {horizon:2d}: forecast MAPE {fc} %, naive {naive} %")
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
