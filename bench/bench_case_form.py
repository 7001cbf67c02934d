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
``web_read`` with the specification of the form view (every field of the
form, the lists of its notebook pages with their columns).  Each open runs
on a cold ORM cache; the figures are the median, min and max server time
and the number of SQL queries.  The last line on stdout is a JSON object.
"""

import os

os.environ["TZ"] = "UTC"

from arom_bench.bootstrap import use_odoo_python  # noqa: E402

use_odoo_python(__file__)

import argparse  # noqa: E402
import json  # noqa: E402
import time  # noqa: E402
from datetime import date, timedelta  # noqa: E402

import odoo  # noqa: E402
from arom_bench.common import configure_odoo, log, run_odoo  # noqa: E402
from arom_bench.dbs import copy_db, db_exists, drop_db  # noqa: E402
from arom_bench.measure import summarize  # noqa: E402
from arom_bench.template import ensure_base_db  # noqa: E402
from lxml import etree  # noqa: E402
from odoo import SUPERUSER_ID, Command, api  # noqa: E402
from odoo.modules.registry import Registry  # noqa: E402


def form_spec(env, model):
    """The ``web_read`` specification the web client builds for the form
    view of ``model``: its fields, and for one2many/many2many fields the
    columns of their inline list."""
    views = env[model].get_views([(False, "form")])
    arch = etree.fromstring(views["views"]["form"]["arch"])
    model_fields = views["models"]
    spec = {}
    for node in arch.iter("field"):
        if any(parent.tag == "field" for parent in node.iterancestors()):
            continue
        name = node.get("name")
        info = model_fields[model].get(name, {})
        if info.get("type") == "many2one":
            spec[name] = {"fields": {"display_name": {}}}
        elif info.get("type") in ("one2many", "many2many"):
            columns = {
                sub.get("name"): {}
                for sub in node.iter("field")
                if sub is not node and sub.get("name")
            }
            spec[name] = {"fields": columns or {"display_name": {}}}
        else:
            spec[name] = {}
    return spec


def build(db, invoices, as_of):
    """One customer with ``invoices`` overdue invoices and its case."""
    registry = Registry(db)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        company = env.company
        company.ar_credit_hold_enforced = False
        user = env["res.users"].create(
            {
                "name": "Bench Collector",
                "login": "bench_collector",
                "groups_id": [
                    Command.link(
                        env.ref("ar_overdue_management.group_ar_collection_user").id
                    ),
                    Command.link(env.ref("account.group_account_invoice").id),
                ],
            }
        )
        customer = env["res.partner"].create(
            {"name": "Bench Customer", "is_company": True, "user_id": user.id}
        )
        moves = env["account.move"].create(
            [
                {
                    "move_type": "out_invoice",
                    "partner_id": customer.id,
                    "invoice_date": as_of - timedelta(days=30 + i % 300),
                    "invoice_date_due": as_of - timedelta(days=1 + i % 300),
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "name": "Goods",
                                "quantity": 1,
                                "price_unit": 100.0 + i,
                                "tax_ids": [],
                            }
                        )
                    ],
                }
                for i in range(invoices)
            ]
        )
        moves.action_post()
        env["account.move"]._cron_overdue_refresh(as_of=as_of)
        case = env["ar.collection.case"].search([("partner_id", "=", customer.id)])
        for channel in ("phone", "letter", "email"):
            env["ar.collection.contact"].with_user(user).create(
                {"case_id": case.id, "channel": channel, "answer": "Will pay"}
            )
        env["ar.collection.promise"].create(
            {"case_id": case.id, "amount": 1000.0, "date": as_of + timedelta(days=5)}
        )
        cr.commit()
        return case.id, user.id, len(case.invoice_ids)


def measure(db, case_id, user_id, repeat):
    registry = Registry(db)
    times, queries = [], []
    with registry.cursor() as cr:
        env = api.Environment(cr, user_id, {})
        spec = form_spec(env, "ar.collection.case")
        case = env["ar.collection.case"].browse(case_id)
        for _i in range(repeat + 1):
            env.invalidate_all()
            start_q = odoo.sql_db.sql_counter
            start = time.perf_counter()
            values = case.web_read(spec)
            times.append(time.perf_counter() - start)
            queries.append(odoo.sql_db.sql_counter - start_q)
        rows = len(values[0]["invoice_ids"])
        cr.rollback()
    # the first open warms the registry's caches (views, access rules)
    return summarize(times[1:]), summarize(queries[1:]), sorted(spec), rows


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
    case_id, user_id, count = build(db, args.invoices, as_of)
    log(f"case with {count} overdue invoices: {args.repeat} opens")
    seconds, queries, fields_read, rows = measure(db, case_id, user_id, args.repeat)
    result = {
        "invoices_on_case": count,
        "invoice_rows_read": rows,
        "web_read_seconds": seconds,
        "web_read_queries": queries,
        "fields": len(fields_read),
    }
    print(
        f"case form, {count} invoices: median {seconds['median'] * 1000:.1f} ms "
        f"(min {seconds['min'] * 1000:.1f}, max {seconds['max'] * 1000:.1f}), "
        f"{queries['median']:.0f} queries, {rows} invoice rows with their columns"
    )
    if not args.keep:
        drop_db(db)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
