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
"""

import os
import sys

os.environ["TZ"] = "UTC"  # as odoo-bin does, before anything reads the clock


def _find_odoo_python():
    candidates = [
        os.environ.get("ODOO_PYTHON"),
        "/opt/odoo18/venv/bin/python",
        "python3",
    ]
    return [c for c in candidates if c]


try:
    import odoo  # noqa: F401
except ImportError:
    if os.environ.get("AROM_BENCH_REEXEC"):
        sys.exit(
            "bench_overdue.py: cannot import odoo; set ODOO_PYTHON to Odoo's Python"
        )
    import shutil

    for _candidate in _find_odoo_python():
        _path = shutil.which(_candidate) or (
            _candidate if os.path.isfile(_candidate) else None
        )
        if _path and os.path.abspath(_path) != os.path.abspath(sys.executable):
            os.environ["AROM_BENCH_REEXEC"] = "1"
            os.execv(_path, [_path, os.path.abspath(__file__), *sys.argv[1:]])
    sys.exit("bench_overdue.py: cannot import odoo; set ODOO_PYTHON to Odoo's Python")

import argparse  # noqa: E402
import contextlib  # noqa: E402
import cProfile  # noqa: E402
import hashlib  # noqa: E402
import io  # noqa: E402
import json  # noqa: E402
import pstats  # noqa: E402
import random  # noqa: E402
import shutil  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import time  # noqa: E402
from datetime import date, timedelta  # noqa: E402

time.tzset()

import odoo  # noqa: E402
import odoo.sql_db  # noqa: E402
import odoo.tools  # noqa: E402
import psycopg2  # noqa: E402
from odoo import SUPERUSER_ID, Command, api  # noqa: E402
from odoo.modules.registry import Registry  # noqa: E402

ADDON = "ar_overdue_management"
REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ADDON_DIR = os.path.join(REPO_ROOT, ADDON)
CUSTOMER_TYPES = ("out_invoice", "out_refund", "out_receipt")
DEFAULT_REF_DATE = "2026-06-30"
TEMPLATE_VERSION = "1"  # bump when the data shape built here changes
RESET_VERSION = "2"  # bump when reset_addon_state changes: templates are reset again


def log(msg):
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


# ----------------------------------------------------------------------------
# Odoo and PostgreSQL plumbing
# ----------------------------------------------------------------------------
def addons_path():
    pkg = os.path.dirname(odoo.__file__)
    paths = [os.path.join(pkg, "addons")]
    src_addons = os.path.join(os.path.dirname(pkg), "addons")
    if os.path.isdir(src_addons):
        paths.append(src_addons)
    paths.append(REPO_ROOT)
    return ",".join(paths)


def odoo_cmd():
    """Command line that runs odoo-bin with this interpreter."""
    pkg = os.path.dirname(odoo.__file__)
    odoo_bin = os.path.join(os.path.dirname(pkg), "odoo-bin")
    if os.path.isfile(odoo_bin):
        return [sys.executable, odoo_bin]
    return [sys.executable, "-c", "import odoo; odoo.cli.main()"]


def run_odoo(db, *args, logfile):
    cmd = [
        *odoo_cmd(),
        "-d",
        db,
        f"--addons-path={addons_path()}",
        "--stop-after-init",
        "--without-demo=all",
        "--log-level=warn",
        *args,
    ]
    with open(logfile, "w") as out:
        proc = subprocess.run(cmd, stdout=out, stderr=subprocess.STDOUT, check=False)
    with open(logfile) as fh:
        text = fh.read()
    if proc.returncode:
        sys.stderr.write(text[-4000:])
        raise SystemExit(f"odoo-bin {' '.join(args)} failed on {db} (log: {logfile})")
    problems = [
        line for line in text.splitlines() if " WARNING " in line or " ERROR " in line
    ]
    if problems:
        log(
            f"odoo-bin {' '.join(args)}: {len(problems)} warning/error line(s), "
            f"see {logfile}"
        )
        for line in problems[:5]:
            log("  " + line[:200])


def pg_connect(db, autocommit=False):
    conn = psycopg2.connect(dbname=db)
    conn.autocommit = autocommit
    return conn


@contextlib.contextmanager
def pg_cursor(db, autocommit=False):
    """A cursor on its own connection: committed and closed on exit (a
    connection left open would block ``createdb -T`` and ``ALTER DATABASE``)."""
    conn = pg_connect(db, autocommit)
    try:
        with conn.cursor() as cur:
            yield cur
        if not autocommit:
            conn.commit()
    finally:
        conn.close()


def db_exists(name):
    with pg_cursor("postgres", autocommit=True) as cur:
        cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        return bool(cur.fetchone())


def filestore(db):
    return os.path.join(odoo.tools.config["data_dir"], "filestore", db)


def close_odoo(db):
    """Forget the registry of ``db`` and close this process' connections."""
    Registry.delete(db)
    odoo.sql_db.close_db(db)


def drop_db(db):
    close_odoo(db)
    subprocess.run(["dropdb", "--if-exists", "--force", db], check=True)
    shutil.rmtree(filestore(db), ignore_errors=True)


def copy_db(template, target):
    close_odoo(template)
    if db_exists(target):
        drop_db(target)
    subprocess.run(["createdb", "-T", template, target], check=True)
    shutil.rmtree(filestore(target), ignore_errors=True)
    if os.path.isdir(filestore(template)):
        shutil.copytree(filestore(template), filestore(target))


def rename_db(old, new):
    close_odoo(old)
    with pg_cursor("postgres", autocommit=True) as cur:
        cur.execute(f'ALTER DATABASE "{old}" RENAME TO "{new}"')
    if os.path.isdir(filestore(old)):
        shutil.move(filestore(old), filestore(new))


def addon_hash():
    """Hash of the addon's source: a change means the template needs ``-u``."""
    digest = hashlib.sha1()
    for root, dirs, files in os.walk(ADDON_DIR):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            if name.endswith((".pyc", ".pyo")):
                continue
            path = os.path.join(root, name)
            digest.update(os.path.relpath(path, ADDON_DIR).encode())
            with open(path, "rb") as fh:
                digest.update(fh.read())
    return digest.hexdigest()[:12]


def meta_get(db):
    with pg_cursor(db) as cur:
        cur.execute("SELECT to_regclass('arom_bench_meta')")
        if not cur.fetchone()[0]:
            return {}
        cur.execute("SELECT key, value FROM arom_bench_meta")
        return dict(cur.fetchall())


