"""Customers paying at known habits, simulated with the addon's own rules
(``policy.forecast``, ``policy.habits``), to compare the forecast's error
with the naive forecast's on data whose truth is known.

Each customer gets an invoice every month of the year before the reference
date, due 30 days after it, and pays it by one of three habits: a fixed
number of days late, on a usual day of the month, or on a usual weekday
after some lateness, with a little noise; a few invoices are never paid.
Every Monday of the last half year is forecast from what was open and what
had been paid by then; its weeks are compared with the payments of those
invoices in them.  No database: the policy functions only.
"""

import random
import sys
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "ar_overdue_management"))

from policy import forecast, habits  # noqa: E402
from policy.provision import DEFAULT_RATES  # noqa: E402


def _paid_date(kind, param, due, rng):
    if kind == "late":
        return due + timedelta(days=param + rng.randint(-2, 2))
    if kind == "day":
        target = due + timedelta(days=rng.randint(0, 10))
        day = forecast.habit_date(due, habits.Habit(param, None, 8.0, 0.0, 5))[0]
        return day if day >= target - timedelta(days=20) else target
    shift = (param - due.weekday()) % 7
    return due + timedelta(days=shift + 7 * rng.randint(0, 2))


def build(customers, as_of, seed=7):
    """``[(customer, key, due, amount, paid date or None)]`` over the year
    before ``as_of``."""
    rng = random.Random(seed)
    invoices = []
    key = 0
    for customer in range(customers):
        kind = rng.choice(("late", "day", "weekday"))
        param = {
            "late": rng.randint(0, 40),
            "day": rng.randint(1, 28),
            "weekday": rng.randint(0, 4),
        }[kind]
        start = as_of - timedelta(days=365 + rng.randint(0, 27))
        for month in range(13):
            issued = start + timedelta(days=30 * month)
            due = issued + timedelta(days=30)
            amount = round(rng.uniform(100, 5000), 2)
            paid = None if rng.random() < 0.03 else _paid_date(kind, param, due, rng)
            key += 1
            invoices.append((customer, key, issued, due, amount, paid))
    return invoices


def measure(invoices, as_of, weeks=26):
    """``{horizon: (forecast MAPE, naive MAPE)}`` of the Mondays of the last
    ``weeks`` weeks whose thirteen weeks are known by ``as_of``."""
    rows = []
    for monday in forecast.past_mondays(as_of, weeks):
        open_items, paid_before = [], {}
        for customer, key, issued, due, amount, paid in invoices:
            if issued > monday:
                continue
            if paid is not None and paid < monday:
                paid_before.setdefault(customer, []).append((due, paid))
            else:
                open_items.append(forecast.OpenItem(key, customer, due, amount))
        customers = {
            c: forecast.Customer(habit=habits.payment_habit(p, monday))
            for c, p in paid_before.items()
        }
        expected = forecast.forecast(open_items, customers, DEFAULT_RATES, monday)
        weekly = forecast.by_week(expected, monday)
        naive = forecast.naive_by_week(open_items, monday)
        collected = [0.0] * forecast.WEEKS
        keys = {item.key for item in open_items}
        for _c, key, _i, _d, amount, paid in invoices:
            if key in keys and paid is not None and paid >= monday:
                index = (paid - monday).days // 7
                if index < forecast.WEEKS:
                    collected[index] += amount
        for index in range(forecast.WEEKS):
            if monday + timedelta(weeks=index + 1) <= as_of:
                rows.append((index + 1, weekly[index], naive[index], collected[index]))
    return forecast.accuracy_by_horizon(rows)
