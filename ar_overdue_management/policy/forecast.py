"""Cash-in forecast: when each open invoice is expected to be paid, how
likely it is to be paid at all, the weeks and months it falls into, and
how far a forecast was from what came in.

The expected date of an open amount comes from the first of these that
says something about it:

1. ``plan``: an active repayment plan of the customer: its unpaid
   instalments settle the customer's open invoices, oldest due first;
2. ``promise``: a pending promise to pay of the customer: the same, on the
   promised date, for what the plans leave;
3. ``habit``: the customer's usual day of the month (or weekday) nearest to
   the due date plus its average lateness, never before the due date;
4. ``late``: the due date plus the customer's average days late (a habit
   of at least three payments, but no usual day);
5. ``due``: the due date (no history).

The chance it is paid is one less the loss rate of the provision bucket
the amount will be in on its expected date (days past due then; an amount
expected before the forecast date is aged as of the forecast date), raised
by the customer's industry surcharge: an amount expected 200 days past due
at a 100 % loss rate is expected to bring nothing.

Plain functions and frozen data objects, no Odoo.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from . import provision

#: Where an expected date comes from, strongest first.
SOURCE_SELECTION = [
    ("plan", "Repayment Plan"),
    ("promise", "Promise to Pay"),
    ("habit", "Payment Habit"),
    ("late", "Due Date + Average Lateness"),
    ("due", "Due Date"),
]
SOURCES = tuple(key for key, _label in SOURCE_SELECTION)
#: The forecast's horizon: thirteen weeks, six months.
WEEKS = 13
MONTHS = 6


@dataclass(frozen=True)
class OpenItem:
    """An open customer invoice (receivable line): ``amount`` open, in
    company currency."""

    key: int
    partner: int
    due: date
    amount: float


@dataclass(frozen=True)
class Settlement:
    """A date on which the customer agreed to pay ``amount`` (an instalment
    of a plan, or a promise)."""

    date: date
    amount: float


@dataclass(frozen=True)
class Customer:
    """What is known of a customer: its plans' instalments and its promises
    (any order), its payment habit (``policy.habits.Habit`` or None) and
    its industry's provision surcharge."""

    instalments: tuple = ()
    promises: tuple = ()
    habit: object = None
    surcharge: float = 0.0


@dataclass(frozen=True)
class Expected:
    """A part of an open item expected on ``date`` (from ``source``), with
    the chance it is paid and the amount expected."""

    key: int
    partner: int
    due: date
    date: date
    source: str
    amount: float
    probability: float
    expected_amount: float


class ForecastPolicyError(ValueError):
    """Bad input; ``code`` names the rule, ``params`` the values."""

    def __init__(self, code, **params):
        super().__init__(code, params)
        self.code = code
        self.params = params


# ---------------------------------------------------------------------------
# Calendar
# ---------------------------------------------------------------------------
def monday_of(day):
    """The Monday of ``day``'s week (a forecast is dated on a Monday)."""
    return day - timedelta(days=day.weekday())


def first_of_month(day):
    return day.replace(day=1)


def add_months(day, months):
    """The first day of the month ``months`` after ``day``'s."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def past_mondays(as_of, weeks):
    """The ``weeks`` Mondays before ``as_of``'s week, oldest first."""
    this_week = monday_of(as_of)
    return [this_week - timedelta(weeks=n) for n in range(weeks, 0, -1)]