def meta_set(cr, values):
    cr.execute(
        "CREATE TABLE IF NOT EXISTS arom_bench_meta (key text PRIMARY KEY, value text)"
    )
    for key, value in values.items():
        cr.execute(
            "INSERT INTO arom_bench_meta VALUES (%s, %s) "
            "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
            [key, str(value)],
        )


def vacuum_analyze(db):
    with pg_cursor(db, autocommit=True) as cur:
        cur.execute("VACUUM ANALYZE")


# ----------------------------------------------------------------------------
# Data: customers and seed invoices through the ORM
# ----------------------------------------------------------------------------
def make_users(env):
    """Three salespeople, a risk manager and a collection team leader, so the
    warnings go to several owners as they would in a real company.  Returns
    (salespeople, risk manager, collection leader)."""
    group = env.ref("account.group_account_invoice")
    users = (
        env["res.users"]
        .with_context(no_reset_password=True)
        .create(
            [
                {
                    "name": f"Bench {role}",
                    "login": f"bench_{role}",
                    "email": f"bench_{role}@example.com",
                    "groups_id": [
                        Command.set([group.id, env.ref("base.group_user").id])
                    ],
                }
                for role in ("sales1", "sales2", "sales3", "risk", "collect")
            ]
        )
    )
    return users[:3], users[3], users[4]


def make_customers(env, rng, count, salespeople):
    vals = []
    for i in range(count):
        vals.append(
            {
                "name": f"Bench Customer {i + 1:06d}",
                "is_company": True,
                "customer_rank": 1,
                "email": f"customer{i + 1}@example.com",
                # 20% of the customers have no salesperson: their mild-tier
                # warnings fall back to the risk manager
                "user_id": rng.choice(salespeople).id if rng.random() < 0.8 else False,
            }
        )
    partners = env["res.partner"].with_context(
        tracking_disable=True, mail_create_nolog=True, mail_create_nosubscribe=True
    )
    for start in range(0, count, 1000):
        partners |= partners.create(vals[start : start + 1000])
    return partners


def seed_status(rng, age):
    """Older invoices are more likely to be paid, as in real books."""
    p_paid = min(0.85, 0.15 + age / 100.0)
    r = rng.random()
    if r < p_paid:
        return "paid"
    if r < p_paid + 0.10:
        return "partial"
    return "open"


def build_seeds(env, rng, customers, n_seeds, ref_date):
    """Create, post and pay ``n_seeds`` customer documents through the ORM.

    About 8% are credit notes: half of them reconciled against an open
    invoice of the same customer, half left open.  The rest are invoices with
    one of several payment terms (one with two instalments, so some invoices
    have two receivable lines); each is left open, partly paid or paid, by a
    real payment registered with ``account.payment.register``.
    """
    company = env.company
    journal = env["account.journal"].search(
        [("type", "=", "sale"), ("company_id", "=", company.id)], limit=1
    )
    terms = [
        env.ref(f"account.{xmlid}")
        for xmlid in (
            "account_payment_term_immediate",
            "account_payment_term_15days",
            "account_payment_term_30days",
            "account_payment_term_30days",
            "account_payment_term_45days",
            "account_payment_term_advance_60days",
        )
    ]
    seed_partners = customers[: max(1, min(len(customers), 40))]
    n_refunds = max(1, round(n_seeds * 0.08)) if n_seeds >= 10 else 0
    n_invoices = n_seeds - n_refunds

    plans = []
    for _i in range(n_invoices):
        age = rng.randint(0, 364)
        inv_date = ref_date - timedelta(days=age)
        plans.append(
            {
                "partner": rng.choice(seed_partners),
                "date": inv_date,
                "term": rng.choice(terms),
                "lines": [
                    (rng.choice([1, 1, 2, 3, 5]), round(rng.uniform(50, 2500), 2))
                    for _j in range(rng.choice([1, 1, 2, 3]))
                ],
                "status": seed_status(rng, age),
                "age": age,
            }
        )
    invoices = env["account.move"]
    t0 = time.perf_counter()
    for start in range(0, len(plans), 50):
        chunk = plans[start : start + 50]
        moves = invoices.create(
            [
                {
                    "move_type": "out_invoice",
                    "journal_id": journal.id,
                    "partner_id": plan["partner"].id,
                    "invoice_date": plan["date"],
                    "date": plan["date"],
                    "invoice_payment_term_id": plan["term"].id,
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "name": "Consulting services",
                                "quantity": qty,
                                "price_unit": price,
                            }
                        )
                        for qty, price in plan["lines"]
                    ],
                }
                for plan in chunk
            ]
        )
        moves.action_post()
        for plan, move in zip(chunk, moves, strict=True):
            plan["move"] = move
        invoices |= moves
        env.cr.commit()
    log(f"  {len(invoices)} seed invoices posted in {time.perf_counter() - t0:.1f}s")

    t0 = time.perf_counter()
    paid = 0
    for plan in plans:
        if plan["status"] == "open":
            continue
        move = plan["move"]
        pay_date = min(
            plan["date"] + timedelta(days=rng.randint(0, max(plan["age"] - 1, 0))),
            ref_date,
        )
        vals = {"payment_date": pay_date}
        if plan["status"] == "partial":
            vals["amount"] = round(move.amount_residual * rng.uniform(0.2, 0.8), 2)
            vals["payment_difference_handling"] = "open"
        wizard = (
            env["account.payment.register"]
            .with_context(active_model="account.move", active_ids=move.ids)
            .create(vals)
        )
        wizard._create_payments()
        paid += 1
        if paid % 50 == 0:
            env.cr.commit()
    env.cr.commit()
    log(f"  {paid} seed payments registered in {time.perf_counter() - t0:.1f}s")

    t0 = time.perf_counter()
    refunds = env["account.move"]
    open_plans = [p for p in plans if p["status"] == "open"]
    for i in range(n_refunds):
        applied = open_plans and i % 2 == 0
        if applied:
            target = rng.choice(open_plans)
            partner = target["partner"]
            amount = round(
                target["move"].amount_residual * rng.uniform(0.2, 0.6) / 1.15, 2
            )
            ref_d = min(target["date"] + timedelta(days=rng.randint(0, 20)), ref_date)
        else:
            target = None
            partner = rng.choice(seed_partners)
            amount = round(rng.uniform(20, 400), 2)
            ref_d = ref_date - timedelta(days=rng.randint(0, 364))
        refund = env["account.move"].create(
            {
                "move_type": "out_refund",
                "journal_id": journal.id,
                "partner_id": partner.id,
                "invoice_date": ref_d,
                "date": ref_d,
                "invoice_line_ids": [
                    Command.create(
                        {"name": "Credit", "quantity": 1, "price_unit": max(amount, 1)}
                    )
                ],
            }
        )
        refund.action_post()
        if target:
            lines = (refund.line_ids | target["move"].line_ids).filtered(
                lambda line: (
                    line.account_id.account_type == "asset_receivable"
                    and not line.reconciled
                )
            )
            lines.reconcile()
        refunds |= refund
    env.cr.commit()
    log(f"  {len(refunds)} seed credit notes in {time.perf_counter() - t0:.1f}s")
    return invoices | refunds


