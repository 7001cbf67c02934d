"""Collection work (policy/collection.py): promises, plans, deadlines,
escalation, the monthly confirmation and the hash chain."""

from datetime import date, timedelta

import pytest
from policy import collection as c

D = date(2026, 6, 15)  # a Monday


def day(n):
    return D + timedelta(days=n)


# ----------------------------------------------------------------------
# Promises
# ----------------------------------------------------------------------
@pytest.mark.parametrize(
    "amount, due, kind, code, values",
    [
        (0.0, day(3), "promise", "amount", {}),
        (-5.0, day(3), "promise", "amount", {}),
        (10.0, day(-1), "promise", "date", {}),
        (10.0, day(16), "grace", "grace", {"days": 16, "max_days": 15}),
        (10.0, day(61), "promise", "far", {"days": 61, "max_days": 60}),
    ],
)
def test_bad_promises_are_refused(amount, due, kind, code, values):
    with pytest.raises(c.CollectionPolicyError) as caught:
        c.check_promise(amount, D, due, kind, 15, 60)
    assert (caught.value.code, caught.value.values) == (code, values)


def test_promises_within_the_limits_pass():
    c.check_promise(10.0, D, day(15), "grace", 15, 60)
    c.check_promise(10.0, D, day(60), "promise", 15, 60)
    c.check_promise(10.0, D, D, "promise", 0, 0)
    with pytest.raises(c.CollectionPolicyError):
        c.check_promise(10.0, D, day(1), "grace", 0, 60)  # the tier grants none


@pytest.mark.parametrize(
    "paid, as_of, expected",
    [
        (250.0, day(2), c.OPEN),  # partial, date not passed
        (599.996, day(2), c.KEPT),  # a rounding short of the amount
        (600.0, day(1), c.KEPT),  # kept early
        (700.0, day(9), c.KEPT),
        (250.0, day(5), c.OPEN),  # the promised day itself
        (250.0, day(6), c.BROKEN),  # the day after
        (0.0, day(6), c.BROKEN),
    ],
)
def test_promise_outcome(paid, as_of, expected):
    assert c.promise_outcome(600.0, paid, day(5), as_of) == expected


def test_promise_active_until_its_day():
    assert c.promise_active(c.OPEN, day(5), day(5))
    assert not c.promise_active(c.OPEN, day(5), day(6))
    assert not c.promise_active(c.KEPT, day(5), day(1))


def test_one_payment_keeps_one_of_two_overlapping_promises():
    shares = c.share_payments(
        [
            ("late", day(0), day(6), 300.0, 300.0),
            ("early", day(0), day(5), 300.0, 300.0),
        ]
    )
    assert shares == {"early": 300.0, "late": 0.0}


def test_promises_in_separate_windows_count_their_own_payments():
    shares = c.share_payments(
        [
            ("june", day(0), day(5), 300.0, 300.0),
            ("july", day(20), day(25), 200.0, 200.0),
        ]
    )
    assert shares == {"june": 300.0, "july": 200.0}


def test_overpayment_beyond_the_first_promise_counts_for_the_next():
    shares = c.share_payments(
        [
            ("a", day(0), day(5), 300.0, 500.0),
            ("b", day(1), day(6), 300.0, 500.0),
        ]
    )
    assert shares == {"a": 500.0, "b": 200.0}


# ----------------------------------------------------------------------
# Plans
# ----------------------------------------------------------------------
def test_plan_must_add_up():
    c.check_plan([(day(10), 300.0), (day(40), 600.0)], 900.0)
    with pytest.raises(c.CollectionPolicyError) as caught:
        c.check_plan([(day(10), 300.0), (day(40), 500.0)], 900.0)
    assert caught.value.code == "plan_total"
    assert caught.value.values == {"total": 800.0, "covered": 900.0}
    for instalments, covered, code in (
        ([], 900.0, "plan_empty"),
        ([(day(10), 0.0)], 900.0, "plan_line"),
        ([(None, 900.0)], 900.0, "plan_line"),
        ([(day(10), 900.0)], 0.0, "plan_amount"),
    ):
        with pytest.raises(c.CollectionPolicyError) as caught:
            c.check_plan(instalments, covered)
        assert caught.value.code == code


def test_payments_spread_over_instalments_in_date_order():
    instalments = [(day(30), 300.0), (day(10), 300.0), (day(50), 300.0)]
    states = c.instalment_states(instalments, 450.0, day(12))
    assert states == [(150.0, "partial"), (300.0, "paid"), (0.0, "due")]
    assert c.plan_state(states) == "active"


def test_unpaid_instalment_past_its_date_is_missed():
    states = c.instalment_states([(day(10), 450.0), (day(40), 450.0)], 200.0, day(11))
    assert states == [(200.0, "missed"), (0.0, "due")]
    assert c.plan_state(states) == "broken"
    # on its date it is not missed yet
    assert c.instalment_states([(day(10), 450.0)], 0.0, day(10)) == [(0.0, "due")]


