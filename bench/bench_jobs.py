#!/usr/bin/env python3
"""Benchmark of a month-end done by queue_job's workers against the
scheduled actions' batches, on the daily run's benchmark data.

Run it with Odoo's Python (the script re-executes itself with it)::

    bench/bench_overdue.py --customers 10000 --invoices 100000   # builds the data, once
    bench/bench_jobs.py --template arom_bench_10000_100000_42 --workers 1 2

A copy of the template gets this checkout's addon (``-u``) and OCA's
``queue_job`` (which pulls the glue addon ``ar_overdue_management_queue``).
Then, on a fresh copy of that each time, the month's first day as of
``--as-of``: the daily run, the dunning letters, the statements of the
month before, the credit rating and the provision, in that order:

- ``cron``: each scheduled action's method called until nothing remains,
  one committed transaction per batch, in one process, as Odoo's cron runner
  does (``tests/concurrency/driver.py run``);
- ``N workers``: Odoo started with N HTTP workers and ``queue_job`` as a
  server-wide module (channel capacity N); each method is called once, which
  plans its run as jobs, and the next run starts when the queue is empty.

Figures: seconds per run and in all, per setting, the median over
``--repeat`` rounds (the settings alternate within a round), and the speed-up
against ``cron``.  E-mails only unless ``--pdf``.  The last line on stdout is
a JSON object.
"""

import os

os.environ["TZ"] = "UTC"

from arom_bench.bootstrap import use_odoo_python  # noqa: E402

use_odoo_python(__file__)

import argparse  # noqa: E402
import json  # noqa: E402
import re  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
import urllib.request  # noqa: E402
from pathlib import Path  # noqa: E402

from arom_bench.common import (  # noqa: E402
    addons_path,
    configure_odoo,
    log,
    odoo_cmd,
    run_odoo,  # noqa: E402
)
from arom_bench.dbs import copy_db, db_exists, drop_db, pg_cursor  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "concurrency"))

import jobs as job_phase  # noqa: E402

RUNS = ("daily", "dunning", "statement", "rating", "provision")


def prepare_base(args):
    base = f"{args.template}_jobs"
    if db_exists(base):
        drop_db(base)
    copy_db(args.template, base)
    log(f"updating the addon and installing queue_job in {base}")
    run_odoo(
        base,
        "-u",
        "ar_overdue_management",
        "-i",
        "queue_job",
        logfile=f"/tmp/{base}.log",
    )
    with pg_cursor(base) as cr:
        cr.execute(
            "INSERT INTO ir_config_parameter (key, value) VALUES "
            "('ar_overdue_management.dunning_pdf', %s) "
            "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
            ("1" if args.pdf else "0",),
        )
        cr.execute(
            "SELECT state FROM ir_module_module "
            "WHERE name = 'ar_overdue_management_queue'"
        )
        if cr.fetchone() != ("installed",):
            raise SystemExit("the glue addon was not installed with queue_job")
    return base


class Options:
    def __init__(self, args, odoo_bin):
        self.addons_path = args.addons_path
        self.odoo_bin = odoo_bin
        self.workers = 1
        self.as_of = args.as_of


def driven(options, db, run):
    """Seconds the driver spent in ``run`` (its Odoo registry loaded)."""
    line = job_phase.driver(options, db, "run", run, options.as_of)
    return float(re.search(r"([0-9.]+) s$", line).group(1))


def run_cron(options, db):
    job_phase.set_mode(db, "cron")
    return {run: driven(options, db, run) for run in RUNS}


def warm_up(server, workers):
    """Each HTTP worker loads the database's registry at its first request:
    a few pages before the clock starts."""
    url = f"http://127.0.0.1:{server.port}/web/login"
    deadline = time.monotonic() + 300
    served = 0
    while served < 4 * workers and time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=60) as response:
                served += response.status == 200
        except OSError:
            time.sleep(1)