# ----------------------------------------------------------------------------
# Data: set-based clones
# ----------------------------------------------------------------------------
def table_columns(cr, table):
    cr.execute(
        "SELECT column_name FROM information_schema.columns "
        "WHERE table_schema = 'public' AND table_name = %s ORDER BY ordinal_position",
        [table],
    )
    return [row[0] for row in cr.fetchall()]


def insert_select(cr, table, overrides, from_clause, id_expr):
    """INSERT INTO table SELECT <column or override> for every column."""
    cols = [c for c in table_columns(cr, table) if c != "id"]
    exprs = [overrides.get(c, f"src.{c}") for c in cols]
    col_list = ", ".join(f'"{c}"' for c in cols)
    cr.execute(
        f'INSERT INTO "{table}" (id, {col_list}) '
        f"SELECT {id_expr}, {', '.join(exprs)} {from_clause}"
    )
    return cr.rowcount


def clone_moves(cr, rng, seeds, customers, count, ref_date):
    """Clone the seed documents ``count`` times with set-based SQL.

    Each clone copies one seed (chosen at random) with its lines, for a
    random customer (some customers get many more invoices than others),
    shifted by -20..+20 days (kept inside the year before ``ref_date``), with
    a new name continuing the journal's sequence of that year.  Balances,
    residuals, ``reconciled`` flags and payment states are those of the seed;
    the dates of the lines (due dates included) move with the shift.
    """
    if count <= 0:
        return 0
    cr.execute(
        "SELECT id, invoice_date FROM account_move WHERE id = ANY(%s)", [seeds.ids]
    )
    seed_dates = dict(cr.fetchall())
    seed_ids = sorted(seed_dates)
    weights = [1.0 / (i + 1) ** 0.5 for i in range(len(customers))]
    partner_ids = rng.choices(customers.ids, weights=weights, k=count)
    rng.shuffle(partner_ids)  # the heavy customers are not just the first ones
    window_start = ref_date - timedelta(days=364)
    c_seed, c_date = [], []
    for _i in range(count):
        seed_id = rng.choice(seed_ids)
        new_date = seed_dates[seed_id] + timedelta(days=rng.randint(-20, 20))
        new_date = min(max(new_date, window_start), ref_date)
        c_seed.append(seed_id)
        c_date.append(new_date)

    cr.execute("DROP TABLE IF EXISTS bench_clone_map")
    cr.execute(
        """
        CREATE TEMP TABLE bench_clone_map AS
        SELECT v.ord, v.seed_id, v.partner_id, v.new_date,
               nextval('account_move_id_seq')::int AS new_id,
               v.new_date - m.invoice_date AS shift,
               m.journal_id,
               split_part(m.sequence_prefix, '/', 1) || '/'
                   || extract(year FROM v.new_date)::int || '/' AS prefix,
               m.name AS old_name,
               0 AS seqnum, ''::varchar AS new_name
          FROM unnest(%s::int[], %s::int[], %s::int[], %s::date[])
               AS v(ord, seed_id, partner_id, new_date)
          JOIN account_move m ON m.id = v.seed_id
        """,
        [list(range(count)), c_seed, partner_ids, c_date],
    )
    # without statistics the planner joins the temp table with itself in a nested loop
    cr.execute("CREATE UNIQUE INDEX ON bench_clone_map (ord)")
    cr.execute("ANALYZE bench_clone_map")
    cr.execute(
        """
        WITH mx AS (
            SELECT journal_id, sequence_prefix, MAX(sequence_number) AS mx
              FROM account_move GROUP BY 1, 2
        ), num AS (
            SELECT c.ord,
                   COALESCE(mx.mx, 0) + ROW_NUMBER() OVER (
                       PARTITION BY c.journal_id, c.prefix
                       ORDER BY c.new_date, c.ord) AS seqnum
              FROM bench_clone_map c
         LEFT JOIN mx ON mx.journal_id = c.journal_id AND mx.sequence_prefix = c.prefix
        )
        UPDATE bench_clone_map c
           SET seqnum = num.seqnum,
               new_name = c.prefix || lpad(num.seqnum::text,
                                           greatest(5, length(num.seqnum::text)), '0')
          FROM num WHERE num.ord = c.ord
        """
    )
    cr.execute("CREATE INDEX ON bench_clone_map (seed_id)")
    cr.execute("ANALYZE bench_clone_map")

    now = "(now() AT TIME ZONE 'UTC')"
    move_cols = set(table_columns(cr, "account_move"))
    overrides = {
        "name": "c.new_name",
        "sequence_prefix": "c.prefix",
        "sequence_number": "c.seqnum",
        "payment_reference": "c.new_name",
        "partner_id": "c.partner_id",
        "commercial_partner_id": "c.partner_id",
        "partner_shipping_id": "c.partner_id",
        "invoice_partner_display_name": "p.name",
        "date": "src.date + c.shift",
        "invoice_date": "src.invoice_date + c.shift",
        "invoice_date_due": "src.invoice_date_due + c.shift",
        "create_date": now,
        "write_date": now,
    }
    for col in (
        "ref",
        "access_token",
        "reversed_entry_id",
        "inalterable_hash",
        "secure_sequence_number",
        "message_main_attachment_id",
        "statement_line_id",
        "payment_id",
        "origin_payment_id",
        "auto_post_origin_id",
        "tax_cash_basis_rec_id",
        "tax_cash_basis_origin_move_id",
        "invoice_origin",
        "overdue_tier_id",
        "overdue_due_date",
        "overdue_check_date",
    ):
        overrides[col] = "NULL"
    overrides = {k: v for k, v in overrides.items() if k in move_cols}
    n_moves = insert_select(
        cr,
        "account_move",
        overrides,
        "FROM bench_clone_map c JOIN account_move src ON src.id = c.seed_id "
        "JOIN res_partner p ON p.id = c.partner_id",
        "c.new_id",
    )

    cr.execute("DROP TABLE IF EXISTS bench_line_map")
    cr.execute(
        """
        CREATE TEMP TABLE bench_line_map AS
        SELECT nextval('account_move_line_id_seq')::int AS new_id, l.id AS old_id,
               c.new_id AS move_id, c.shift, c.partner_id, c.new_name, c.old_name
          FROM bench_clone_map c JOIN account_move_line l ON l.move_id = c.seed_id
        """
    )
    cr.execute("CREATE INDEX ON bench_line_map (old_id)")
    cr.execute("ANALYZE bench_line_map")
    line_cols = set(table_columns(cr, "account_move_line"))
    overrides = {
        "move_id": "lm.move_id",
        "move_name": "lm.new_name",
        "name": "CASE WHEN src.name = lm.old_name THEN lm.new_name ELSE src.name END",
        "partner_id": "CASE WHEN src.partner_id IS NULL THEN NULL "
        "ELSE lm.partner_id END",
        "date": "src.date + lm.shift",
        "invoice_date": "src.invoice_date + lm.shift",
        "date_maturity": "src.date_maturity + lm.shift",
        "create_date": now,
        "write_date": now,
    }
    for col in (
        "full_reconcile_id",
        "matching_number",
        "ref",
        "statement_line_id",
        "payment_id",
        "reconcile_model_id",
        "statement_id",
    ):
        overrides[col] = "NULL"
    overrides = {k: v for k, v in overrides.items() if k in line_cols}
    n_lines = insert_select(
        cr,
        "account_move_line",
        overrides,
        "FROM bench_line_map lm JOIN account_move_line src ON src.id = lm.old_id",
        "lm.new_id",
    )
    # many2many rows of the lines (taxes, tax tags)
    cr.execute(
        """
        SELECT c.table_name, c.column_name
          FROM information_schema.columns c
         WHERE c.table_schema = 'public'
           AND c.table_name IN ('account_move_line_account_tax_rel',
                                'account_account_tag_account_move_line_rel')
           AND c.column_name <> 'account_move_line_id'
        """
    )
    for table, other in cr.fetchall():
        cr.execute(
            f'INSERT INTO "{table}" (account_move_line_id, "{other}") '
            f'SELECT lm.new_id, r."{other}" FROM bench_line_map lm '
            f'JOIN "{table}" r ON r.account_move_line_id = lm.old_id'
        )
    log(f"  cloned {n_moves} moves, {n_lines} lines")
    return n_moves