def test_plan_paid_in_full_is_done_and_overpayment_is_harmless():
    states = c.instalment_states([(day(10), 450.0), (day(40), 450.0)], 1000.0, day(50))
    assert states == [(450.0, "paid"), (450.0, "paid")]
    assert c.plan_state(states) == "done"


# ----------------------------------------------------------------------
# Stages and deadlines
# ----------------------------------------------------------------------
@pytest.mark.parametrize(
    "stage, expected",
    [
        ("reminder", "dunning"),
        ("dunning", "escalated"),
        ("escalated", "escalated"),
        ("plan", "escalated"),
        ("legal", "legal"),
    ],
)
def test_a_broken_promise_moves_one_stage_up_never_into_legal(stage, expected):
    assert c.stage_after_broken_promise(stage) == expected


def test_working_days_skip_weekends_and_holidays():
    weekdays = range(5)
    assert c.add_working_days(D, 3, weekdays) == day(3)  # Thursday
    assert c.add_working_days(D, 5, weekdays) == day(7)  # next Monday
    assert c.add_working_days(D, 3, weekdays, {day(2)}) == day(4)
    assert c.add_working_days(day(4), 1, weekdays) == day(7)  # Friday + 1
    assert c.add_working_days(D, 0, weekdays) == D
    assert c.add_working_days(D, 3, set()) == day(3)  # no calendar: every day


def test_first_action_late():
    assert not c.first_action_late(day(3), None, day(3))
    assert c.first_action_late(day(3), None, day(4))
    assert not c.first_action_late(day(3), day(3), day(10))
    assert c.first_action_late(day(3), day(5), day(10))
    assert not c.first_action_late(None, None, day(10))


# ----------------------------------------------------------------------
# Escalation and confirmation
# ----------------------------------------------------------------------
def test_escalation_lists_what_is_missing():
    assert c.escalation_missing(1, ["contract"]) == [
        "written_contacts",
        "invoice",
        "statement",
        "contact_log",
    ]
    assert c.escalation_missing(3, list(c.EVIDENCE_KINDS) + ["other"]) == []


def test_confirmation_period_from_the_day():
    assert c.confirmation_period(date(2026, 7, 2), 3) is None
    assert c.confirmation_period(date(2026, 7, 3), 3) == date(2026, 7, 1)
    assert c.confirmation_period(date(2026, 7, 31), 3) == date(2026, 7, 1)


# ----------------------------------------------------------------------
# The hash chain
# ----------------------------------------------------------------------
def _chain(contents):
    entries, previous = [], ""
    for seq, content in enumerate(contents, start=1):
        digest = c.entry_hash(previous, content)
        entries.append((seq, f"entry {seq}", previous, digest, content))
        previous = digest
    return entries, previous


CONTENTS = [
    {"model": "contact", "id": 1, "answer": "Will pay Friday", "amount": "600.000000"},
    {"model": "promise", "id": 7, "amount": "600.000000", "date": "2026-06-20"},
    {"model": "contact", "id": 2, "answer": "已付款", "amount": None},
]


def test_entry_hash_depends_on_content_and_previous():
    first = c.entry_hash("", CONTENTS[0])
    assert first == c.entry_hash("", dict(reversed(CONTENTS[0].items())))
    assert first != c.entry_hash("x", CONTENTS[0])
    assert first != c.entry_hash("", dict(CONTENTS[0], answer="Will pay Monday"))
    assert len(first) == 64


def test_whole_chain_verifies():
    entries, head = _chain(CONTENTS)
    assert c.verify_chain(entries, 3, head) == []
    assert c.verify_chain([], 0, "") == []


def test_altered_content_is_named():
    entries, head = _chain(CONTENTS)
    seq, label, previous, digest, content = entries[1]
    entries[1] = (seq, label, previous, digest, dict(content, amount="6.000000"))
    assert c.verify_chain(entries, 3, head) == [("altered", "entry 2")]


def test_entry_removed_in_the_middle_is_named_without_false_alarms():
    entries, head = _chain(CONTENTS)
    del entries[1]
    assert c.verify_chain(entries, 3, head) == [("missing", 2)]


def test_last_entry_removed_is_named():
    entries, head = _chain(CONTENTS)
    del entries[2]
    assert c.verify_chain(entries, 3, head) == [("missing", 3)]


def test_head_that_does_not_match_is_named():
    entries, _head = _chain(CONTENTS)
    assert c.verify_chain(entries, 3, "forged") == [("truncated", 3)]


def test_relinked_entry_is_named():
    entries, head = _chain(CONTENTS)
    seq, label, _previous, _digest, content = entries[1]
    forged = c.entry_hash("other", content)
    entries[1] = (seq, label, "other", forged, content)
    problems = c.verify_chain(entries, 3, head)
    assert ("relinked", "entry 2") in problems
    assert ("relinked", "entry 3") in problems
