"""Payment habits: when a customer usually pays, and how late.

Read by the credit rating (days late, trend) and by the dunning letters
(the friendly reminder waits for the days before the usual payment day).
Plain functions, no Odoo.
"""

from collections import namedtuple
from datetime import timedelta

#: What a customer's payments of the last twelve months say: the day of
#: the month (or the weekday) it usually pays, how late on average, and the
#: trend (days later, or earlier if negative, over the last three months
#: than before).
Habit = namedtuple("Habit", "day_of_month weekday avg_days_late trend count")

MIN_PAYMENTS = 3
#: Payments within this many days of the usual day count as "usual".
DAY_SPREAD = 3


def payment_habit(payments, as_of):
    """``payments``: ``[(due date, paid date)]`` of the invoices a customer
    paid in the twelve months up to ``as_of``.  None with fewer than three.
    ``day_of_month`` is set when more than half the payments fall within
    three days of one day of the month (the day they are closest to); else
    ``weekday`` (Monday 0) when more than half fall on one weekday."""
    payments = [(due, paid) for due, paid in payments if paid <= as_of]
    if len(payments) < MIN_PAYMENTS:
        return None
    days = [paid.day for _due, paid in payments]

    def closeness(day):
        near = [d for d in days if abs(d - day) <= DAY_SPREAD]
        return (len(near), -sum(abs(d - day) for d in near))

    best_day = max(range(1, 32), key=closeness)
    day_of_month = best_day if closeness(best_day)[0] * 2 > len(days) else None
    weekday = None
    if day_of_month is None:
        weekdays = [paid.weekday() for _due, paid in payments]
        common = max(sorted(set(weekdays)), key=weekdays.count)
        weekday = common if weekdays.count(common) * 2 > len(weekdays) else None
    lateness = [(paid - due).days for due, paid in payments]
    recent = [
        (paid - due).days for due, paid in payments if paid > as_of - timedelta(days=91)
    ]
    older = [
        (paid - due).days
        for due, paid in payments
        if paid <= as_of - timedelta(days=91)
    ]
    trend = (
        round(sum(recent) / len(recent) - sum(older) / len(older), 1)
        if recent and older
        else 0.0
    )
    return Habit(
        day_of_month=day_of_month,
        weekday=weekday,
        avg_days_late=round(sum(lateness) / len(lateness), 1),
        trend=trend,
        count=len(payments),
    )