def reset_addon_state(cr, as_of, markers=None):
    """No tier, due date, check date, customer status, warning activity or
    warning message; then every open customer invoice due for a check at
    ``as_of``, as a change of the tier table leaves it."""
    cr.execute(
        """
        UPDATE account_move
           SET overdue_tier_id = NULL, overdue_due_date = NULL,
               overdue_check_date = NULL
         WHERE overdue_tier_id IS NOT NULL OR overdue_due_date IS NOT NULL
            OR overdue_check_date IS NOT NULL
        """
    )
    cr.execute("DELETE FROM ar_partner_status")
    cr.execute(
        """
        DELETE FROM mail_activity WHERE activity_type_id IN (
            SELECT res_id FROM ir_model_data
             WHERE module = %s AND name = 'mail_activity_type_overdue_warning')
        """,
        [ADDON],
    )
    # the automatic credit holds (when the addon has them) follow the
    # customers' tiers: without statuses there is no tier hold either
    cr.execute(
        "SELECT column_name FROM information_schema.columns "
        "WHERE table_schema = 'public' AND table_name = 'ar_partner_credit'"
    )
    credit_cols = {row[0] for row in cr.fetchall()}
    if {"hold_causes", "on_hold", "hold_since", "hold_manual"} <= credit_cols:
        cr.execute(
            "UPDATE ar_partner_credit "
            "SET hold_causes = NULL, on_hold = FALSE, hold_since = NULL "
            "WHERE hold_manual IS NOT TRUE AND (hold_causes IS NOT NULL OR on_hold)"
        )
    if markers:
        # the addon's warnings logged on customers, and the followers the
        # warning activities subscribed
        cr.execute(
            "DELETE FROM mail_message WHERE model = 'res.partner' AND id > %s",
            [markers["message"]],
        )
        cr.execute(
            "DELETE FROM mail_followers WHERE res_model = 'res.partner' AND id > %s",
            [markers["follower"]],
        )
    cr.execute(
        """
        UPDATE account_move m
           SET overdue_check_date = %(as_of)s
         WHERE m.state = 'posted'
           AND m.move_type IN %(types)s
           AND EXISTS (
               SELECT 1 FROM account_move_line l
                 JOIN account_account a
                   ON a.id = l.account_id AND a.account_type = 'asset_receivable'
                WHERE l.move_id = m.id AND l.parent_state = 'posted'
                  AND l.reconciled IS NOT TRUE AND l.amount_residual > 0)
        """,
        {"as_of": as_of, "types": CUSTOMER_TYPES},
    )
    return cr.rowcount