def week_index(day, forecast_date):
    """Week of ``day`` counted from the forecast's week (0); what is
    expected before the forecast date (already late) falls into week 0."""
    return max((monday_of(day) - monday_of(forecast_date)).days // 7, 0)


def week_start(day, forecast_date):
    return monday_of(forecast_date) + timedelta(weeks=week_index(day, forecast_date))


def month_index(day, forecast_date):
    """Month of ``day`` counted from the forecast's month (0); earlier days
    fall into month 0."""
    months = (day.year - forecast_date.year) * 12 + day.month - forecast_date.month
    return max(months, 0)


def month_start(day, forecast_date):
    return add_months(forecast_date, month_index(day, forecast_date))


# ---------------------------------------------------------------------------
# Expected dates
# ---------------------------------------------------------------------------
def _day_in_month(year, month, day):
    """``day`` of the month, or the month's last day when it is shorter."""
    first = date(year, month, 1)
    last = (add_months(first, 1) - timedelta(days=1)).day
    return first.replace(day=min(day, last))


def habit_date(due, habit):
    """``(date, source)`` by the customer's habit: the usual day of the month
    (or weekday) nearest to the due date plus the average lateness, never
    before the due date; without a usual day, that date itself (``late``);
    without a habit, the due date (``due``)."""
    if habit is None:
        return due, "due"
    target = due + timedelta(days=round(habit.avg_days_late))
    if habit.day_of_month:
        candidates = [
            _day_in_month(month.year, month.month, habit.day_of_month)
            for month in (add_months(target, n) for n in (-1, 0, 1))
        ]
    elif habit.weekday is not None:
        shift = (habit.weekday - target.weekday()) % 7
        candidates = [
            target + timedelta(days=shift - 7),
            target + timedelta(days=shift),
        ]
    else:
        return max(target, due), "late"
    candidates = [day for day in candidates if day >= due] or [due]
    return min(candidates, key=lambda day: (abs((day - target).days), day)), "habit"


def _allocate(items, settlements, source):
    """Settle ``items`` (oldest due first) with ``settlements`` (earliest
    first): ``([(item, amount, date, source)], [(item, amount left)])``."""
    parts, left = [], []
    queue = sorted(
        (s for s in settlements if s.amount > 0), key=lambda s: (s.date, s.amount)
    )
    index, available = 0, queue[0].amount if queue else 0.0
    for item, amount in items:
        while amount > 1e-9 and index < len(queue):
            part = min(amount, available)
            parts.append((item, part, queue[index].date, source))
            amount -= part
            available -= part
            if available <= 1e-9:
                index += 1
                available = queue[index].amount if index < len(queue) else 0.0
        if amount > 1e-9:
            left.append((item, amount))
    return parts, left


def expected_dates(items, customer):
    """``[(item, amount, date, source)]`` of one customer's open items: what
    its plans' instalments settle, then its promises, then the rest by its
    habit.  Amounts add up to the items' open amounts."""
    ordered = [
        (item, item.amount)
        for item in sorted(items, key=lambda i: (i.due, i.key))
        if item.amount > 0
    ]
    planned, rest = _allocate(ordered, customer.instalments, "plan")
    promised, rest = _allocate(rest, customer.promises, "promise")
    by_habit = [
        (item, amount, *habit_date(item.due, customer.habit)) for item, amount in rest
    ]
    return planned + promised + by_habit


# ---------------------------------------------------------------------------
# Probability
# ---------------------------------------------------------------------------
def loss_rate(days_overdue, rates, surcharge=0.0):
    """Loss rate (percent) of an amount ``days_overdue`` past due, from the
    provision's ``{bucket: rate}``, raised by the industry ``surcharge``."""
    monthly = provision.monthly_bucket(days_overdue)
    rate = rates.get(provision.MONTHLY_TO_BUCKET[monthly], 100.0)
    return provision.effective_rate(rate, surcharge)


def probability(due, expected, rates, surcharge=0.0):
    """The chance an amount due on ``due`` is paid, by its age on the day it
    is expected: one less the loss rate of that day's bucket."""
    return round(1.0 - loss_rate((expected - due).days, rates, surcharge) / 100.0, 6)


def forecast(items, customers, rates, forecast_date, precision=2):
    """``[Expected]`` of every open item on ``forecast_date``: ``items`` are
    ``OpenItem``s,
    ``customers`` ``{partner: Customer}`` (a customer not given has no
    plan, promise nor habit), ``rates`` the provision's ``{bucket: loss
    rate}``.  An amount expected before the forecast date is aged as of the
    forecast date (it is at least that late).  Credits are not items: they
    bring no cash."""
    check_rates(rates)
    by_partner = {}
    for item in items:
        by_partner.setdefault(item.partner, []).append(item)
    result = []
    for partner, partner_items in by_partner.items():
        customer = customers.get(partner) or Customer()
        for item, amount, day, source in expected_dates(partner_items, customer):
            aged = max(day, forecast_date)
            chance = probability(item.due, aged, rates, customer.surcharge)
            result.append(
                Expected(
                    key=item.key,
                    partner=partner,
                    due=item.due,
                    date=day,
                    source=source,
                    amount=provision.round_half_up(amount, precision),
                    probability=chance,
                    expected_amount=provision.round_half_up(amount * chance, precision),
                )
            )
    return result


def check_rates(rates):
    missing = [bucket for bucket in provision.BUCKETS if bucket not in rates]
    if missing:
        raise ForecastPolicyError("rates_missing", buckets=missing)


# ---------------------------------------------------------------------------
# Weeks, months, the naive forecast
# ---------------------------------------------------------------------------
def by_week(expected, forecast_date, weeks=WEEKS):
    """``[amount expected]`` of the ``weeks`` weeks from the forecast's."""
    totals = [0.0] * weeks
    for row in expected:
        index = week_index(row.date, forecast_date)
        if index < weeks:
            totals[index] += row.expected_amount
    return [round(total, 2) for total in totals]


def by_month(expected, forecast_date, months=MONTHS):
    """``[amount expected]`` of the ``months`` months from the forecast's."""
    totals = [0.0] * months
    for row in expected:
        index = month_index(row.date, forecast_date)
        if index < months:
            totals[index] += row.expected_amount
    return [round(total, 2) for total in totals]


def naive_by_week(items, forecast_date, weeks=WEEKS):
    """The naive forecast: every open item paid in full on its due date, the
    overdue ones in week 0."""
    totals = [0.0] * weeks
    for item in items:
        index = week_index(item.due, forecast_date)
        if index < weeks and item.amount > 0:
            totals[index] += item.amount
    return [round(total, 2) for total in totals]


def summarize(expected, forecast_date):
    """``{(partner, week start, month start, source): [open, expected]}``:
    the rows of a forecast, ready to be written."""
    rows = {}
    for row in expected:
        key = (
            row.partner,
            week_start(row.date, forecast_date),
            month_start(row.date, forecast_date),
            row.source,
        )
        totals = rows.setdefault(key, [0.0, 0.0])
        totals[0] += row.amount
        totals[1] += row.expected_amount
    return {key: [round(a, 2), round(e, 2)] for key, (a, e) in rows.items()}


# ---------------------------------------------------------------------------
# Accuracy
# ---------------------------------------------------------------------------
def error_percent(forecast_amount, collected):
    """Absolute percentage error of a week: ``|forecast - collected| /
    collected``; None when nothing was collected (the error has no base)."""
    if collected is None or collected <= 0:
        return None
    return round(100.0 * abs(forecast_amount - collected) / collected, 2)


def mape(pairs):
    """Mean absolute percentage error of ``[(forecast, collected)]``, the
    weeks that collected nothing left out; None without any."""
    errors = [error_percent(f, c) for f, c in pairs]
    errors = [e for e in errors if e is not None]
    if not errors:
        return None
    return round(sum(errors) / len(errors), 2)


def accuracy_by_horizon(weeks):
    """``{horizon: (forecast MAPE, naive MAPE)}`` from ``weeks``:
    ``[(horizon, forecast, naive, collected)]`` of the weeks that passed
    (horizon 1: the forecast's own week)."""
    grouped = {}
    for horizon, forecast_amount, naive, collected in weeks:
        grouped.setdefault(horizon, []).append((forecast_amount, naive, collected))
    return {
        horizon: (
            mape([(f, c) for f, _n, c in rows]),
            mape([(n, c) for _f, n, c in rows]),
        )
        for horizon, rows in sorted(grouped.items())
    }
