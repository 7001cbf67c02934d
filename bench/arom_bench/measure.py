"""Measuring scheduled actions: run until done, time, count queries, profile.

Only the measured call is timed (``time.perf_counter``); queries are counted
with Odoo's global counter ``odoo.sql_db.sql_counter`` (read through the
module: it is an int that Odoo rebinds).  A figure is the median of fresh
runs, with its min and max, because single runs on 2 cores vary by 20%.
"""

import io
import os
import pstats
import resource
import statistics
import sys
import time

import odoo.sql_db
from odoo import SUPERUSER_ID, api

from .common import ADDON, REPO_ROOT, log


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


def timed(registry, call):
    """``run_until_done`` with its seconds and queries."""
    q0 = odoo.sql_db.sql_counter
    t0 = time.perf_counter()
    done, batches = run_until_done(registry, call)
    return {
        "seconds": time.perf_counter() - t0,
        "queries": odoo.sql_db.sql_counter - q0,
        "done": done,
        "batches": batches,
    }


def reset_peak_rss():
    """Reset the process' peak resident size (Linux >= 4.0: ``VmHWM``), so
    that :func:`peak_rss_mb` gives the peak of what follows; False when the
    kernel does not allow it (the peak is then that of the process)."""
    try:
        with open("/proc/self/clear_refs", "w") as fh:
            fh.write("5")
    except OSError:
        return False
    return True


def peak_rss_mb():
    """Peak resident size in MB: ``VmHWM`` since the last
    :func:`reset_peak_rss`, else ``getrusage``'s ``ru_maxrss``."""
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def with_peak_rss(measure):
    """``measure()`` (a dict of figures) with ``peak_rss_mb``, the peak
    resident size of the process during it, and ``rss_before_mb``."""
    reset_peak_rss()
    before = peak_rss_mb()
    out = measure()
    out["rss_before_mb"] = before
    out["peak_rss_mb"] = peak_rss_mb()
    return out


def timed_once(registry, call):
    """``call(env)`` in one committed transaction (a button, not a batched
    cron), with its seconds and queries; ``call`` returns a dict of counts."""
    q0 = odoo.sql_db.sql_counter
    t0 = time.perf_counter()
    with registry.cursor() as cr:
        result = call(api.Environment(cr, SUPERUSER_ID, {}))
        cr.commit()
    return {
        **result,
        "seconds": time.perf_counter() - t0,
        "queries": odoo.sql_db.sql_counter - q0,
        "batches": 1,
    }


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

    def figures(self):
        """Counts and per-phase figures since :meth:`reset`; the customer
        figures exclude the notifications and holds they call."""
        return {
            "customers_refreshed": self.count["partners"],
            "customers_notified": self.count["notify"],
            "customers_notified_distinct": len(self.notified),
            "customers_refreshed_distinct": len(self.refreshed),
            "classify_seconds": self.time["classify"],
            "classify_queries": self.queries["classify"],
            "partners_seconds": self.time["partners"]
            - self.time["notify"]
            - self.time["holds"],
            "partners_queries": self.queries["partners"]
            - self.queries["notify"]
            - self.queries["holds"],
            "notify_seconds": self.time["notify"],
            "notify_queries": self.queries["notify"],
            "holds_seconds": self.time["holds"],
            "holds_queries": self.queries["holds"],
        }


class SqlLog:
    """Per-statement time of the SQL the run sends (``--profile`` only):
    which queries carry the time, named by the addon function that sent them.
    Creating one patches ``odoo.sql_db.Cursor.execute`` for the process; it
    records only while ``active``."""

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
                caller = addon_caller(sys._getframe(1))
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


def addon_caller(frame):
    """``file:function:line`` of the innermost addon frame from ``frame`` out,
    or ``?``."""
    while frame:
        code = frame.f_code
        if ADDON in code.co_filename:
            return (
                f"{os.path.relpath(code.co_filename, REPO_ROOT)}:"
                f"{code.co_name}:{frame.f_lineno}"
            )
        frame = frame.f_back
    return "?"


def write_profiles(profiles, profile_dir):
    """Each cProfile as ``run_<key>.pstats`` and its 40 costliest calls by
    cumulative time as ``run_<key>.txt``."""
    for key, prof in profiles.items():
        path = os.path.join(profile_dir, f"run_{key}.pstats")
        prof.dump_stats(path)
        out = io.StringIO()
        pstats.Stats(prof, stream=out).sort_stats("cumulative").print_stats(40)
        with open(os.path.join(profile_dir, f"run_{key}.txt"), "w") as fh:
            fh.write(out.getvalue())
        log(f"  cProfile of ({key}) written to {path} (+ .txt)")


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
        **probe.figures(),
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


def summarize(values):
    return {
        "median": statistics.median(values),
        "min": min(values),
        "max": max(values),
    }


def series(runs, path):
    """Median, min and max over ``runs`` of the value at ``path`` (keys)."""
    values = []
    for r in runs:
        v = r
        for key in path:
            v = v[key]
        values.append(v)
    return summarize(values)