def build_template(args, name, ref_date, logdir):
    """Data first, addon second: customers, seed invoices and clones are made
    on a database without the addon (so posting runs at core speed and the
    data do not depend on the addon's features), then the addon is installed
    as on an existing database and its own state is reset."""
    tmp = f"{name}_tmp"
    if db_exists(tmp):
        drop_db(tmp)
    t_build = time.perf_counter()
    if not db_exists(args.db_template):
        # a fresh machine: the base is Odoo with `account`, no demo data
        log(f"Creating {args.db_template} with `account` (about a minute, once)")
        base_tmp = f"{args.db_template}_building"
        if db_exists(base_tmp):
            drop_db(base_tmp)
        run_odoo(base_tmp, "-i", "account", logfile=f"/tmp/{base_tmp}.log")
        close_odoo(base_tmp)
        rename_db(base_tmp, args.db_template)
    log(f"Building template {name} from {args.db_template} (once; kept for later runs)")
    copy_db(args.db_template, tmp)
    rng = random.Random(args.seed)
    registry = Registry(tmp)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        salespeople, risk_manager, collector = make_users(env)
        t0 = time.perf_counter()
        customers = make_customers(env, rng, args.customers, salespeople)
        cr.commit()
        log(f"  {len(customers)} customers in {time.perf_counter() - t0:.1f}s")
        cr.execute("SELECT COALESCE(MAX(id), 0) FROM mail_message")
        markers = {"message": cr.fetchone()[0]}
        cr.execute("SELECT COALESCE(MAX(id), 0) FROM mail_followers")
        markers["follower"] = cr.fetchone()[0]
        n_seeds = min(args.seed_invoices, args.invoices)
        seeds = build_seeds(env, rng, customers, n_seeds, ref_date)
        t0 = time.perf_counter()
        cloned = clone_moves(
            cr, rng, seeds, customers, args.invoices - len(seeds), ref_date
        )
        cr.commit()
        log(f"  clones in {time.perf_counter() - t0:.1f}s")
        company_id = env.company.id
        user_ids = (risk_manager.id, collector.id)
        n_seeds = len(seeds)
    close_odoo(tmp)
    vacuum_analyze(tmp)

    t0 = time.perf_counter()
    log(
        f"  installing the addon (odoo-bin -i {ADDON}; its post_init_hook classifies "
        "every posted invoice)"
    )
    run_odoo(tmp, "-i", ADDON, logfile=os.path.join(logdir, f"{name}.install.log"))
    log(f"  installed in {time.perf_counter() - t0:.1f}s")
    with pg_cursor(tmp) as cr:
        cr.execute(
            "UPDATE res_company SET overdue_risk_manager_id = %s, "
            "overdue_collection_user_id = %s WHERE id = %s",
            [*user_ids, company_id],
        )
        open_count = reset_addon_state(cr, ref_date, markers)
        meta_set(
            cr,
            {
                "template_version": TEMPLATE_VERSION,
                "addon_hash": addon_hash(),
                "ref_date": ref_date.isoformat(),
                "customers": args.customers,
                "invoices": n_seeds + cloned,
                "seed_invoices": n_seeds,
                "cloned_invoices": cloned,
                "open_invoices": open_count,
                "seed": args.seed,
                "markers": json.dumps(markers),
                "reset_version": RESET_VERSION,
            },
        )
    vacuum_analyze(tmp)
    rename_db(tmp, name)
    log(f"Template {name} built in {time.perf_counter() - t_build:.0f}s")


def ensure_template(args, ref_date):
    name = f"arom_bench_{args.customers}_{args.invoices}_{args.seed}"
    logdir = os.environ.get("TMPDIR", "/tmp")
    meta = meta_get(name) if db_exists(name) else {}
    if meta and (
        meta.get("template_version") != TEMPLATE_VERSION
        or meta.get("ref_date") != ref_date.isoformat()
    ):
        log(f"Template {name} was built differently ({meta}); rebuilding")
        drop_db(name)
        meta = {}
    if not meta:
        if db_exists(name):
            drop_db(name)
        build_template(args, name, ref_date, logdir)
        return name
    current = addon_hash()
    if meta.get("addon_hash") != current or meta.get("reset_version") != RESET_VERSION:
        log(
            f"Addon (or this script's reset) changed since {name} was built: "
            f"updating it (-u {ADDON}) on a copy"
        )
        tmp = f"{name}_upd"
        copy_db(name, tmp)
        run_odoo(tmp, "-u", ADDON, logfile=os.path.join(logdir, f"{name}.update.log"))
        with pg_cursor(tmp) as cr:
            # an update may have classified or warned: start clean again
            open_count = reset_addon_state(
                cr, ref_date, json.loads(meta.get("markers") or "null")
            )
            meta_set(
                cr,
                {
                    "addon_hash": current,
                    "open_invoices": open_count,
                    "reset_version": RESET_VERSION,
                },
            )
        vacuum_analyze(tmp)
        drop_db(name)
        rename_db(tmp, name)
    else:
        log(f"Reusing template {name}")
    return name


# ----------------------------------------------------------------------------
# Measurement
# ----------------------------------------------------------------------------
FLOOR_SQL = """
WITH open_due AS (
    SELECT l.move_id, MIN(COALESCE(l.date_maturity, l.date)) AS due
      FROM account_move_line l
      JOIN account_account a
        ON a.id = l.account_id AND a.account_type = 'asset_receivable'
     WHERE l.parent_state = 'posted'
       AND l.reconciled IS NOT TRUE
       AND l.amount_residual > 0
  GROUP BY l.move_id
), classified AS (
    SELECT m.id,
           (SELECT t.id FROM ar_overdue_tier t
             WHERE t.company_id = m.company_id AND t.active
               AND %(as_of)s::date - o.due >= t.days_from
               AND (COALESCE(t.days_to, 0) = 0 OR %(as_of)s::date - o.due <= t.days_to)
             ORDER BY t.days_from LIMIT 1) AS tier_id
      FROM account_move m
 LEFT JOIN open_due o ON o.move_id = m.id
     WHERE m.state = 'posted' AND m.move_type IN %(types)s
       AND m.overdue_disputed IS NOT TRUE
       AND (o.move_id IS NOT NULL OR m.overdue_tier_id IS NOT NULL)
)
UPDATE account_move m
   SET overdue_tier_id = c.tier_id
  FROM classified c
 WHERE m.id = c.id AND m.overdue_tier_id IS DISTINCT FROM c.tier_id
"""

# Invoices whose stored tier differs from what the floor statement computes
# (a correctness cross-check of the addon's classification).
DISAGREE_SQL = (
    "SELECT COUNT(*) FROM ("
    + FLOOR_SQL.split("UPDATE account_move m")[0]
    + " SELECT 1 FROM account_move m LEFT JOIN classified c ON c.id = m.id"
    " WHERE m.state = 'posted' AND m.move_type IN %(types)s"
    " AND m.overdue_tier_id IS DISTINCT FROM c.tier_id) x"
)


def run_floor(db, as_of, rollback=False):
    conn = pg_connect(db)
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT 1")  # connection set up outside the timing
            t0 = time.perf_counter()
            cur.execute(FLOOR_SQL, {"as_of": as_of, "types": CUSTOMER_TYPES})
            rows = cur.rowcount
            if rollback:
                elapsed = time.perf_counter() - t0
                conn.rollback()
            else:
                conn.commit()
                elapsed = time.perf_counter() - t0
        return elapsed, rows
    finally:
        conn.close()


