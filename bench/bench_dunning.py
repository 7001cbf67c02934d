#!/usr/bin/env python3
"""Benchmark of the dunning letters on the daily run's benchmark data.

Run it with Odoo's Python (the script re-executes itself with it)::

    bench/bench_overdue.py --customers 10000 --invoices 100000   # builds the data, once
    bench/bench_dunning.py --template arom_bench_10000_100000_42

On a copy of the template built by ``bench_overdue.py`` (updated to this
checkout's addon with ``-u``), it runs the first full daily run at the
reference date (every overdue customer gets a case), then measures:

(L1) the letters of that day, e-mail only (``ar_overdue_management.dunning_pdf``
     = 0): ``_cron_dunning_send`` called until nothing remains, one committed
     transaction per batch as the cron runner does; every overdue customer
     gets its first letter, rendered and queued;
(L2) the PDF of ``--pdf-letters`` of those letters, one by one as the run
     makes them (wkhtmltopdf), per letter;
(L3) the next day: the daily run (as_of + 1) and the letters of that day.

Figures: seconds, queries, letters, time per letter.  The last line on
stdout is a JSON object.
"""

import os

os.environ["TZ"] = "UTC"

from arom_bench.bootstrap import use_odoo_python  # noqa: E402

use_odoo_python(__file__)

import argparse  # noqa: E402
import json  # noqa: E402
from datetime import date, timedelta  # noqa: E402

from arom_bench.common import configure_odoo, log, run_odoo  # noqa: E402
from arom_bench.dbs import copy_db, db_exists, drop_db  # noqa: E402
from arom_bench.letters import letters_count, pdf_per_letter, set_pdf  # noqa: E402
from arom_bench.measure import timed  # noqa: E402
from odoo.modules.registry import Registry  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--template", default="arom_bench_10000_100000_42")
    parser.add_argument("--as-of", default="2026-06-30")
    parser.add_argument("--pdf-letters", type=int, default=20)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    configure_odoo()
    if not db_exists(args.template):
        raise SystemExit(
            f"{args.template} does not exist: build it with bench/bench_overdue.py"
        )
    as_of = date.fromisoformat(args.as_of)
    db = f"{args.template}_dunning"
    copy_db(args.template, db)
    log(f"updating the addon in {db}")
    run_odoo(db, "-u", "ar_overdue_management", logfile=f"/tmp/{db}.log")
    registry = Registry(db)
    log("first full daily run (cases opened)")
    first = timed(
        registry, lambda env: env["account.move"]._cron_overdue_refresh(as_of)
    )
    set_pdf(registry, False)
    log("letters of the day, e-mail only")
    letters = timed(
        registry, lambda env: env["ar.dunning.letter"]._cron_dunning_send(as_of)
    )
    log(f"{letters['done']} letters; PDF of {args.pdf_letters}")
    set_pdf(registry, True)
    pdf = pdf_per_letter(registry, args.pdf_letters)
    set_pdf(registry, False)
    log("next day: daily run and letters")
    next_day = as_of + timedelta(days=1)
    run_b = timed(
        registry, lambda env: env["account.move"]._cron_overdue_refresh(next_day)
    )
    letters_b = timed(
        registry, lambda env: env["ar.dunning.letter"]._cron_dunning_send(next_day)
    )
    result = {
        "template": args.template,
        "first_run": first,
        "letters_day_1": letters,
        "ms_per_letter_mail_only": 1000 * letters["seconds"] / max(letters["done"], 1),
        "pdf": pdf,
        "ms_per_letter_pdf": 1000 * pdf["seconds"] / max(pdf["letters"], 1),
        "next_day_run": run_b,
        "letters_day_2": letters_b,
        "letters": letters_count(registry),
    }
    print(
        f"letters day 1: {letters['done']} in {letters['seconds']:.1f} s "
        f"({result['ms_per_letter_mail_only']:.1f} ms a letter, e-mail only, "
        f"{letters['queries']} queries, {letters['batches']} batches); PDF "
        f"{result['ms_per_letter_pdf']:.0f} ms a letter; next day: run "
        f"{run_b['seconds'] * 1000:.0f} ms, letters {letters_b['done']} in "
        f"{letters_b['seconds'] * 1000:.0f} ms"
    )
    if not args.keep:
        drop_db(db)
    print(json.dumps(result, default=str))


if __name__ == "__main__":
    main()
