#!/usr/bin/env python3
"""Benchmark of opening a collection case form with many overdue invoices.

Run it with Odoo's Python (the script re-executes itself with it, as
bench_overdue.py does)::

    bench/bench_case_form.py                  # 500 invoices, 20 measured opens
    bench/bench_case_form.py --invoices 2000 --repeat 10

It copies ``--db-template`` (a database with ``account``, made when missing),
installs the addon without demo data, creates one customer with N overdue
invoices through the ORM (posted together), lets the daily run open its
case, logs a few contacts and a promise on it, then measures what the web
client asks the server when a collection user opens the case form: one
``web_read`` with the specification of the form view as the client builds
it (``arom_bench.forms.view_spec``: every field of the form, the lists of
its notebook pages with their columns, 40 rows each).  Each open runs
on a cold ORM cache; the figures are the median, min and max server time
and the number of SQL queries.  The last line on stdout is a JSON object.
"""

import os

os.environ["TZ"] = "UTC"

from arom_bench.bootstrap import use_odoo_python  # noqa: E402

use_odoo_python(__file__)

import argparse  # noqa: E402
import json  # noqa: E402
from datetime import date  # noqa: E402

from arom_bench.common import configure_odoo, log, run_odoo  # noqa: E402
from arom_bench.dbs import copy_db, db_exists, drop_db  # noqa: E402
from arom_bench.forms import build_customer, measure_call, rows_shown, view_spec  # noqa: E402
from arom_bench.template import ensure_base_db  # noqa: E402
from odoo import api  # noqa: E402
from odoo.modules.registry import Registry  # noqa: E402


def measure(db, ids, repeat):
    registry = Registry(db)
    with registry.cursor() as cr:
        spec = view_spec(api.Environment(cr, ids["user"], {}), "ar.collection.case")
    case_id = ids["case"]
    seconds, queries, values = measure_call(
        registry,
        ids["user"],
        lambda env: env["ar.collection.case"].browse(case_id).web_read(spec)[0],
        repeat,
    )
    return seconds, queries, sorted(spec), rows_shown(values, spec)["chased_line_ids"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--invoices", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--db-template", default="arom_bench_base")
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    configure_odoo()
    ensure_base_db(args.db_template)
    db = f"arom_bench_caseform_{args.invoices}"
    if db_exists(db):
        drop_db(db)
    copy_db(args.db_template, db)
    log(f"installing the addon into {db}")
    run_odoo(db, "-i", "ar_overdue_management", logfile=f"/tmp/{db}.log")
    as_of = date.today()
    log(f"creating and posting {args.invoices} overdue invoices")
    ids, count = build_customer(Registry(db), args.invoices, as_of)
    log(f"case with {count} overdue invoices: {args.repeat} opens")
    seconds, queries, fields_read, (sent, rows) = measure(db, ids, args.repeat)
    result = {
        "invoices_on_case": count,
        "invoice_ids_sent": sent,
        "invoice_rows_read": rows,
        "web_read_seconds": seconds,
        "web_read_queries": queries,
        "fields": len(fields_read),
    }
    print(
        f"case form, {count} invoices: median {seconds['median'] * 1000:.1f} ms "
        f"(min {seconds['min'] * 1000:.1f}, max {seconds['max'] * 1000:.1f}), "
        f"{queries['median']:.0f} queries, {sent} overdue items sent, "
        f"{rows} of them with their columns"
    )
    if not args.keep:
        drop_db(db)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