def sql_scalar(db, query, params=None):
    with pg_cursor(db) as cur:
        cur.execute(query, params)
        value = cur.fetchone()[0]
    return value


class Probe:
    """Wraps the addon's phases to accumulate time, queries and counts.

    ``classify``: ``account.move._overdue_classify`` (tiers, due and check
    dates); ``partners``: ``ar.partner.status._overdue_refresh_partners``
    minus what is counted apart below; ``notify``: ``_overdue_notify``
    (messages and activities); ``holds``: the credit hold refresh called from
    the partner refresh, when the addon has one.
    """

    PHASES = (
        ("account.move", "_overdue_classify", "classify"),
        ("ar.partner.status", "_overdue_refresh_partners", "partners"),
        ("ar.partner.status", "_overdue_notify", "notify"),
        ("ar.partner.credit", "_credit_refresh_holds_pairs", "holds"),
    )

    def __init__(self, registry):
        self.reset()
        for model, method, key in self.PHASES:
            cls = registry.get(model) if model in registry else None
            if cls is not None and hasattr(cls, method):
                self._wrap(cls, method, key)

    def reset(self):
        keys = [key for _m, _f, key in self.PHASES]
        self.time = dict.fromkeys(keys, 0.0)
        self.queries = dict.fromkeys(keys, 0)
        self.count = dict.fromkeys(keys, 0)
        self.notified = set()
        self.refreshed = set()

    def _wrap(self, cls, method, key):
        original = getattr(cls, method)
        probe = self

        def wrapper(self_, *args, **kwargs):
            q0 = odoo.sql_db.sql_counter
            t0 = time.perf_counter()
            try:
                return original(self_, *args, **kwargs)
            finally:
                probe.time[key] += time.perf_counter() - t0
                probe.queries[key] += odoo.sql_db.sql_counter - q0
                if key == "partners" and args:
                    probe.count[key] += len(args[0] or ())
                    probe.refreshed.update(args[0] or ())
                elif key == "notify":
                    probe.count[key] += len(self_)
                    probe.notified.update(self_.ids)

        wrapper.__name__ = method
        setattr(cls, method, wrapper)


class SqlLog:
    """Per-statement time of the SQL the run sends (``--profile`` only):
    which queries carry the time, named by the addon function that sent them."""

    def __init__(self):
        self.stats = {}
        self.active = False
        original = odoo.sql_db.Cursor.execute
        log_ = self

        def execute(cursor, query, params=None, log_exceptions=True):
            if not log_.active:
                return original(cursor, query, params, log_exceptions)
            t0 = time.perf_counter()
            try:
                return original(cursor, query, params, log_exceptions)
            finally:
                elapsed = time.perf_counter() - t0
                frame, caller = sys._getframe(1), "?"
                while frame:
                    code = frame.f_code
                    if ADDON in code.co_filename:
                        caller = (
                            f"{os.path.relpath(code.co_filename, REPO_ROOT)}:"
                            f"{code.co_name}:{frame.f_lineno}"
                        )
                        break
                    frame = frame.f_back
                text = " ".join(str(getattr(query, "code", query)).split())[:110]
                entry = log_.stats.setdefault((caller, text), [0, 0.0])
                entry[0] += 1
                entry[1] += elapsed

        odoo.sql_db.Cursor.execute = execute

    def dump(self, path):
        rows = sorted(self.stats.items(), key=lambda kv: -kv[1][1])
        with open(path, "w") as fh:
            fh.write(f"{'ms':>9} {'calls':>6}  caller | statement\n")
            for (caller, text), (calls, seconds) in rows:
                fh.write(f"{seconds * 1000:9.1f} {calls:6d}  {caller} | {text}\n")
        self.stats = {}


def run_until_done(registry, call):
    """Call ``call(env)`` (a cron method returning ``done``/``remaining``)
    until nothing remains, one committed transaction per batch as the cron
    runner does; return ``(done, batches)``."""
    done = batches = 0
    while True:
        with registry.cursor() as cr:
            result = call(api.Environment(cr, SUPERUSER_ID, {}))
            cr.commit()
        batches += 1
        done += result["done"]
        if not result["remaining"]:
            return done, batches
        if batches > 100000:
            raise RuntimeError("the scheduled action does not converge")


def cron_loop(registry, probe, as_of, batch_size, profile=None, sql_log=None):
    """Call the daily run until nothing remains, one transaction per batch
    as the cron runner does; return timing and counts."""
    probe.reset()
    q0 = odoo.sql_db.sql_counter
    if profile:
        profile.enable()
    if sql_log:
        sql_log.active = True
    t0 = time.perf_counter()
    done, batches = run_until_done(
        registry,
        lambda env: env["account.move"]._cron_overdue_refresh(as_of, batch_size),
    )
    elapsed = time.perf_counter() - t0
    if profile:
        profile.disable()
    if sql_log:
        sql_log.active = False
    return {
        "seconds": elapsed,
        "queries": odoo.sql_db.sql_counter - q0,
        "batches": batches,
        "invoices": done,
        "customers_refreshed": probe.count["partners"],
        "customers_notified": probe.count["notify"],
        "customers_notified_distinct": len(probe.notified),
        "customers_refreshed_distinct": len(probe.refreshed),
        "classify_seconds": probe.time["classify"],
        "classify_queries": probe.queries["classify"],
        "partners_seconds": probe.time["partners"]
        - probe.time["notify"]
        - probe.time["holds"],
        "partners_queries": probe.queries["partners"]
        - probe.queries["notify"]
        - probe.queries["holds"],
        "notify_seconds": probe.time["notify"],
        "notify_queries": probe.queries["notify"],
        "holds_seconds": probe.time["holds"],
        "holds_queries": probe.queries["holds"],
    }


def rating_loop(registry, as_of, batch_size=None):
    """Call the monthly credit rating until every customer with activity is
    rated, one transaction per batch; return timing and counts."""
    q0 = odoo.sql_db.sql_counter
    t0 = time.perf_counter()
    done, batches = run_until_done(
        registry,
        lambda env: env["ar.partner.credit"]._cron_credit_rate(as_of, batch_size),
    )
    return {
        "seconds": time.perf_counter() - t0,
        "queries": odoo.sql_db.sql_counter - q0,
        "batches": batches,
        "customers": done,
    }


