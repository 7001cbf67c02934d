"""Statements of account: which period, which figures, when an answer is late.

Plain functions, no Odoo: the models read the ledger set-wise and call
them.
"""

import calendar
from collections import namedtuple
from datetime import date, timedelta

#: How often a customer gets its statement.
FREQUENCIES = ("monthly", "quarterly", "never")

#: Kinds of the movements a statement lists.
KINDS = ("invoice", "refund", "payment", "other")

#: What a statement shows: the balance it starts from, the movements with
#: the balance after each, what was invoiced, credited and paid, and the
#: balance it ends with (always opening + movements).
StatementFigures = namedtuple(
    "StatementFigures", "opening rows invoiced credited paid other closing"
)


def month_bounds(day):
    """First and last day of ``day``'s month."""
    last = calendar.monthrange(day.year, day.month)[1]
    return date(day.year, day.month, 1), date(day.year, day.month, last)


def previous_period(frequency, as_of):
    """``(first day, last day)`` of the period that ended before ``as_of``'s
    month for ``frequency``, or ``None`` when no statement is due this month
    (``never``; ``quarterly`` outside January, April, July and October)."""
    if frequency not in FREQUENCIES:
        raise ValueError(frequency)
    if frequency == "never":
        return None
    first_of_month = date(as_of.year, as_of.month, 1)
    last = first_of_month - timedelta(days=1)
    if frequency == "monthly":
        return month_bounds(last)
    if as_of.month not in (1, 4, 7, 10):
        return None
    start_month = last.month - 2
    return date(last.year, start_month, 1), last


def statement_due_today(as_of, statement_day):
    """The scheduled statements go on the company's statement day of the
    month (a day past the month's end means its last day), and later in the
    month when the run missed that day."""
    last = calendar.monthrange(as_of.year, as_of.month)[1]
    return as_of.day >= min(max(statement_day, 1), last)


def check_period(date_from, date_to):
    """A period must start no later than it ends."""
    if not date_from or not date_to:
        raise ValueError("a statement needs a first and a last day")
    if date_from > date_to:
        raise ValueError("a statement's period ends before it starts")


def statement_figures(opening, movements, precision=2):
    """``movements``: ``[(kind, amount)]`` in date order, amounts signed as
    the ledger has them (what the customer owes more is positive).  Returns
    the figures with ``rows``: the running balance after each movement,
    rounded to ``precision`` as the ledger's amounts are."""
    balance = round(opening, precision)
    totals = dict.fromkeys(KINDS, 0.0)
    rows = []
    for kind, amount in movements:
        if kind not in totals:
            raise ValueError(kind)
        totals[kind] += amount
        balance = round(balance + amount, precision)
        rows.append(balance)
    return StatementFigures(
        opening=round(opening, precision),
        rows=rows,
        invoiced=round(totals["invoice"], precision),
        credited=round(-totals["refund"], precision),
        paid=round(-totals["payment"], precision),
        other=round(totals["other"], precision),
        closing=balance,
    )


def balances_by_currency(openings, movements, precisions):
    """The statement in the customer's own currencies.

    ``openings``: ``{currency: amount}`` owed in each currency when the
    period began; ``movements``: ``[(currency, amount)]`` in date order, in
    their own currency; ``precisions``: ``{currency: decimal places}``.
    Returns ``(rows, balances)``: the balance in its currency after each
    movement, and ``[(currency, opening, closing)]`` of every currency with
    a balance at the start or a movement in the period, in the order they
    first appear."""
    running = {}
    moved = set()
    for currency, amount in openings.items():
        running[currency] = round(amount, precisions.get(currency, 2))
    rows = []
    for currency, amount in movements:
        digits = precisions.get(currency, 2)
        running[currency] = round(running.get(currency, 0.0) + amount, digits)
        moved.add(currency)
        rows.append(running[currency])
    balances = [
        (
            currency,
            round(openings.get(currency, 0.0), precisions.get(currency, 2)),
            closing,
        )
        for currency, closing in running.items()
        if currency in moved or round(openings.get(currency, 0.0), 6)
    ]
    return rows, balances


def kind_of(move_type, is_payment):
    """The kind of a movement from its entry's type."""
    if move_type in ("out_invoice", "in_refund"):
        return "invoice"
    if move_type in ("out_refund", "in_invoice"):
        return "refund"
    if is_payment:
        return "payment"
    return "other"


def answer_deadline(sent_date, days):
    """The last day of the customer's answer to a statement sent on
    ``sent_date``; past it, the statement is listed for its owner."""
    return sent_date + timedelta(days=days)
