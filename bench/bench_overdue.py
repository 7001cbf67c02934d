#!/usr/bin/env python3
"""Benchmark of the daily overdue run of ``ar_overdue_management``.

Run it with Odoo's Python (``$ODOO_PYTHON``, else /opt/odoo18/venv/bin/python,
else python3; the script re-executes itself with that interpreter when the
current one cannot import odoo)::

    bench/bench_overdue.py                        # 1,000 customers, 20,000 invoices
    bench/bench_overdue.py --customers 5000 --invoices 100000 --repeat 3

What it does (see bench/README.md for the meaning of every figure):

1. Builds, once, a template database ``arom_bench_<N>_<M>_<seed>``: a copy of
   ``--db-template`` (a database with ``account``), the addon installed with
   ``odoo-bin -i ar_overdue_management --without-demo=all``, N customers, a few
   hundred *seed* invoices created, posted and paid through the ORM (real
   posting, real payments with ``account.payment.register``, credit notes
   reconciled against invoices), then set-based SQL clones of the seeds until
   M invoices exist.  Clones keep balances, residuals, ``reconciled`` flags and
   due dates consistent, but get no payment moves, no ``account.partial.reconcile``
   / ``account.full.reconcile`` rows, no chatter and no followers: the addon
   only reads ``amount_residual``/``reconciled``/``date_maturity`` of the
   receivable lines, so this is what its run sees, but reconciliation-based
   reports of core Odoo would not match on the clones.  The template is reused
   while N, M and the seed are the same; when the addon's source changed, the
   template is updated with ``-u ar_overdue_management`` (on a copy, renamed
   in place when the update succeeded).

   The addon's own state is reset in the template (no tiers, no due/check
   dates, no customer status, no warning activity or message) and every open
   customer invoice gets ``overdue_check_date = as_of``: the state a change of
   the tier table leaves (``res.company._overdue_tiers_changed``), so the first
   run of the cron reclassifies every open invoice.

2. Measures, as medians over ``--repeat`` fresh copies (``createdb -T``):
   (a) the first full run: ``_cron_overdue_refresh(as_of, batch_size)`` called
       until nothing remains, committing between batches like the cron runner;
   (b) the run of the next day (as_of + 1) after (a);
   (c) a second run the same day after (b);
   (d) the floor: one SQL statement that classifies every open receivable
       line by the company's tiers (oldest open due date per invoice) and
       updates the tier of every invoice whose tier changed, at as_of on a
       fresh copy (same start as (a)), and (d+1) the same statement at
       as_of + 1 on the state (a) left (run in a transaction rolled back
       afterwards, so (b) starts from (a)'s state).

The last line printed on stdout is one JSON object with every figure.

This file is the entry point only: the code is in the package ``arom_bench``
beside it (data building, floor, measurement), which other benchmarks reuse.
"""

import os

os.environ["TZ"] = "UTC"  # as odoo-bin does, before anything reads the clock

from arom_bench.bootstrap import use_odoo_python  # noqa: E402

use_odoo_python(__file__)  # re-executes with Odoo's Python when needed

from arom_bench.cli import main  # noqa: E402

if __name__ == "__main__":
    main(description=__doc__.split("\n\n")[0])