def tier_snapshot(db):
    with pg_cursor(db) as cur:
        cur.execute("DROP TABLE IF EXISTS arom_bench_snap")
        cur.execute(
            "CREATE TABLE arom_bench_snap AS "
            "SELECT id, overdue_tier_id FROM account_move "
            "WHERE overdue_tier_id IS NOT NULL"
        )


def tier_changes(db):
    return sql_scalar(
        db,
        """
        SELECT COUNT(*) FROM account_move m
     FULL JOIN arom_bench_snap s ON s.id = m.id
         WHERE m.overdue_tier_id IS DISTINCT FROM s.overdue_tier_id
        """,
    )


def measure_once(template, index, as_of, batch_size, keep, profile_dir):
    next_day = as_of + timedelta(days=1)
    result = {}

    # (d) the floor at as_of, on a fresh copy: same start as (a)
    db_floor = f"{template}_m{index}_floor"
    copy_db(template, db_floor)
    result["floor_seconds"], result["floor_rows"] = run_floor(db_floor, as_of)
    if not keep:
        drop_db(db_floor)

    db = f"{template}_m{index}"
    copy_db(template, db)
    registry = Registry(db)
    probe = Probe(registry)
    profiles, sql_logs = {}, {}
    if profile_dir:
        profiles = {"a": cProfile.Profile(), "b": cProfile.Profile()}
        sql_logs = {"a": SQL_LOG, "b": SQL_LOG}

    result["a"] = cron_loop(
        registry, probe, as_of, batch_size, profiles.get("a"), sql_logs.get("a")
    )
    if sql_logs:
        SQL_LOG.dump(os.path.join(profile_dir, "sql_a.txt"))
    result["a"]["tiered_invoices"] = sql_scalar(
        db, "SELECT COUNT(*) FROM account_move WHERE overdue_tier_id IS NOT NULL"
    )
    result["disagreements_a"] = sql_scalar(
        db, DISAGREE_SQL, {"as_of": as_of, "types": CUSTOMER_TYPES}
    )
    # (d+1) the floor of the next day on (a)'s state, rolled back
    result["floor_next_seconds"], result["floor_next_rows"] = run_floor(
        db, next_day, rollback=True
    )
    tier_snapshot(db)
    result["b"] = cron_loop(
        registry, probe, next_day, batch_size, profiles.get("b"), sql_logs.get("b")
    )
    if sql_logs:
        SQL_LOG.dump(os.path.join(profile_dir, "sql_b.txt"))
    result["b"]["tier_changes"] = tier_changes(db)
    result["disagreements_b"] = sql_scalar(
        db, DISAGREE_SQL, {"as_of": next_day, "types": CUSTOMER_TYPES}
    )
    result["c"] = cron_loop(registry, probe, next_day, batch_size)
    # (e) the monthly credit rating of every customer, after the daily runs
    if "ar.partner.credit" in registry:
        result["e"] = rating_loop(registry, next_day)
    for key, prof in profiles.items():
        path = os.path.join(profile_dir, f"run_{key}.pstats")
        prof.dump_stats(path)
        out = io.StringIO()
        pstats.Stats(prof, stream=out).sort_stats("cumulative").print_stats(40)
        with open(os.path.join(profile_dir, f"run_{key}.txt"), "w") as fh:
            fh.write(out.getvalue())
        log(f"  cProfile of ({key}) written to {path} (+ .txt)")
    if keep:
        close_odoo(db)
    else:
        drop_db(db)
    return result


SQL_LOG = None


