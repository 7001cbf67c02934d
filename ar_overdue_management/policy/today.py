"""The collector's day: which open cases need an action today, and why.

A case is on the list when at least one of these holds on ``today``:

- ``deadline``: its stage's first-action deadline is reached and no first
  action was taken;
- ``next_action``: the next action planned on the case is due;
- ``promise_due``: a promise to pay still open falls due today (or is past
  its date and not yet settled by the daily run);
- ``promise_broken``: a promise was found broken yesterday or today;
- ``instalment_due``: an instalment of its plan, not fully paid, falls due
  today (or is past its date and not yet settled);
- ``instalment_missed``: an instalment was found missed yesterday or today;
- ``disputed``: the customer disputed a statement and the collector has not
  contacted the customer since;
- ``letter_failed``: a dunning letter could not be sent;
- ``answer_waiting``: the customer answered (a statement confirmed, a
  contact through its portal) and the collector has not contacted the
  customer since.

The reasons come back in this order, which is also the order of urgency a
card shows them in.
"""

from dataclasses import dataclass
from datetime import timedelta

#: The reasons, in the order a card lists them, with their labels.
REASON_SELECTION = (
    ("deadline", "Stage deadline reached"),
    ("next_action", "Next action due"),
    ("promise_due", "Promise due"),
    ("promise_broken", "Promise broken"),
    ("instalment_due", "Instalment due"),
    ("instalment_missed", "Instalment missed"),
    ("disputed", "Statement disputed"),
    ("letter_failed", "Letter not sent"),
    ("answer_waiting", "Customer answer waiting"),
)
REASONS = tuple(key for key, _label in REASON_SELECTION)
#: The reasons the case's own dates give, as ``(reason, date, unless)``: the
#: reason holds once ``date`` has come, unless ``unless`` is set.  Kept as
#: data so that the database can be asked for them too.
DATE_REASONS = (
    ("deadline", "action_deadline", "first_action_date"),
    ("next_action", "next_action_date", None),
)


@dataclass(frozen=True)
class CaseFacts:
    """What is known of one open case on the day.

    Dates are ``date``; ``last_own_contact``, ``disputed_at`` and
    ``customer_answers`` are moments of the same kind (datetimes, or dates),
    compared with one another only.
    """

    action_deadline: object = None
    first_action_date: object = None
    next_action_date: object = None
    open_promise_dates: tuple = ()
    broken_promise_dates: tuple = ()
    open_instalment_dates: tuple = ()
    missed_instalment_dates: tuple = ()
    disputed_at: tuple = ()
    failed_letters: int = 0
    customer_answers: tuple = ()
    last_own_contact: object = None


def _since_own_contact(moments, last_own_contact):
    """Whether one of ``moments`` came after the collector's last contact."""
    return any(
        last_own_contact is None or moment > last_own_contact for moment in moments
    )


def reasons_today(facts, today):
    """The reasons (codes of ``REASONS``, in that order) why a case with
    these ``facts`` needs an action on ``today``; empty when it does not."""
    yesterday = today - timedelta(days=1)
    found = set()
    for reason, date_field, unless in DATE_REASONS:
        day = getattr(facts, date_field)
        if day and day <= today and not (unless and getattr(facts, unless)):
            found.add(reason)
    if any(day <= today for day in facts.open_promise_dates):
        found.add("promise_due")
    if any(yesterday <= day <= today for day in facts.broken_promise_dates):
        found.add("promise_broken")
    if any(day <= today for day in facts.open_instalment_dates):
        found.add("instalment_due")
    if any(yesterday <= day <= today for day in facts.missed_instalment_dates):
        found.add("instalment_missed")
    if _since_own_contact(facts.disputed_at, facts.last_own_contact):
        found.add("disputed")
    if facts.failed_letters > 0:
        found.add("letter_failed")
    # a disputed statement's answer is the dispute itself: said once
    if "disputed" not in found and _since_own_contact(
        facts.customer_answers, facts.last_own_contact
    ):
        found.add("answer_waiting")
    return tuple(reason for reason in REASONS if reason in found)


def month_start(today):
    """The first day of ``today``'s month: the collector's figures count
    from it."""
    return today.replace(day=1)
