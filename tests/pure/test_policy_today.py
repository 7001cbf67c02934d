"""The collector's day (policy/today.py)."""

from datetime import date, datetime

import pytest
from policy.today import (
    DATE_REASONS,
    REASONS,
    CaseFacts,
    month_start,
    reasons_today,
)

TODAY = date(2026, 6, 15)
YESTERDAY = date(2026, 6, 14)
MORNING = datetime(2026, 6, 15, 9, 0)
NOON = datetime(2026, 6, 15, 12, 0)


def test_nothing_to_do():
    assert reasons_today(CaseFacts(), TODAY) == ()


@pytest.mark.parametrize(
    "deadline, first_action, expected",
    [
        (TODAY, None, ("deadline",)),
        (YESTERDAY, None, ("deadline",)),
        (date(2026, 6, 16), None, ()),
        (YESTERDAY, YESTERDAY, ()),  # the first action was taken
        (None, None, ()),
    ],
)
def test_stage_deadline(deadline, first_action, expected):
    facts = CaseFacts(action_deadline=deadline, first_action_date=first_action)
    assert reasons_today(facts, TODAY) == expected


@pytest.mark.parametrize(
    "facts, expected",
    [
        (CaseFacts(open_promise_dates=(TODAY,)), ("promise_due",)),
        (CaseFacts(open_promise_dates=(YESTERDAY,)), ("promise_due",)),
        (CaseFacts(open_promise_dates=(date(2026, 6, 20),)), ()),
        (CaseFacts(broken_promise_dates=(YESTERDAY,)), ("promise_broken",)),
        (CaseFacts(broken_promise_dates=(TODAY,)), ("promise_broken",)),
        (CaseFacts(broken_promise_dates=(date(2026, 6, 10),)), ()),
        (CaseFacts(open_instalment_dates=(TODAY,)), ("instalment_due",)),
        (CaseFacts(open_instalment_dates=(date(2026, 7, 15),)), ()),
        (CaseFacts(missed_instalment_dates=(YESTERDAY,)), ("instalment_missed",)),
        (CaseFacts(missed_instalment_dates=(date(2026, 5, 15),)), ()),
        (CaseFacts(failed_letters=1), ("letter_failed",)),
        (CaseFacts(next_action_date=TODAY), ("next_action",)),
        (CaseFacts(next_action_date=date(2026, 6, 16)), ()),
    ],
)
def test_promises_instalments_letters(facts, expected):
    assert reasons_today(facts, TODAY) == expected


def test_dispute_waits_until_the_collector_speaks_to_the_customer():
    disputed = CaseFacts(disputed_at=(MORNING,), customer_answers=(MORNING,))
    assert reasons_today(disputed, TODAY) == ("disputed",)  # said once
    called = CaseFacts(
        disputed_at=(MORNING,), customer_answers=(MORNING,), last_own_contact=NOON
    )
    assert reasons_today(called, TODAY) == ()


def test_customer_answer_waits_for_the_collector():
    assert reasons_today(CaseFacts(customer_answers=(NOON,)), TODAY) == (
        "answer_waiting",
    )
    answered = CaseFacts(customer_answers=(MORNING,), last_own_contact=NOON)
    assert reasons_today(answered, TODAY) == ()
    again = CaseFacts(customer_answers=(MORNING, NOON), last_own_contact=MORNING)
    assert reasons_today(again, TODAY) == ("answer_waiting",)


def test_reasons_in_their_order():
    facts = CaseFacts(
        action_deadline=YESTERDAY,
        failed_letters=2,
        open_promise_dates=(TODAY,),
        customer_answers=(NOON,),
    )
    got = reasons_today(facts, TODAY)
    assert got == ("deadline", "promise_due", "letter_failed", "answer_waiting")
    assert list(got) == sorted(got, key=REASONS.index)


def test_month_start():
    assert month_start(TODAY) == date(2026, 6, 1)
    assert month_start(date(2026, 6, 1)) == date(2026, 6, 1)


def test_date_reasons_are_reasons_given_by_case_dates():
    """The database is asked for these by name: each is a reason, its
    dates are facts of the case, and its date alone gives it."""
    names = set(CaseFacts.__dataclass_fields__)
    for reason, date_field, unless in DATE_REASONS:
        assert reason in REASONS
        assert {date_field, unless or date_field} <= names
        assert reasons_today(CaseFacts(**{date_field: TODAY}), TODAY) == (reason,)
        if unless:
            facts = CaseFacts(**{date_field: TODAY, unless: YESTERDAY})
            assert reasons_today(facts, TODAY) == ()