def git_state():
    """Commit of the checkout and whether the addon differs from it."""
    try:
        head = subprocess.run(
            ["git", "-C", REPO_ROOT, "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", REPO_ROOT, "status", "--porcelain", "--", ADDON],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None
    return head + ("+dirty" if dirty else "")


def summarize(values):
    return {
        "median": statistics.median(values),
        "min": min(values),
        "max": max(values),
    }


def fmt_s(seconds):
    if seconds < 1:
        return f"{seconds * 1000:8.1f} ms"
    return f"{seconds:8.2f} s "


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
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
    args = parser.parse_args()

    odoo.tools.config.parse_config(
        [f"--addons-path={addons_path()}", "--log-level=warn", "--without-demo=all"]
    )
    ref_date = date.fromisoformat(args.as_of)
    template = ensure_template(args, ref_date)
    meta = meta_get(template)
    if args.profile:
        os.makedirs(args.profile, exist_ok=True)
        global SQL_LOG
        SQL_LOG = SqlLog()

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

    if args.profile:
        # profiling slows the run down: an extra run, left out of the figures
        log("Profiled run (not counted in the figures)")
        prof = measure_once(
            template, "p", ref_date, args.batch_size, False, args.profile
        )
        log(
            f"  (a) {prof['a']['seconds']:.2f}s  (b) {prof['b']['seconds']:.3f}s "
            "under the "
            f"profiler; profiles and SQL statement times in {args.profile}"
        )

    def series(path):
        values = []
        for r in runs:
            v = r
            for key in path:
                v = v[key]
            values.append(v)
        return summarize(values)

    fig = {
        "a": series(("a", "seconds")),
        "b": series(("b", "seconds")),
        "c": series(("c", "seconds")),
        "d": series(("floor_seconds",)),
        "d_next": series(("floor_next_seconds",)),
        "a_classify": series(("a", "classify_seconds")),
        "a_partners": series(("a", "partners_seconds")),
        "a_notify": series(("a", "notify_seconds")),
        "a_holds": series(("a", "holds_seconds")),
        "b_partners": series(("b", "partners_seconds")),
        "b_notify": series(("b", "notify_seconds")),
        "b_holds": series(("b", "holds_seconds")),
        "b_classify": series(("b", "classify_seconds")),
    }
    if "e" in runs[0]:
        fig["e"] = series(("e", "seconds"))
    first = runs[0]
    ratio = lambda x, y: (x / y) if y else None  # noqa: E731
    notify_per = ratio(fig["a_notify"]["median"], first["a"]["customers_notified"])
    report = {
        "customers": int(meta.get("customers", args.customers)),
        "invoices": int(meta.get("invoices", args.invoices)),
        "seed_invoices": int(meta.get("seed_invoices", 0)),
        "open_invoices_at_start": int(meta.get("open_invoices", 0)),
        "as_of": ref_date.isoformat(),
        "repeat": args.repeat,
        "template": template,
        "addon_hash": meta.get("addon_hash"),
        "git": git_state(),
        "seconds": {k: v for k, v in fig.items()},
        "ratio_a_to_floor": ratio(fig["a"]["median"], fig["d"]["median"]),
        "ratio_classify_a_to_floor": ratio(
            fig["a_classify"]["median"], fig["d"]["median"]
        ),
        "ratio_b_to_floor_next": ratio(fig["b"]["median"], fig["d_next"]["median"]),
        "ratio_classify_b_to_floor_next": ratio(
            fig["b_classify"]["median"], fig["d_next"]["median"]
        ),
        "queries": {k: first[k]["queries"] for k in ("a", "b", "c")},
        "queries_by_phase_a": {
            "classify": first["a"]["classify_queries"],
            "partners": first["a"]["partners_queries"],
            "notify": first["a"]["notify_queries"],
            "holds": first["a"]["holds_queries"],
        },
        "queries_by_phase_b": {
            "classify": first["b"]["classify_queries"],
            "partners": first["b"]["partners_queries"],
            "notify": first["b"]["notify_queries"],
            "holds": first["b"]["holds_queries"],
        },
        "batches": {k: first[k]["batches"] for k in ("a", "b", "c")},
        "invoices_processed": {k: first[k]["invoices"] for k in ("a", "b", "c")},
        "customers_refreshed": {
            k: first[k]["customers_refreshed"] for k in ("a", "b", "c")
        },
        "customers_notified": {
            k: first[k]["customers_notified"] for k in ("a", "b", "c")
        },
        "customers_refreshed_distinct": {
            k: first[k]["customers_refreshed_distinct"] for k in ("a", "b", "c")
        },
        "customers_notified_distinct": {
            k: first[k]["customers_notified_distinct"] for k in ("a", "b", "c")
        },
        "seconds_per_notification": notify_per,
        "tiered_invoices_after_a": first["a"]["tiered_invoices"],
        "tier_changes_b": first["b"]["tier_changes"],
        "floor_rows": first["floor_rows"],
        "floor_next_rows": first["floor_next_rows"],
        "rating": (
            {
                "customers": first["e"]["customers"],
                "batches": first["e"]["batches"],
                "queries": first["e"]["queries"],
                "seconds": fig["e"],
                "ms_per_customer": 1000 * fig["e"]["median"] / first["e"]["customers"]
                if first["e"]["customers"]
                else None,
            }
            if "e" in first
            else None
        ),
        "disagreements_with_floor": {
            "a": first["disagreements_a"],
            "b": first["disagreements_b"],
        },
    }

    print()
    print(
        f"ar_overdue_management daily run: {report['customers']} customers, "
        f"{report['invoices']} invoices ({report['seed_invoices']} through the ORM, "
        f"the rest cloned), {report['open_invoices_at_start']} open; "
        f"as of {report['as_of']}; "
        f"median of {args.repeat} fresh copies; addon at {report['git']} "
        f"(source hash {report['addon_hash']})"
    )
    print()
    print(f"{'measure':<44}{'median':>12}{'min':>12}{'max':>12}{'queries':>9}")
    rows = [
        ("(a) first full run (cron loop)", "a", first["a"]["queries"]),
        (
            "    of which classify + tier writes",
            "a_classify",
            first["a"]["classify_queries"],
        ),
        ("    of which customer figures", "a_partners", first["a"]["partners_queries"]),
        ("    of which notifications", "a_notify", first["a"]["notify_queries"]),
        ("    of which credit holds", "a_holds", first["a"]["holds_queries"]),
        ("(b) next day (as_of + 1)", "b", first["b"]["queries"]),
        (
            "    of which classify + tier writes",
            "b_classify",
            first["b"]["classify_queries"],
        ),
        ("    of which customer figures", "b_partners", first["b"]["partners_queries"]),
        ("    of which notifications", "b_notify", first["b"]["notify_queries"]),
        ("    of which credit holds", "b_holds", first["b"]["holds_queries"]),
        ("(c) same day again", "c", first["c"]["queries"]),
        ("(d) floor at as_of (one UPDATE)", "d", 1),
        ("(d+1) floor at as_of + 1 after (a)", "d_next", 1),
    ]
    if "e" in fig:
        rows.append(
            (
                f"(e) credit rating, {first['e']['customers']} customers",
                "e",
                first["e"]["queries"],
            )
        )
    for label, key, queries in rows:
        f = fig[key]
        print(
            f"{label:<44}{fmt_s(f['median']):>12}{fmt_s(f['min']):>12}{fmt_s(f['max']):>12}"
            f"{queries:>9}"
        )
    print()
    fmt_r = lambda v: f"{v:.1f}x" if v is not None else "n/a"  # noqa: E731
    print(f"ratio (a) / (d)                      {fmt_r(report['ratio_a_to_floor'])}")
    print(
        "ratio classify of (a) / (d)          "
        f"{fmt_r(report['ratio_classify_a_to_floor'])}"
    )
    print(
        f"ratio (b) / (d+1)                    {fmt_r(report['ratio_b_to_floor_next'])}"
    )
    print(
        "ratio classify of (b) / (d+1)        "
        f"{fmt_r(report['ratio_classify_b_to_floor_next'])}"
    )
    for key, label in (("a", "(a)"), ("b", "(b)"), ("c", "(c)")):
        print(
            f"{label}: {report['invoices_processed'][key]} invoices in "
            f"{report['batches'][key]} batch(es); customer refreshes "
            f"{report['customers_refreshed'][key]} "
            f"({report['customers_refreshed_distinct'][key]} distinct); notifications "
            f"{report['customers_notified'][key]} "
            f"({report['customers_notified_distinct'][key]} distinct customers); "
            f"{report['queries'][key]} queries"
        )
    if notify_per is not None:
        print(f"time per customer notification       {notify_per * 1000:.1f} ms")
    print(
        f"invoices with a tier after (a)       {report['tiered_invoices_after_a']} "
        f"(floor wrote {report['floor_rows']})"
    )
    print(
        f"tier changes in (b)                  {report['tier_changes_b']} "
        f"(floor+1 wrote {report['floor_next_rows']})"
    )
    print(
        "tiers differing from the floor's     "
        f"after (a): {report['disagreements_with_floor']['a']}, "
        f"after (b): {report['disagreements_with_floor']['b']}"
    )
    print()
    if args.drop_templates:
        drop_db(template)
        log(f"Dropped template {template}")
    print(json.dumps(report, sort_keys=True))


if __name__ == "__main__":
    main()
