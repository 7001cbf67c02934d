"""The measures of the collection work, from figures gathered per unit.

A unit (the company, a collector, a country...) has one :class:`Figures`:
sums of amounts (company currency) and counts over a period, added up from
its customers.  :func:`measures` turns them into the measures the README
defines.  A measure whose denominator is zero (no sales, nothing overdue,
no promise due) is ``None``, shown as "—" (:func:`display`), never 0.
"""

from dataclasses import dataclass, fields, replace

#: what an undefined measure shows
UNDEFINED = "—"


@dataclass(frozen=True)
class Figures:
    """What the ledger and the collection records say of a unit over a
    period.  Amounts in company currency, counts of records."""

    opening_receivable: float = 0.0  # open the day before the period
    closing_receivable: float = 0.0  # open at the period's end, net of credits
    closing_current: float = 0.0  # of which not yet due at the period's end
    credit_sales: float = 0.0  # invoices less credit notes of the period
    overdue_at_start: float = 0.0  # debts already overdue when it began
    fell_overdue: float = 0.0  # debts that fell overdue during it
    overdue_collected: float = 0.0  # paid on those debts while overdue
    written_off: float = 0.0
    actions_due: int = 0
    actions_on_time: int = 0
    promises_kept: int = 0
    promises_broken: int = 0
    invoices: int = 0
    disputed_invoices: int = 0
    open_disputes: int = 0
    open_dispute_days: int = 0
    letters_sent: int = 0
    letters_failed: int = 0
    statements_confirmed: int = 0
    statements_disputed: int = 0
    statements_unanswered: int = 0

    def __add__(self, other):
        return replace(
            self,
            **{
                f.name: getattr(self, f.name) + getattr(other, f.name)
                for f in fields(self)
            },
        )


def ratio(numerator, denominator, scale=100.0, digits=2):
    """``numerator / denominator * scale``, rounded; ``None`` when the
    denominator is not positive."""
    if not denominator or denominator <= 0:
        return None
    return round(numerator / denominator * scale, digits)


def dso(receivable, credit_sales, days):
    """Days sales outstanding: receivable at the period's end / credit
    sales of the period x days in the period."""
    if days <= 0:
        return None
    return ratio(receivable, credit_sales, scale=days)


def best_possible_dso(current_receivable, credit_sales, days):
    """DSO of the receivable not yet due only: what DSO would be if every
    customer paid on its due date."""
    return dso(current_receivable, credit_sales, days)


def average_days_delinquent(dso_days, best_days):
    """DSO less the best possible DSO: the days added by late payers."""
    if dso_days is None or best_days is None:
        return None
    return round(dso_days - best_days, 2)


def cei(opening, credit_sales, closing_total, closing_current):
    """Collection effectiveness index, in percent: (opening receivable +
    credit sales - closing total receivable) / (opening receivable + credit
    sales - closing current receivable) x 100."""
    return ratio(
        opening + credit_sales - closing_total,
        opening + credit_sales - closing_current,
    )


def recovery_rate(collected, overdue_at_start, fell_overdue=0.0):
    """Overdue collected in the period / what was overdue at its start plus
    what fell overdue during it, in percent."""
    return ratio(collected, overdue_at_start + fell_overdue)


def bad_debt_rate(written_off, credit_sales):
    """Written off in the period / credit sales of the period, in percent."""
    return ratio(written_off, credit_sales)


def average(total, count):
    """``total / count`` rounded to the hundredth; ``None`` without items."""
    return ratio(total, count, scale=1.0)


def measures(figures, days):
    """``{measure key: value or None}`` of one unit's :class:`Figures` over
    a period of ``days`` days."""
    f = figures
    dso_days = dso(f.closing_receivable, f.credit_sales, days)
    best_days = best_possible_dso(f.closing_current, f.credit_sales, days)
    return {
        "dso": dso_days,
        "best_dso": best_days,
        "add": average_days_delinquent(dso_days, best_days),
        "cei": cei(
            f.opening_receivable,
            f.credit_sales,
            f.closing_receivable,
            f.closing_current,
        ),
        "recovery_rate": recovery_rate(
            f.overdue_collected, f.overdue_at_start, f.fell_overdue
        ),
        "bad_debt_rate": bad_debt_rate(f.written_off, f.credit_sales),
        "on_time_rate": ratio(f.actions_on_time, f.actions_due),
        "promise_kept_rate": ratio(
            f.promises_kept, f.promises_kept + f.promises_broken
        ),
        "dispute_rate": ratio(f.disputed_invoices, f.invoices),
        "dispute_age": average(f.open_dispute_days, f.open_disputes),
    }


def display(value, digits=2, suffix=""):
    """How a measure reads on screen: the number with ``digits`` decimals
    and ``suffix``, or "—" when it is undefined."""
    if value is None:
        return UNDEFINED
    return f"{value:,.{digits}f}{suffix}"
