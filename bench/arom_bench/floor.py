"""The floor the addon's run is compared against, and the cross-checks.

The floor is one set-based statement that does the classification and the
tier writes alone (no due or check dates, no customer figures, no warnings):
the least any implementation must do.  The same statement, read instead of
written, checks the addon's result: after a run, no invoice's stored tier may
differ from the one it computes.
"""

import time

from .common import CUSTOMER_TYPES
from .dbs import pg_connect, pg_cursor, sql_scalar

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
    """Time the floor statement at ``as_of`` on its own connection; returns
    (seconds, rows written).  ``rollback`` leaves the database as it was
    (the commit is then not timed)."""
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


def disagreements(db, as_of):
    """Invoices whose stored tier is not the floor's at ``as_of`` (want 0)."""
    return sql_scalar(db, DISAGREE_SQL, {"as_of": as_of, "types": CUSTOMER_TYPES})


def tiered_invoices(db):
    """Invoices with a tier: after a first run, what the floor wrote."""
    return sql_scalar(
        db, "SELECT COUNT(*) FROM account_move WHERE overdue_tier_id IS NOT NULL"
    )


def tier_snapshot(db):
    """Keep every invoice's tier in ``arom_bench_snap``, for
    :func:`tier_changes` after the next run."""
    with pg_cursor(db) as cur:
        cur.execute("DROP TABLE IF EXISTS arom_bench_snap")
        cur.execute(
            "CREATE TABLE arom_bench_snap AS "
            "SELECT id, overdue_tier_id FROM account_move "
            "WHERE overdue_tier_id IS NOT NULL"
        )


def tier_changes(db):
    """Invoices whose tier changed since :func:`tier_snapshot`."""
    return sql_scalar(
        db,
        """
        SELECT COUNT(*) FROM account_move m
     FULL JOIN arom_bench_snap s ON s.id = m.id
         WHERE m.overdue_tier_id IS DISTINCT FROM s.overdue_tier_id
        """,
    )
