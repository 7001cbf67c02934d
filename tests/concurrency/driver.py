"""One worker of the concurrency tests, run by ``run.py`` with Odoo's Python.

    driver.py DB setup AS_OF            build the data set (once, on a copy)
    driver.py DB run daily|dunning|statement|rating|provision AS_OF [--wait] [--hold N]

``run`` opens the registry of DB and calls the scheduled action's method in
a loop, one committed transaction per batch, as Odoo's cron runner does
(``bench/arom_bench/measure.py: run_until_done``).  A batch that fails on a
concurrency error PostgreSQL raises (serialization failure, deadlock, lock
not available) is rolled back and tried again, as the cron runner does at
its next call.  With ``--wait`` it says ``ready`` once the registry is
loaded and starts on a line from stdin, so that two workers start together.
It prints ``committed N done=.. remaining=..`` after each batch; with
``--hold N`` it says ``holding N`` when batch N's work is done but not yet
committed and waits there, for ``run.py`` to kill it in that state.
"""

import argparse
import sys
import time
from datetime import date, timedelta

import odoo
from odoo import SUPERUSER_ID, api
from odoo.fields import Command
from odoo.service.model import PG_CONCURRENCY_ERRORS_TO_RETRY

# small batches: the data set fills several of each run
BATCH_PARAMS = {
    "ar_overdue_management.batch_size": "12",
    "ar_overdue_management.dunning_batch_size": "6",
    "ar_overdue_management.statement_batch_size": "6",
    # PDFs are rendered the same way in every run; leaving them out keeps
    # the phase quick (the letters and statements and their mails are made)
    "ar_overdue_management.dunning_pdf": "0",
}
CUSTOMERS = 40
# the data is entered this many days before AS_OF: the run then finds
# invoices that crossed tiers, or fell due, since
DAYS_BEFORE = 40

RUNS = {
    "daily": ("account.move", "_cron_overdue_refresh"),
    "dunning": ("ar.dunning.letter", "_cron_dunning_send"),
    "statement": ("ar.statement", "_cron_statement_run"),
    "rating": ("ar.partner.credit", "_cron_credit_rate"),
    "provision": ("ar.provision.run", "_cron_provision_monthly"),
}


def say(text):
    print(text, flush=True)


def setup(registry, as_of):
    """Customers with open invoices of various ages, entered (posted and
    classified) ``DAYS_BEFORE`` days before ``as_of``."""
    from freezegun import freeze_time

    entered = as_of - timedelta(days=DAYS_BEFORE)
    with freeze_time(entered), registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        for key, value in BATCH_PARAMS.items():
            env["ir.config_parameter"].set_param(key, value)
        company = env.company
        user = env.ref("base.user_admin")
        partners = env["res.partner"].create(
            [
                {
                    "name": f"Concurrency Customer {i:02d}",
                    "is_company": True,
                    "email": f"customer{i:02d}@concurrency.example",
                    "user_id": user.id,
                }
                for i in range(CUSTOMERS)
            ]
        )
        # days past due on the day entered: -30 (due only later) to 150
        ages = (-30, -10, 5, 20, 45, 80, 150)
        moves = env["account.move"]
        for i, partner in enumerate(partners):
            for j in range(1 + i % 3):
                due = entered - timedelta(days=ages[(i + 3 * j) % len(ages)])
                moves |= moves.create(
                    {
                        "move_type": "out_invoice",
                        "partner_id": partner.id,
                        "invoice_date": min(due, entered),
                        "invoice_date_due": due,
                        "invoice_payment_term_id": False,
                        "currency_id": company.currency_id.id,
                        "invoice_line_ids": [
                            Command.create(
                                {
                                    "name": "Goods",
                                    "quantity": 1,
                                    "price_unit": 150.0 + 37.25 * i + 11.5 * j,
                                    "tax_ids": [Command.clear()],
                                }
                            )
                        ],
                    }
                )
        moves.action_post()
        cr.commit()
        say(f"setup: {len(partners)} customers, {len(moves)} invoices on {entered}")


def run(registry, name, as_of, wait, hold):
    model, method = RUNS[name]
    if wait:
        say("ready")
        sys.stdin.readline()
    batch = done = retries = 0
    started = time.monotonic()
    while True:
        batch += 1
        try:
            with registry.cursor() as cr:
                env = api.Environment(cr, SUPERUSER_ID, {})
                result = getattr(env[model], method)(as_of=as_of)
                if not isinstance(result, dict):
                    # the provision books its runs at once
                    result = {"done": len(result), "remaining": 0}
                if batch == hold:
                    env.flush_all()
                    say(f"holding {batch}")
                    time.sleep(600)
                cr.commit()
        except odoo.sql_db.psycopg2.Error as error:
            if error.pgcode not in PG_CONCURRENCY_ERRORS_TO_RETRY or retries > 50:
                raise
            retries += 1
            batch -= 1
            say(f"retry after {error.pgcode}")
            time.sleep(0.1)
            continue
        done += result["done"]
        say(f"committed {batch} done={result['done']} remaining={result['remaining']}")
        if not result["remaining"]:
            break
        if batch > 1000:
            raise RuntimeError(f"{name} does not converge")
    say(
        f"finished {name}: {done} done in {batch} batches, {retries} retried, "
        f"{time.monotonic() - started:.2f} s"
    )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("db")
    parser.add_argument("command", choices=["setup", "run"])
    parser.add_argument("args", nargs="*")
    parser.add_argument("--addons-path", required=True)
    parser.add_argument("--wait", action="store_true")
    parser.add_argument("--hold", type=int, default=0)
    options = parser.parse_args()
    odoo.tools.config.parse_config(
        [
            "-d",
            options.db,
            "--addons-path",
            options.addons_path,
            "--log-level",
            "warn",
            "--no-http",
        ]
    )
    registry = odoo.modules.registry.Registry(options.db)
    if options.command == "setup":
        setup(registry, date.fromisoformat(options.args[0]))
    else:
        name, as_of = options.args
        run(registry, name, date.fromisoformat(as_of), options.wait, options.hold)


if __name__ == "__main__":
    main()
