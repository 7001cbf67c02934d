"""Aging buckets of open receivable amounts.

The buckets are fixed by the company policies (not due, 1-30, 31-60, 61-90,
91-180, over 180 days) and age what customers owe.  Unapplied credits
(payments and credit notes not matched yet) are not aged: they have a column
of their own beside the buckets, so no bucket turns negative and the columns
always add up to the net open receivable.
"""

from collections import namedtuple

Bucket = namedtuple("Bucket", "key label days_from days_to")

#: ``days_to`` of ``None`` is an open end; ``days_from`` of ``None`` means
#: "anything up to days_to" (not yet due, or due today).
BUCKETS = (
    Bucket("not_due", "Not Due", None, 0),
    Bucket("1_30", "1-30 Days", 1, 30),
    Bucket("31_60", "31-60 Days", 31, 60),
    Bucket("61_90", "61-90 Days", 61, 90),
    Bucket("91_180", "91-180 Days", 91, 180),
    Bucket("over_180", "Over 180 Days", 181, None),
)

BUCKET_KEYS = tuple(b.key for b in BUCKETS)

#: The column of unapplied credits, after the buckets.
CREDITS = Bucket("credits", "Unapplied Credits", None, None)
#: What an aging table shows: the buckets, then the unapplied credits.
COLUMNS = (*BUCKETS, CREDITS)
COLUMN_KEYS = tuple(c.key for c in COLUMNS)


def column_of(due_date, amount, as_of, entry_date=None):
    """The column of an open amount: ``credits`` for a credit (negative),
    else the bucket of its due date."""
    if amount is not None and amount < 0:
        return CREDITS.key
    return bucket_of_date(due_date, as_of, entry_date)


def bucket_of_days(days):
    """Return the key of the bucket holding ``days`` overdue."""
    for bucket in BUCKETS:
        low_ok = bucket.days_from is None or days >= bucket.days_from
        high_ok = bucket.days_to is None or days <= bucket.days_to
        if low_ok and high_ok:
            return bucket.key
    raise ValueError(days)  # unreachable: the buckets cover every integer


def bucket_of_date(due_date, as_of, entry_date=None):
    """Return the bucket key of an amount due on ``due_date`` as of ``as_of``.

    An amount without a due date is aged from its entry date (Odoo's
    ``date_maturity or date``); one with neither cannot be aged.
    """
    due_date = due_date or entry_date
    if not due_date:
        raise ValueError("an open amount needs a due date or an entry date")
    return bucket_of_days((as_of - due_date).days)


def aggregate(rows, as_of):
    """Sum ``(due_date, amount)`` rows into ``{column key: amount}``: debts
    in the bucket of their due date, credits (negative amounts) in
    ``credits``.

    Every key of :data:`COLUMN_KEYS` is present; amounts are summed in the
    order given.  A row nets what it holds: rows should not mix debts and
    credits.
    """
    totals = dict.fromkeys(COLUMN_KEYS, 0.0)
    for due_date, amount in rows:
        totals[column_of(due_date, amount, as_of)] += amount or 0.0
    return totals
