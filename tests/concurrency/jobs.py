"""A month-end done by queue_job's workers, as one scheduled-action worker.

    jobs.py --source-db DB --addons-path PATH [--workers 2]

DB has the addon and its job-queue glue (``queue_job``) installed; nothing
is written into it.  The data set of the concurrency tests (``driver.py
setup``, 40 customers) is built on a copy; then, each on a clone of it:

- reference: the scheduled actions' methods run to the end, one batch per
  transaction, with the runs set to the scheduled actions;
- jobs: Odoo is started as a server with ``--workers`` HTTP workers and
  ``queue_job`` as a server-wide module, so its job runner sends the jobs
  to the workers; each scheduled action's method is called once (it plans
  its run as jobs) and the next run starts when the job queue is empty.

The runs, in order: the daily run, the letters, the statements, the credit
rating, the provision.  Both end states are compared as in ``run.py``
(every table's row count, and the records, named by what they are about).
Prints PASS or FAIL and exits non-zero on a difference or a failed job.
"""

import argparse
import os
import socket
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import run as conc

RUNS = ("daily", "dunning", "statement", "rating", "provision")
# the job queue's own rows, which the reference has none of
conc.IGNORED_TABLES |= {"queue_job", "queue_job_queue_job_rel"}
UNFINISHED = ("wait_dependencies", "pending", "enqueued", "started")


def psql(db, query):
    out = subprocess.run(
        ["psql", "-X", "-d", db, "-Atc", query],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return [line.split("|") for line in out.splitlines() if line]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def driver(options, db, *args):
    command = [sys.executable, str(conc.DRIVER), db, *args]
    command += ["--addons-path", options.addons_path]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"driver {' '.join(args)} failed:\n{done.stdout}{done.stderr}")
    return done.stdout.strip().splitlines()[-1]


def set_mode(db, mode):
    psql(
        db,
        "INSERT INTO ir_config_parameter (key, value) "
        f"VALUES ('ar_overdue_management.run_mode', '{mode}') "
        "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
    )


class Server:
    """Odoo with HTTP workers and queue_job's runner on one database."""

    def __init__(self, options, db):
        self.port = port = free_port()
        self.log = Path(os.environ.get("TMPDIR", "/tmp")) / f"{db}.server.log"
        env = dict(
            os.environ,
            ODOO_QUEUE_JOB_CHANNELS=f"root:{options.workers},"
            f"root.ar_overdue:{options.workers}",
        )
        self.process = subprocess.Popen(
            [
                sys.executable,
                options.odoo_bin,
                "-d",
                db,
                "--db-filter",
                f"^{db}$",
                "--addons-path",
                options.addons_path,
                "--workers",
                str(options.workers),
                "--max-cron-threads",
                "0",
                "--http-port",
                str(port),
                "--load",
                "base,web,queue_job",
                "--limit-time-real",
                "600",
                "--limit-time-cpu",
                "600",
                "--log-level",
                "warn",
            ],
            env=env,
            stdout=self.log.open("a"),
            stderr=subprocess.STDOUT,
        )

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def tail(self):
        if not self.log.exists():
            return "    | (no log)"
        lines = self.log.read_text(errors="replace").splitlines()[-20:]
        return "\n".join(f"    | {line}" for line in lines)


def wait_for_jobs(db, server, timeout):
    """Seconds until no job of the runs is unfinished; the states then."""
    started = time.monotonic()
    states = ", ".join(f"'{s}'" for s in UNFINISHED)
    while time.monotonic() - started < timeout:
        if server.process.poll() is not None:
            raise SystemExit(f"the server stopped:\n{server.tail()}")
        left = psql(db, f"SELECT COUNT(*) FROM queue_job WHERE state IN ({states})")
        if left[0][0] == "0":
            return time.monotonic() - started
        time.sleep(0.5)
    raise SystemExit(f"jobs still unfinished after {timeout} s:\n{server.tail()}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source-db", required=True)
    parser.add_argument("--addons-path", required=True)
    parser.add_argument("--odoo-bin", required=True)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--as-of", default=date.today().isoformat())
    parser.add_argument("--timeout", type=int, default=600)
    parser.add_argument("--keep", action="store_true", help="keep the databases")
    options = parser.parse_args()

    import odoo.tools

    odoo.tools.config.parse_config([])
    filestore = Path(odoo.tools.config["data_dir"]) / "filestore"
    dbs = conc.Databases(f"arom_jobs_{os.getpid()}", filestore)
    failures = []
    started = time.monotonic()
    try:
        data = dbs.clone(options.source_db, "data")
        driver(options, data, "setup", options.as_of)
        ref_db, jobs_db = dbs.clone(data, "ref"), dbs.clone(data, "jobs")
        set_mode(ref_db, "cron")
        set_mode(jobs_db, "jobs")
        print(f"reference, the scheduled actions' batches (as of {options.as_of}):")
        for run in RUNS:
            print(f"  {run}: {driver(options, ref_db, 'run', run, options.as_of)}")
        expected = conc.snapshot(ref_db)
        print(f"  {conc.describe(expected)}")

        print(f"jobs, a server with {options.workers} job workers:")
        server = Server(options, jobs_db)
        try:
            for run in RUNS:
                planned = driver(options, jobs_db, "run", run, options.as_of)
                seconds = wait_for_jobs(jobs_db, server, options.timeout)
                print(
                    f"  {run}: planned ({planned}), queue empty after {seconds:.1f} s"
                )
        finally:
            server.stop()
        jobs = psql(
            jobs_db,
            "SELECT state, COUNT(*), COUNT(DISTINCT worker_pid) FROM queue_job "
            "GROUP BY state ORDER BY state",
        )
        print("  jobs: " + ", ".join(f"{n} {s} ({w} processes)" for s, n, w in jobs))
        failed = psql(
            jobs_db,
            "SELECT name, exc_info FROM queue_job WHERE state != 'done' LIMIT 3",
        )
        for name, info in failed:
            failures.append(f"job not done: {name}\n{info[-1500:]}")
        state = conc.snapshot(jobs_db)
        problems = conc.compare(expected, state)
        if problems:
            failures.append("the jobs' month-end differs from the reference")
            print("\n".join(problems))
        else:
            print(f"  same as the reference: {conc.describe(state)}")
    finally:
        if not options.keep:
            dbs.drop_all()
    print(f"\njob workers phase: {time.monotonic() - started:.0f} s")
    if failures:
        print("FAIL: " + "\n".join(failures))
        return 1
    print("PASS: a month-end done by the job workers ends as the scheduled actions'")
    return 0


if __name__ == "__main__":
    sys.exit(main())
