"""One measurement round of the daily overdue run: (a)-(e) on fresh copies.

The order matters and is that of bench/README.md: the floor (d) on its own
copy, then on a second copy (a) the first full run, (d+1) rolled back on
(a)'s state, (b) the next day, (c) the same day again, (e) the monthly
rating, with the cross-checks against the floor between them.
"""

import cProfile
import os
from dataclasses import dataclass, field
from datetime import timedelta

from odoo.modules.registry import Registry

from .dbs import close_odoo, copy_db, drop_db
from .floor import (
    disagreements,
    run_floor,
    tier_changes,
    tier_snapshot,
    tiered_invoices,
)
from .measure import Probe, cron_loop, rating_loop, write_profiles


@dataclass
class Round:
    """What the runs of one round share: the copy, its registry and probe,
    and (profiled round only) the profilers and the SQL log."""

    db: str
    registry: Registry
    probe: Probe
    batch_size: int | None
    profile_dir: str | None = None
    sql_log: object = None
    profiles: dict = field(default_factory=dict)


def measure_once(template, index, as_of, batch_size, keep, profile_dir, sql_log=None):
    """Measure (a)-(e) once on fresh copies ``<template>_m<index>`` (and
    ``…_floor``); with ``profile_dir``, (a) and (b) run under cProfile and
    ``sql_log``.  ``keep`` leaves the copies in place."""
    result = {}
    # (d) the floor at as_of, on a fresh copy: same start as (a)
    result["floor_seconds"], result["floor_rows"] = floor_on_copy(
        template, index, as_of, keep
    )
    db = f"{template}_m{index}"
    copy_db(template, db)
    registry = Registry(db)
    rnd = Round(db, registry, Probe(registry), batch_size)
    if profile_dir:
        rnd.profile_dir, rnd.sql_log = profile_dir, sql_log
        rnd.profiles = {"a": cProfile.Profile(), "b": cProfile.Profile()}
    daily_runs(rnd, as_of, result)
    # (e) the monthly credit rating of every customer, after the daily runs
    if "ar.partner.credit" in registry:
        result["e"] = rating_loop(registry, as_of + timedelta(days=1))
    write_profiles(rnd.profiles, profile_dir)
    if keep:
        close_odoo(db)
    else:
        drop_db(db)
    return result


def floor_on_copy(template, index, as_of, keep):
    """(d): the floor statement, committed, on its own fresh copy."""
    db_floor = f"{template}_m{index}_floor"
    copy_db(template, db_floor)
    seconds, rows = run_floor(db_floor, as_of)
    if not keep:
        drop_db(db_floor)
    return seconds, rows


def daily_runs(rnd, as_of, result):
    """(a), (d+1), (b) and (c) on the round's copy, with the cross-checks."""
    next_day = as_of + timedelta(days=1)
    result["a"] = profiled_loop(rnd, "a", as_of)
    result["a"]["tiered_invoices"] = tiered_invoices(rnd.db)
    result["disagreements_a"] = disagreements(rnd.db, as_of)
    # (d+1) the floor of the next day on (a)'s state, rolled back
    result["floor_next_seconds"], result["floor_next_rows"] = run_floor(
        rnd.db, next_day, rollback=True
    )
    tier_snapshot(rnd.db)
    result["b"] = profiled_loop(rnd, "b", next_day)
    result["b"]["tier_changes"] = tier_changes(rnd.db)
    result["disagreements_b"] = disagreements(rnd.db, next_day)
    result["c"] = cron_loop(rnd.registry, rnd.probe, next_day, rnd.batch_size)


def profiled_loop(rnd, key, as_of):
    """:func:`cron_loop`, under the round's profiler ``key`` and SQL log when
    it has them (then the SQL times go to ``sql_<key>.txt``)."""
    sql_log = rnd.sql_log if rnd.profiles else None
    out = cron_loop(
        rnd.registry, rnd.probe, as_of, rnd.batch_size, rnd.profiles.get(key), sql_log
    )
    if sql_log:
        sql_log.dump(os.path.join(rnd.profile_dir, f"sql_{key}.txt"))
    return out
