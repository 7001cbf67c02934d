"""Dunning letters: which customer gets which letter, and when.

Plain functions, no Odoo: the models gather the facts set-wise and call
them.
"""

from collections import namedtuple
from datetime import timedelta

#: Why a customer gets no letter today (``None``: it gets one).
SKIP_REASONS = (
    "legal",  # the case is with a law firm or an agency
    "sent",  # this level's letter already went for this case
    "paused",  # a promise to pay or a grace period runs
    "gap",  # the last letter is too recent
    "nothing_due",  # nothing left to ask once credits and plans are deducted
    "no_level",  # the customer's tier has no letter
)

#: What one letter asks: the overdue debts listed, the unapplied credits
#: and the part a repayment plan covers deducted, what is left to pay.
LetterFigures = namedtuple("LetterFigures", "overdue credits covered due")


def letter_figures(overdue, credits, covered):
    """``overdue``: the undisputed overdue debts listed on the letter;
    ``credits``: unapplied payments and credit notes (positive);
    ``covered``: what an active repayment plan still covers."""
    due = max(overdue - credits - covered, 0.0)
    return LetterFigures(overdue, credits, min(covered, overdue), due)


def letter_skip(
    stage,
    level_id,
    sent_levels,
    paused_until,
    last_letter,
    min_gap_days,
    due,
    as_of,
    precision=0.005,
):
    """Why a case gets no letter of ``level_id`` on ``as_of``, or None.

    ``sent_levels``: levels already sent on this case (a level's letter goes
    once per entry into it: once per case); ``paused_until``: last day of a
    running promise or grace period, or None; ``last_letter``: date of the
    case's last letter, or None; ``due``: what the letter would ask."""
    if stage == "legal":
        return "legal"
    if not level_id:
        return "no_level"
    if level_id in sent_levels:
        return "sent"
    if paused_until and paused_until >= as_of:
        return "paused"
    if last_letter and as_of < last_letter + timedelta(days=min_gap_days):
        return "gap"
    if due <= precision:
        return "nothing_due"
    return None


def retry_due(attempts, max_attempts, last_try, as_of, wait_days=1):
    """Whether a letter whose e-mail failed is tried again on ``as_of``."""
    if attempts >= max_attempts:
        return False
    return last_try is None or as_of >= last_try + timedelta(days=wait_days)


# ----------------------------------------------------------------------
# Payment habits
# ----------------------------------------------------------------------
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


def habit_reminder_date(habit, as_of, lead_days):
    """The first day from ``as_of`` on which a reminder goes ``lead_days``
    before the customer's usual payment day (``as_of`` itself without a
    usual day)."""
    if habit is None or (habit.day_of_month is None and habit.weekday is None):
        return as_of
    for offset in range(0, 40):
        day = as_of + timedelta(days=offset)
        target = day + timedelta(days=lead_days)
        if habit.day_of_month is not None:
            if target.day == min(habit.day_of_month, 28):
                return day
        elif target.weekday() == habit.weekday:
            return day
    return as_of
