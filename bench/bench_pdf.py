#!/usr/bin/env python3
"""Benchmark of the PDFs of dunning letters and statements of account.

Run it with Odoo's Python (the script re-executes itself with it)::

    bench/bench_pdf.py --template arom_tpl_... --documents 100

On a copy of ``--template`` (a database where ``ar_overdue_management`` is
installed, such as the tests' template), it makes ``--documents`` customers
with one overdue invoice each, runs the daily run and the day's letters
(e-mail only), makes a statement of the month for each customer, then times
``_mailed_render_pdfs`` of the letters and of the statements, as the run
and the statements' schedule call it on one batch (``--repeat`` times,
each rolled back).  Figures: seconds per PDF (medians), pages.  The last
line on stdout is a JSON object.
"""

import os

os.environ["TZ"] = "UTC"

from arom_bench.bootstrap import use_odoo_python  # noqa: E402

use_odoo_python(__file__)

import argparse  # noqa: E402
import io  # noqa: E402
import json  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402
from datetime import date, timedelta  # noqa: E402

from arom_bench.common import configure_odoo, log  # noqa: E402
from arom_bench.dbs import copy_db, drop_db  # noqa: E402
from odoo import SUPERUSER_ID, Command, api  # noqa: E402
from odoo.modules.registry import Registry  # noqa: E402
from odoo.tools.pdf import PdfFileReader  # noqa: E402


def build(registry, count, as_of):
    """``count`` customers with an invoice 45 days overdue, their letters
    (no PDF) and their statements of the month before ``as_of``."""
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        env["ir.config_parameter"].set_param("ar_overdue_management.dunning_pdf", "0")
        partners = env["res.partner"].create(
            [
                {
                    "name": f"Bench PDF Customer {i:04d}",
                    "is_company": True,
                    "email": f"customer{i}@bench.example",
                    "street": f"{i} Harbour Road",
                    "city": "Shanghai",
                }
                for i in range(count)
            ]
        )
        due = as_of - timedelta(days=45)
        moves = env["account.move"].create(
            [
                {
                    "move_type": "out_invoice",
                    "partner_id": partner.id,
                    "invoice_date": due,
                    "invoice_date_due": due,
                    "invoice_payment_term_id": False,
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "name": "Goods",
                                "quantity": 1,
                                "price_unit": 100.0 + i,
                                "tax_ids": [Command.clear()],
                            }
                        )
                    ],
                }
                for i, partner in enumerate(partners)
            ]
        )
        moves.action_post()
        env["account.move"]._cron_overdue_refresh(as_of=as_of)
        letters = env["ar.dunning.letter"].browse()
        while True:
            done = env["ar.dunning.letter"]._cron_dunning_send(
                as_of=as_of, batch_size=count
            )
            if not done["remaining"]:
                break
        letters = env["ar.dunning.letter"].search(
            [("partner_id", "in", partners.ids)], order="id"
        )
        first = as_of.replace(day=1) - timedelta(days=1)
        statements = env["ar.statement"]._statement_build(
            [(p.id, env.company.id) for p in partners],
            first.replace(day=1),
            first,
        )
        statements.write({"state": "queued"})
        env["ir.config_parameter"].set_param("ar_overdue_management.dunning_pdf", "1")
        cr.commit()
        return letters.ids, statements.ids


def time_pdfs(registry, model, ids, repeat):
    """Median seconds of ``_mailed_render_pdfs`` of the documents, and the
    PDFs made and their pages (of the last run)."""
    runs = []
    for _run in range(repeat):
        with registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            documents = env[model].browse(ids)
            documents.write({"pdf_id": False, "pdf_note": False})
            documents.flush_recordset()
            t0 = time.perf_counter()
            documents._mailed_render_pdfs()
            documents.flush_recordset()
            runs.append(time.perf_counter() - t0)
            made = documents.filtered("pdf_id")
            pages = sum(
                len(PdfFileReader(io.BytesIO(d.pdf_id.raw)).pages)
                for d in made
                if d.pdf_id.raw.startswith(b"%PDF")
            )
            notes = sorted(set(documents.mapped("pdf_note")) - {False})
            cr.rollback()
    seconds = statistics.median(runs)
    return {
        "documents": len(ids),
        "with_pdf": len(made),
        "pages": pages,
        "notes": notes,
        "runs": [round(r, 3) for r in runs],
        "seconds": seconds,
        "seconds_per_pdf": seconds / max(len(ids), 1),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--template", required=True)
    parser.add_argument("--documents", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    configure_odoo()
    as_of = date.today()
    db = f"{args.template}_pdf_bench"
    copy_db(args.template, db)
    try:
        registry = Registry(db)
        log(f"{args.documents} customers, their letters and statements")
        letter_ids, statement_ids = build(registry, args.documents, as_of)
        log("PDFs of the letters")
        letters = time_pdfs(registry, "ar.dunning.letter", letter_ids, args.repeat)
        log("PDFs of the statements")
        statements = time_pdfs(registry, "ar.statement", statement_ids, args.repeat)
    finally:
        if not args.keep:
            drop_db(db)
    result = {"template": args.template, "letters": letters, "statements": statements}
    for name, figures in (("letters", letters), ("statements", statements)):
        print(
            f"{name}: {figures['with_pdf']}/{figures['documents']} PDFs, "
            f"{figures['pages']} pages, {figures['seconds']:.2f} s "
            f"(median of {args.repeat}), {figures['seconds_per_pdf']:.3f} s a PDF"
        )
    print(json.dumps(result, default=str))


if __name__ == "__main__":
    main()