def run_jobs(options, db, workers, timeout):
    job_phase.set_mode(db, "jobs")
    options.workers = workers
    server = job_phase.Server(options, db)
    seconds = {}
    try:
        warm_up(server, workers)
        for run in RUNS:
            # planning, then the queue worked off by the workers
            planning = driven(options, db, run)
            seconds[run] = planning + job_phase.wait_for_jobs(db, server, timeout)
    finally:
        server.stop()
    failed = job_phase.psql(db, "SELECT COUNT(*) FROM queue_job WHERE state != 'done'")
    if failed[0][0] != "0":
        raise SystemExit(f"{failed[0][0]} jobs not done in {db}")
    return seconds


def counts(db):
    rows = job_phase.psql(
        db,
        "SELECT (SELECT COUNT(*) FROM ar_dunning_letter), "
        "(SELECT COUNT(*) FROM ar_statement), (SELECT COUNT(*) FROM ar_credit_rating), "
        "(SELECT COUNT(*) FROM ar_collection_case), (SELECT COUNT(*) FROM mail_mail)",
    )
    return dict(
        zip(
            ("letters", "statements", "ratings", "cases", "mails"), rows[0], strict=True
        )
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--template", default="arom_bench_10000_100000_42")
    parser.add_argument("--as-of", default="2026-07-01")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--pdf", action="store_true", help="letters with their PDF")
    parser.add_argument("--timeout", type=int, default=3600)
    parser.add_argument(
        "--cron-seconds",
        type=float,
        help="the scheduled actions' month-end measured before: not run again",
    )
    args = parser.parse_args()
    configure_odoo()
    args.addons_path = addons_path()
    odoo_bin = odoo_cmd()[-1] if len(odoo_cmd()) == 2 else None
    if not odoo_bin:
        raise SystemExit("odoo-bin not found beside the odoo package")
    if not db_exists(args.template):
        raise SystemExit(
            f"{args.template} does not exist: build it with bench/bench_overdue.py"
        )
    base = prepare_base(args)
    options = Options(args, odoo_bin)
    settings = [] if args.cron_seconds else ["cron"]
    settings += [f"{n} workers" for n in args.workers]
    results = {name: [] for name in settings}
    made = {}
    for round_ in range(args.repeat):
        for name in settings:
            db = f"{base}_{round_}_{name.split()[0]}"
            copy_db(base, db)
            log(f"round {round_ + 1}: {name} on {db}")
            if name == "cron":
                seconds = run_cron(options, db)
            else:
                seconds = run_jobs(options, db, int(name.split()[0]), args.timeout)
            seconds["month-end"] = sum(seconds.values())
            results[name].append(seconds)
            made[name] = counts(db)
            log(f"  {name}: " + ", ".join(f"{k} {v:.1f} s" for k, v in seconds.items()))
            drop_db(db)
    drop_db(base)
    table = {
        name: {
            run: statistics.median(r[run] for r in rounds)
            for run in (*RUNS, "month-end")
        }
        for name, rounds in results.items()
    }
    if args.cron_seconds:
        settings.insert(0, "cron")
        table["cron"] = dict.fromkeys(RUNS, 0.0)
        table["cron"]["month-end"] = args.cron_seconds
    print(
        f"\nmonth-end on {args.template} as of {args.as_of} (median of {args.repeat})"
    )
    print("| run | " + " | ".join(settings) + " |")
    print("| --- | " + " | ".join("---" for _ in settings) + " |")
    for run in (*RUNS, "month-end"):
        cells = []
        for name in settings:
            value = table[name][run]
            base = table["cron"][run]
            ratio = base / value if value and base else 0
            cells.append(
                f"{value:.1f} s" + ("" if name == "cron" else f" ({ratio:.2f}x)")
            )
        print(f"| {run} | " + " | ".join(cells) + " |")
    print("made: " + "; ".join(f"{name}: {made[name]}" for name in made))
    if len({json.dumps(v, sort_keys=True) for v in made.values()}) != 1:
        print("WARNING: the settings did not make the same records")
    print(json.dumps({"template": args.template, "seconds": table, "made": made}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
