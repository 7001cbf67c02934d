"""One worker at a time in a scheduled run.

Odoo's cron runner locks the row of a scheduled action while it runs it, but
nothing stops two servers (or a server and a shell) from calling the same
run's method at once.  Each batch of a run first takes a lock of its own, in
the transaction of the batch: a worker that finds it taken leaves the run to
the worker holding it.  Without it the second worker did the batch again on
the same snapshot and failed at its commit (the unique letter or statement
of a case or period, a concurrent update of the same invoices), its batch
rolled back.

``pg_try_advisory_xact_lock`` never waits and is released at the commit or
rollback of the batch.  It must come before the batch reads anything: in
Odoo's REPEATABLE READ transactions the snapshot is taken at the first
query, and a worker that takes over after the other committed must read
what that one wrote.
"""

from odoo.tools import SQL


def try_run_lock(env, run):
    """Whether this transaction now holds the lock of ``run`` (a name of
    the addon's scheduled runs); ``False`` when another transaction does."""
    return env.execute_query(
        SQL(
            "SELECT pg_try_advisory_xact_lock(hashtext(%s))",
            f"ar_overdue_management.{run}",
        )
    )[0][0]
