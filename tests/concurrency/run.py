"""The scheduled runs under two workers at once and under a worker killed.

    run.py --source-db DB --addons-path PATH

DB is a database with the addon installed (``bin/test`` passes its test
database; nothing is written into it).  A data set of 40 customers with
open invoices of various ages is built on a copy (``driver.py setup``);
each scenario then starts from its own ``createdb -T`` clone, so that all
start equal.  For the daily run, the dunning run and the statement run:

- reference: one worker runs it to the end;
- two workers: two processes run it at the same time on one database;
- killed: a worker is killed (SIGKILL) after its first committed batch,
  with the work of the second done but not committed, then a new worker
  runs it to the end.

Each end state is compared with the reference: the row count of every
table, and the rows of the cases, customers' tiers, invoices' tiers,
letters, statements, activities, messages and e-mails, named by what they
are about (customer, level, period) rather than by their ids.  The dunning
and statement runs start from the reference of the daily run.  Prints PASS
or FAIL per scenario and exits non-zero on any difference.
"""

import argparse
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path

DRIVER = Path(__file__).with_name("driver.py")
# tables whose rows say nothing about the runs' work
IGNORED_TABLES = {"bus_bus", "ir_cron_progress", "ir_logging", "bus_presence"}


class Databases:
    """Clones and drops the scenario databases, with their filestores."""

    def __init__(self, prefix, filestore):
        self.prefix = prefix
        self.filestore = filestore
        self.made = []
        # one copy at a time: a template being copied cannot be copied again
        self.lock = threading.Lock()

    def clone(self, source, name):
        name = f"{self.prefix}_{name}"
        with self.lock:
            subprocess.run(["createdb", "-T", source, name], check=True)
            self.made.append(name)
            src = self.filestore / source
            if src.is_dir():
                shutil.copytree(src, self.filestore / name)
        return name

    def drop(self, name):
        subprocess.run(
            ["dropdb", "--if-exists", "--force", name],
            check=True,
            env=dict(os.environ, PGOPTIONS="-c client_min_messages=warning"),
        )
        shutil.rmtree(self.filestore / name, ignore_errors=True)
        with self.lock:
            if name in self.made:
                self.made.remove(name)

    def drop_all(self):
        for name in list(self.made):
            self.drop(name)


class Worker:
    """A driver process running one scheduled run."""

    def __init__(self, options, db, run, wait=False, hold=0):
        command = [
            sys.executable,
            str(DRIVER),
            db,
            "run",
            run,
            options.as_of,
            "--addons-path",
            options.addons_path,
        ]
        if wait:
            command.append("--wait")
        if hold:
            command += ["--hold", str(hold)]
        self.lines = []
        self.process = subprocess.Popen(
            command,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )

    def read_until(self, prefix):
        """Lines up to the first starting with ``prefix``; None at the end."""
        for line in self.process.stdout:
            self.lines.append(line.rstrip())
            if line.startswith(prefix):
                return line
        return None

    def go(self):
        self.process.stdin.write("go\n")
        self.process.stdin.flush()

    def finish(self):
        out, _ = self.process.communicate()
        self.lines += out.splitlines()
        return self.process.returncode

    def summary(self):
        done = [line for line in self.lines if line.startswith("finished")]
        return done[-1] if done else "no end line"

    def tail(self):
        return "\n".join(f"    | {line}" for line in self.lines[-15:])


# ----------------------------------------------------------------------
# The state compared
# ----------------------------------------------------------------------
def rows(cr, query):
    cr.execute(query)
    return cr.fetchall()


