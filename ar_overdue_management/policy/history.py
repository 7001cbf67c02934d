"""Which days the receivable history keeps.

The daily run keeps, for ever, a snapshot of each company's receivable at
every month end, with each customer's figures at that month end.  A month end is written by the
first run on or after it, from what was open on that day, so a run that
missed the last day of a month still writes it, and a backfill of a past
month end writes what that run would have.
"""

from datetime import date, timedelta

#: Month ends a backfill rebuilds by default (13: a year and its month before).
BACKFILL_MONTHS = 13


def month_end(day):
    """The last day of ``day``'s month."""
    first_next = date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return first_next - timedelta(days=1)


def is_month_end(day):
    """Whether ``day`` is the last day of its month."""
    return (day + timedelta(days=1)).day == 1


def last_month_end(as_of):
    """The latest month end on or before ``as_of``."""
    return as_of if is_month_end(as_of) else as_of.replace(day=1) - timedelta(days=1)


def month_ends(as_of, months=BACKFILL_MONTHS):
    """The ``months`` latest month ends on or before ``as_of``, oldest first."""
    ends = [last_month_end(as_of)]
    while len(ends) < months:
        ends.append(ends[-1].replace(day=1) - timedelta(days=1))
    return ends[::-1] if months > 0 else []
