"""Command line of bench/bench_overdue.py: arguments and the main flow.

The flow: configure Odoo, make sure the template exists and is current,
measure ``--repeat`` rounds, optionally one more profiled round (left out of
the figures), print the table and, last, the JSON line.
"""

import argparse
import json
import os
from datetime import date

from .common import configure_odoo, log
from .dbs import drop_db, meta_get
from .measure import SqlLog
from .overdue import measure_once
from .report import build_report, figures, print_report
from .template import ensure_template

DEFAULT_REF_DATE = "2026-06-30"


def build_parser(description=None):
    """The options documented in bench/README.md, with their defaults."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--customers", type=int, default=1000)
    parser.add_argument("--invoices", type=int, default=20000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--db-template",
        default="arom_bench_base",
        help="database with `account` installed (no demo) to start from; "
        "created when missing",
    )
    parser.add_argument(
        "--as-of",
        default=DEFAULT_REF_DATE,
        help="reference date: invoices cover the year before it (default %(default)s)",
    )
    parser.add_argument(
        "--batch-size",
        type=int,
        default=None,
        help="batch size of the daily run (default: the addon's own)",
    )
    parser.add_argument(
        "--seed-invoices",
        type=int,
        default=300,
        help="documents created through the ORM before cloning",
    )
    parser.add_argument(
        "--keep",
        action="store_true",
        help="keep the measurement copies (arom_bench_..._m<i>)",
    )
    parser.add_argument(
        "--drop-templates",
        action="store_true",
        help="drop the built template when done",
    )
    parser.add_argument(
        "--profile",
        metavar="DIR",
        help="after the measured runs, one more run with cProfile and "
        "per-statement SQL times of (a) and (b) written into DIR",
    )
    return parser


def main(argv=None, description=None):
    """Run the benchmark; ``description`` is the first line of ``--help``."""
    args = build_parser(description).parse_args(argv)
    configure_odoo()
    ref_date = date.fromisoformat(args.as_of)
    template = ensure_template(args, ref_date)
    meta = meta_get(template)
    sql_log = None
    if args.profile:
        os.makedirs(args.profile, exist_ok=True)
        # patches Cursor.execute now, as for the measured runs before
        sql_log = SqlLog()

    runs = measured_runs(args, template, ref_date)
    if args.profile:
        profiled_run(args, template, ref_date, sql_log)

    fig = figures(runs)
    report = build_report(args, meta, template, ref_date, runs, fig)
    print_report(report, fig, runs[0], args.repeat)
    if args.drop_templates:
        drop_db(template)
        log(f"Dropped template {template}")
    print(json.dumps(report, sort_keys=True))


def measured_runs(args, template, ref_date):
    """``--repeat`` rounds on fresh copies; ``--keep`` keeps the last one's."""
    runs = []
    for i in range(args.repeat):
        log(f"Run {i + 1}/{args.repeat}")
        runs.append(
            measure_once(
                template,
                i,
                ref_date,
                args.batch_size,
                args.keep and i == args.repeat - 1,
                None,
            )
        )
        r = runs[-1]
        log(
            f"  (a) {r['a']['seconds']:.2f}s  (b) {r['b']['seconds']:.3f}s  "
            f"(c) {r['c']['seconds']:.4f}s  floor {r['floor_seconds']:.3f}s  "
            f"floor+1 {r['floor_next_seconds']:.3f}s"
        )
    return runs


def profiled_run(args, template, ref_date, sql_log):
    """Profiling slows the run down: an extra round, left out of the figures,
    whose profiles and SQL statement times go to ``--profile``."""
    log("Profiled run (not counted in the figures)")
    prof = measure_once(
        template, "p", ref_date, args.batch_size, False, args.profile, sql_log
    )
    log(
        f"  (a) {prof['a']['seconds']:.2f}s  (b) {prof['b']['seconds']:.3f}s "
        "under the "
        f"profiler; profiles and SQL statement times in {args.profile}"
    )