def snapshot(db):
    """``{aspect: Counter of rows}``, rows keyed by what they are about."""
    import psycopg2

    with psycopg2.connect(dbname=db) as conn, conn.cursor() as cr:
        state = {}
        tables = [
            t
            for (t,) in rows(
                cr,
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
                "ORDER BY tablename",
            )
            if t not in IGNORED_TABLES
        ]
        counts = Counter()
        for table in tables:
            counts[table] = rows(cr, f'SELECT COUNT(*) FROM "{table}"')[0][0]
        state["row counts of all tables"] = counts

        cases = {
            case_id: ("case", partner, company, str(opened))
            for case_id, partner, company, opened in rows(
                cr,
                "SELECT id, partner_id, company_id, opened_date "
                "FROM ar_collection_case",
            )
        }
        letters = {
            letter_id: ("letter", cases.get(case_id), level)
            for letter_id, case_id, level in rows(
                cr, "SELECT id, case_id, level_id FROM ar_dunning_letter"
            )
        }
        statements = {
            st_id: ("statement", partner, company, str(d1), str(d2), scheduled)
            for st_id, partner, company, d1, d2, scheduled in rows(
                cr,
                "SELECT id, partner_id, company_id, date_from, date_to, scheduled "
                "FROM ar_statement",
            )
        }
        keys = {
            "ar.collection.case": cases,
            "ar.dunning.letter": letters,
            "ar.statement": statements,
        }
        # references and access tokens are handed out in the order the
        # workers came, and a batch rolled back leaves a gap in the
        # references (PostgreSQL sequences): a text names the record they
        # stand for instead
        names = {}
        for table, model in (
            ("ar_collection_case", "ar.collection.case"),
            ("ar_dunning_letter", "ar.dunning.letter"),
            ("ar_statement", "ar.statement"),
        ):
            for rec_id, name in rows(cr, f"SELECT id, name FROM {table}"):
                if name:
                    names[name] = repr(keys[model][rec_id])
        for case_id, ref in rows(
            cr,
            "SELECT id, formal_ref FROM ar_collection_case WHERE formal_ref IS NOT NULL",
        ):
            names[ref] = repr(("formal", *cases[case_id][1:]))
        for (token,) in rows(
            cr, "SELECT access_token FROM ar_statement WHERE access_token IS NOT NULL"
        ):
            names[token] = "<token>"
        pattern = (
            re.compile("|".join(re.escape(n) for n in sorted(names, key=len)[::-1]))
            if names
            else None
        )

        def text(value):
            value = str(value or "")
            # the statement's page: /my/ar_statements/<id>
            value = re.sub(
                r"/my/ar_statements/(\d+)",
                lambda m: f"/my/ar_statements/{statements.get(int(m[1]), m[1])}",
                value,
            )
            # a "Pay now" link carries the invoice's access token, drawn at
            # random when the first letter or statement shows it
            value = re.sub(r"access_token=[\w-]+", "access_token=<token>", value)
            return pattern.sub(lambda m: names[m.group(0)], value) if pattern else value

        def key(model, res_id):
            return keys.get(model, {}).get(res_id, (model, res_id))

        state["collection cases"] = Counter(
            (cases[r[0]], *r[1:])
            for r in rows(
                cr,
                "SELECT id, stage, tier_id, priority, user_id, leader_id, "
                "overdue_amount, open_amount, oldest_due_date, closed_date, "
                "late, next_action_date, action_deadline, record_state, "
                "chain_length FROM ar_collection_case",
            )
        )
        state["customers' tiers (ar_partner_status)"] = Counter(
            rows(
                cr,
                "SELECT partner_id, company_id, tier_id, notified_tier_id, "
                "tier_date, below_since, traffic_light FROM ar_partner_status",
            )
        )
        state["invoices' tiers (account_move)"] = Counter(
            rows(
                cr,
                "SELECT id, state, overdue_tier_id, overdue_due_date, "
                "overdue_check_date, amount_residual FROM account_move",
            )
        )
        state["dunning letters"] = Counter(
            (letters[r[0]], *r[1:])
            for r in rows(
                cr,
                "SELECT l.id, l.state, l.date, l.deadline, l.invoice_amount, "
                "l.credit_amount, l.overdue_amount, l.covered_amount, "
                "l.amount_due, l.mail_id IS NOT NULL, "
                "(SELECT COUNT(*) FROM ar_dunning_letter_line x "
                "  WHERE x.letter_id = l.id), "
                "(SELECT SUM(amount_company) FROM ar_dunning_letter_line x "
                "  WHERE x.letter_id = l.id) FROM ar_dunning_letter l",
            )
        )
        state["statements"] = Counter(
            (statements[r[0]], *r[1:])
            for r in rows(
                cr,
                "SELECT s.id, s.state, s.opening_balance, s.invoiced, s.credited, "
                "s.paid, s.closing_balance, s.answer_late, s.mail_id IS NOT NULL, "
                "(SELECT COUNT(*) FROM ar_statement_line x "
                "  WHERE x.statement_id = s.id), "
                "(SELECT SUM(balance) FROM ar_statement_line x "
                "  WHERE x.statement_id = s.id) FROM ar_statement s",
            )
        )
        state["activities"] = Counter(
            (key(model, res_id), type_id, user_id, text(summary), str(deadline), act)
            for model, res_id, type_id, user_id, summary, deadline, act in rows(
                cr,
                "SELECT res_model, res_id, activity_type_id, user_id, summary, "
                "date_deadline, active FROM mail_activity",
            )
        )
        state["messages"] = Counter(
            (key(model, res_id), kind, subtype, activity_type, author, text(body))
            for model, res_id, kind, subtype, activity_type, author, body in rows(
                cr,
                "SELECT model, res_id, message_type, subtype_id, "
                "mail_activity_type_id, author_id, body FROM mail_message",
            )
        )
        state["e-mails (mail_mail)"] = Counter(
            (key(model, res_id), mail_state, email_to)
            for model, res_id, mail_state, email_to in rows(
                cr,
                "SELECT m.model, m.res_id, mm.state, mm.email_to FROM mail_mail mm "
                "JOIN mail_message m ON m.id = mm.mail_message_id",
            )
        )
    return state


