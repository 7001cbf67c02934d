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

#: What one letter asks: the overdue debts listed (``invoices``), the
#: unapplied credits deducted from them, what is then ``overdue`` (the
#: customer's overdue, as every screen shows it), the part a repayment plan
#: covers, and what is left to pay (``due``).
LetterFigures = namedtuple("LetterFigures", "invoices credits overdue covered due")


def letter_figures(invoices, credits, covered):
    """``invoices``: the undisputed overdue debts listed on the letter;
    ``credits``: unapplied payments and credit notes (positive), deducted
    up to the debts; ``covered``: what an active repayment plan still
    covers."""
    credits = min(max(credits, 0.0), invoices)
    overdue = invoices - credits
    covered = min(max(covered, 0.0), overdue)
    return LetterFigures(invoices, credits, overdue, covered, overdue - covered)


def amounts_by_currency(rows, overdue, due):
    """What a letter asks in each currency the customer was invoiced in.

    ``rows``: ``[(currency, amount in that currency, amount in company
    currency)]``, the debts and (negative) credits listed; ``overdue`` and
    ``due``: the letter's overdue and amount to pay in company currency.
    Returns ``[(currency, overdue in currency, to pay in currency)]`` in the
    order the currencies first appear; a repayment plan's cover (``overdue
    - due``) is shared among the currencies in proportion to what each
    owes."""
    totals = {}
    for currency, amount_currency, _amount in rows:
        totals[currency] = totals.get(currency, 0.0) + amount_currency
    share = due / overdue if overdue > 0 else 0.0
    return [(currency, net, net * share) for currency, net in totals.items()]


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


#: The opening of a letter, by what it may say of the letters before it:
#: a letter never recalls a reminder that did not go.
OPENINGS = (
    "oversight",  # friendly reminder, the first letter
    "reminder_again",  # friendly reminder after earlier letters
    "request",  # payment request, the first letter
    "request_after_reminder",  # payment request after a letter
    "final",  # final notice, the first letter
    "final_after_letter",  # final notice after one letter
    "final_after_letters",  # final notice after several letters
)


def letter_opening(severity, earlier_sent):
    """The opening of a letter of ``severity`` (mild, moderate, severe)
    whose customer was sent ``earlier_sent`` letters before it (sent or
    printed, not merely queued or failed)."""
    earlier_sent = max(earlier_sent or 0, 0)
    if severity == "mild":
        return "reminder_again" if earlier_sent else "oversight"
    if severity == "moderate":
        return "request_after_reminder" if earlier_sent else "request"
    if earlier_sent >= 2:
        return "final_after_letters"
    return "final_after_letter" if earlier_sent else "final"


# ----------------------------------------------------------------------
# Payment habits
# ----------------------------------------------------------------------
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