def compare(expected, got):
    """Lines saying what differs, empty when nothing does."""
    problems = []
    for aspect, reference in expected.items():
        other = got[aspect]
        missing, extra = reference - other, other - reference
        if not missing and not extra:
            continue
        problems.append(
            f"  {aspect}: {sum(missing.values())} missing, {sum(extra.values())} extra"
        )
        if aspect.startswith("row counts"):
            for table in sorted(set(missing) | set(extra)):
                problems.append(
                    f"    {table}: {reference[table]} expected, {other[table]} found"
                )
            continue
        for label, diff in (("missing", missing), ("extra", extra)):
            for item, count in list(diff.items())[:4]:
                problems.append(f"    {label} x{count}: {str(item)[:300]}")
    return problems


def describe(state):
    counts = state["row counts of all tables"]
    tables = (
        "ar_collection_case",
        "ar_partner_status",
        "ar_dunning_letter",
        "ar_statement",
        "mail_activity",
        "mail_message",
        "mail_mail",
        "account_move",
    )
    return ", ".join(f"{t} {counts[t]}" for t in tables)


# ----------------------------------------------------------------------
# Scenarios
# ----------------------------------------------------------------------
class Scenarios:
    """The three scenarios of a run, started together on their own clones
    (the workers of different databases never meet): the reference, the
    two workers, and the worker killed then the worker that finishes."""

    def __init__(self, options, dbs):
        self.options = options
        self.dbs = dbs
        self.failures = []

    def run(self, run, start):
        """``(reference database, report lines, failed labels)``."""
        out, failed = [], []

        def report(label, ok, lines):
            out.append(f"{'PASS' if ok else 'FAIL'}: {label}")
            out.extend(lines)
            if not ok:
                failed.append(label)

        ref_db, two_db, kill_db = (
            self.dbs.clone(start, f"{run}_{kind}") for kind in ("ref", "two", "kill")
        )
        reference = Worker(self.options, ref_db, run)
        pair = [Worker(self.options, two_db, run, wait=True) for _ in range(2)]
        victim = Worker(self.options, kill_db, run, hold=2)
        for worker in pair:
            worker.read_until("ready")
        for worker in pair:
            worker.go()

        held = victim.read_until("holding 2") is not None
        if held:
            victim.process.send_signal(signal.SIGKILL)
        victim.finish()
        batches = sum(1 for line in victim.lines if line.startswith("committed"))
        at_kill = describe(snapshot(kill_db))
        again = Worker(self.options, kill_db, run) if held else None

        if reference.finish() != 0:
            out.append(reference.tail())
            raise SystemExit(f"the reference {run} run failed")
        expected = snapshot(ref_db)
        out.append(f"reference {run} run, one worker: {reference.summary()}")
        out.append(f"  {describe(expected)}")

        codes = [worker.finish() for worker in pair]
        lines = [f"  worker {i + 1}: {w.summary()}" for i, w in enumerate(pair)]
        for worker, code in zip(pair, codes, strict=True):
            if code != 0:
                lines += [f"  a worker exited with {code}:", worker.tail()]
        state = snapshot(two_db)
        problems = compare(expected, state)
        lines += problems or [f"  same as the reference: {describe(state)}"]
        report(
            f"{run} run, two workers at once", not problems and codes == [0, 0], lines
        )

        label = f"{run} run, worker killed after its first batch, then run again"
        if not held:
            lines = [
                "  the run ended before a second batch: nothing to kill in the middle",
                victim.tail(),
            ]
            report(label, False, lines)
        else:
            lines = [
                f"  killed (exit {victim.process.returncode}) after {batches} "
                f"committed batch, the second one's work not committed: {at_kill}"
            ]
            code = again.finish()
            lines.append(f"  run again: {again.summary()}")
            if code != 0:
                lines += [f"  the second worker exited with {code}:", again.tail()]
            state = snapshot(kill_db)
            problems = compare(expected, state)
            lines += problems or [f"  same as the reference: {describe(state)}"]
            report(label, not problems and code == 0 and batches == 1, lines)
        self.dbs.drop(two_db)
        self.dbs.drop(kill_db)
        return ref_db, out, failed

    def print(self, run, result, seconds):
        _ref_db, out, failed = result
        print(f"\n--- {run} run (as of {self.options.as_of}, {seconds:.0f} s) ---")
        print("\n".join(out), flush=True)
        self.failures += failed


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source-db", required=True)
    parser.add_argument("--addons-path", required=True)
    parser.add_argument("--as-of", default=date.today().isoformat())
    parser.add_argument("--keep", action="store_true", help="keep the databases")
    options = parser.parse_args()

    try:
        import odoo.tools
    except ImportError as error:
        print(
            f"Concurrency tests SKIPPED: 'import odoo' fails with {sys.executable}: {error}"
        )
        return 0
    if not shutil.which("createdb"):
        print("Concurrency tests SKIPPED: no createdb (PostgreSQL client) on PATH")
        return 0
    odoo.tools.config.parse_config([])
    filestore = Path(odoo.tools.config["data_dir"]) / "filestore"
    dbs = Databases(f"arom_conc_{os.getpid()}", filestore)
    scenarios = Scenarios(options, dbs)
    started = time.monotonic()
    try:
        data = dbs.clone(options.source_db, "data")
        subprocess.run(
            [
                sys.executable,
                str(DRIVER),
                data,
                "setup",
                options.as_of,
                "--addons-path",
                options.addons_path,
            ],
            check=True,
        )
        t0 = time.monotonic()
        daily = scenarios.run("daily", data)
        scenarios.print("daily", daily, time.monotonic() - t0)
        # the letters and the statements start from the day the daily run
        # made, each on clones of their own: both at once
        t0 = time.monotonic()
        with ThreadPoolExecutor(2) as pool:
            others = {
                run: pool.submit(scenarios.run, run, daily[0])
                for run in ("dunning", "statement")
            }
            for run, future in others.items():
                scenarios.print(run, future.result(), time.monotonic() - t0)
    finally:
        if not options.keep:
            dbs.drop_all()
    print(f"\nconcurrency phase: {time.monotonic() - started:.0f} s")
    if scenarios.failures:
        print("FAILED: " + "; ".join(scenarios.failures))
        return 1
    print("OK: every scenario ended as the one-worker run")
    return 0


if __name__ == "__main__":
    sys.exit(main())
