"""Collection work (policy/collection.py): promises, repayment plans, stage
deadlines, escalation, monthly confirmation and the record's hash chain."""

from datetime import date, timedelta

import pytest
from policy.collection import (
    BROKEN,
    EVIDENCE_KINDS,
    KEPT,
    OPEN,
    CollectionPolicyError,
    add_working_days,
    check_plan,
    check_promise,
    confirmation_period,
    entry_hash,
    escalation_missing,
    first_action_late,
    instalment_states,
    plan_state,
    promise_active,
    promise_outcome,
    share_payments,
    stage_after_broken_promise,
    verify_chain,
)

GIVEN = date(2025, 3, 3)  # a Monday


# ----------------------------------------------------------------------
# check_promise
# ----------------------------------------------------------------------
@pytest.mark.parametrize("amount", [0, 0.0, -10.0])
def test_promise_of_nothing_is_refused(amount):
    with pytest.raises(CollectionPolicyError) as err:
        check_promise(amount, GIVEN, GIVEN + timedelta(days=5), "promise", 30, 60)
    assert err.value.code == "amount"
    assert err.value.values == {}


def test_promise_dated_before_it_is_given_is_refused():
    with pytest.raises(CollectionPolicyError) as err:
        check_promise(100.0, GIVEN, GIVEN - timedelta(days=1), "promise", 30, 60)
    assert err.value.code == "date"
    assert err.value.values == {}
    assert isinstance(err.value, ValueError)


def test_amount_is_checked_before_date():
    with pytest.raises(CollectionPolicyError) as err:
        check_promise(0.0, GIVEN, GIVEN - timedelta(days=1), "promise", 30, 60)
    assert err.value.code == "amount"


def test_grace_longer_than_the_tier_allows_is_refused():
    with pytest.raises(CollectionPolicyError) as err:
        check_promise(100.0, GIVEN, GIVEN + timedelta(days=15), "grace", 14, 60)
    assert err.value.code == "grace"
    assert err.value.values == {"days": 15, "max_days": 14}


def test_grace_when_the_tier_grants_none_is_refused():
    with pytest.raises(CollectionPolicyError) as err:
        check_promise(100.0, GIVEN, GIVEN + timedelta(days=1), "grace", 0, 60)
    assert err.value.code == "grace"
    assert err.value.values == {"days": 1, "max_days": 0}


def test_grace_of_exactly_the_maximum_is_accepted():
    assert (
        check_promise(100.0, GIVEN, GIVEN + timedelta(days=14), "grace", 14, 60) is None
    )


@pytest.mark.parametrize("days", [0, 1, 30, 365, 1000])
def test_plain_promise_of_any_length_ignores_the_grace_limit(days):
    # a plain promise is held only to the company's limit, never the tier's
    due = GIVEN + timedelta(days=days)
    assert check_promise(50.0, GIVEN, due, "promise", 0, 1000) is None


def test_promise_further_than_the_company_accepts_is_refused():
    with pytest.raises(CollectionPolicyError) as err:
        check_promise(100.0, GIVEN, GIVEN + timedelta(days=61), "promise", 15, 60)
    assert err.value.code == "far"
    assert err.value.values == {"days": 61, "max_days": 60}
    assert (
        check_promise(100.0, GIVEN, GIVEN + timedelta(days=60), "promise", 15, 60)
        is None
    )


def test_grace_within_the_tier_but_beyond_the_company_limit_is_far():
    with pytest.raises(CollectionPolicyError) as err:
        check_promise(100.0, GIVEN, GIVEN + timedelta(days=12), "grace", 15, 10)
    assert (err.value.code, err.value.values) == ("far", {"days": 12, "max_days": 10})


def test_grace_rule_is_checked_before_the_company_limit():
    with pytest.raises(CollectionPolicyError) as err:
        check_promise(100.0, GIVEN, GIVEN + timedelta(days=20), "grace", 15, 10)
    assert err.value.code == "grace"


# ----------------------------------------------------------------------
# promise_outcome / promise_active
# ----------------------------------------------------------------------
DUE = date(2025, 3, 14)


def test_partial_payments_leave_a_promise_open_until_its_date():
    assert promise_outcome(300.0, 100.0 + 150.0, DUE, DUE - timedelta(days=3)) == OPEN
    assert promise_outcome(300.0, 250.0, DUE, DUE) == OPEN
    assert promise_outcome(300.0, 0.0, DUE, DUE) == OPEN


def test_promise_not_paid_in_full_is_broken_the_day_after_its_date():
    assert promise_outcome(300.0, 250.0, DUE, DUE + timedelta(days=1)) == BROKEN
    assert promise_outcome(300.0, 0.0, DUE, DUE + timedelta(days=40)) == BROKEN


def test_promise_paid_in_full_is_kept_even_early_or_late():
    assert promise_outcome(300.0, 300.0, DUE, GIVEN) == KEPT
    assert promise_outcome(300.0, 100.0 + 200.0, DUE, DUE) == KEPT
    assert promise_outcome(300.0, 350.0, DUE, DUE - timedelta(days=5)) == KEPT
    # paid in full, looked at after the date: still kept
    assert promise_outcome(300.0, 300.0, DUE, DUE + timedelta(days=10)) == KEPT


def test_promise_outcome_tolerates_tiny_rounding():
    assert promise_outcome(0.3, 0.1 + 0.2, DUE, DUE) == KEPT
    assert promise_outcome(300.0, 299.996, DUE, DUE + timedelta(days=1)) == KEPT
    assert promise_outcome(300.0, 299.99, DUE, DUE + timedelta(days=1)) == BROKEN
    assert promise_outcome(300.0, 299.99, DUE, DUE) == OPEN


def test_promise_active_only_while_open_and_not_past_its_date():
    assert promise_active(OPEN, DUE, DUE - timedelta(days=1)) is True
    assert promise_active(OPEN, DUE, DUE) is True
    assert promise_active(OPEN, DUE, DUE + timedelta(days=1)) is False
    assert promise_active(KEPT, DUE, DUE - timedelta(days=1)) is False
    assert promise_active(BROKEN, DUE, DUE - timedelta(days=1)) is False


# ----------------------------------------------------------------------
# share_payments
# ----------------------------------------------------------------------
def _day(n):
    return GIVEN + timedelta(days=n)


def test_one_payment_keeps_only_the_earliest_of_overlapping_promises():
    shares = share_payments(
        [("late", _day(1), DUE, 300.0), ("early", GIVEN, DUE, 300.0)],
        [(_day(2), 300.0)],
    )
    assert shares == {"early": 300.0, "late": 0.0}


def test_promises_given_the_same_day_share_by_key():
    shares = share_payments(
        [(10, GIVEN, DUE, 300.0), (9, GIVEN, DUE, 300.0)], [(_day(1), 300.0)]
    )
    assert shares == {9: 300.0, 10: 0.0}


def test_promises_in_separate_windows_count_their_own_payments():
    shares = share_payments(
        [
            ("march", GIVEN, _day(5), 300.0),
            ("april", _day(30), _day(35), 200.0),
        ],
        [(_day(3), 300.0), (_day(31), 200.0)],
    )
    assert shares == {"march": 300.0, "april": 200.0}


def test_what_an_earlier_promise_did_not_need_counts_for_the_next():
    shares = share_payments(
        [("a", GIVEN, DUE, 300.0), ("b", _day(1), DUE, 300.0)],
        [(_day(2), 500.0)],
    )
    assert shares == {"a": 300.0, "b": 200.0}


def test_partial_payment_is_shared_without_going_negative():
    shares = share_payments(
        [("a", GIVEN, DUE, 300.0), ("b", _day(1), DUE, 300.0)],
        [(_day(2), 100.0), (_day(3), -40.0)],
    )
    assert shares == {"a": 100.0, "b": 0.0}


def test_no_promise_shares_nothing():
    assert share_payments([], [(GIVEN, 100.0)]) == {}


def test_payment_outside_the_shared_days_still_keeps_the_later_promise():
    """Promise A runs days 0-10, promise B days 5-15.  300 arrives on day 2
    (A's window only), another 300 on day 12 (B's window only): two
    payments, two promises, each keeps its own."""
    shares = share_payments(
        [("A", GIVEN, _day(10), 300.0), ("B", _day(5), _day(15), 300.0)],
        [(_day(2), 300.0), (_day(12), 300.0)],
    )
    assert shares == {"A": 300.0, "B": 300.0}


def test_payment_after_the_window_does_not_count():
    shares = share_payments([("A", GIVEN, _day(5), 300.0)], [(_day(6), 300.0)])
    assert shares == {"A": 0.0}


# ----------------------------------------------------------------------
# check_plan
# ----------------------------------------------------------------------
D1, D2, D3 = date(2025, 4, 1), date(2025, 5, 1), date(2025, 6, 1)


def test_plan_adding_up_to_the_amount_covered_is_accepted():
    assert check_plan([(D1, 100.0), (D2, 100.0), (D3, 100.0)], 300.0) is None
    assert check_plan([(D1, 0.1), (D2, 0.2)], 0.3) is None  # float rounding
    assert check_plan([(D1, 300.0)], 300.0) is None


def test_plan_not_adding_up_is_refused_with_the_totals():
    with pytest.raises(CollectionPolicyError) as err:
        check_plan([(D1, 100.0), (D2, 100.0)], 300.0)
    assert err.value.code == "plan_total"
    assert err.value.values == {"total": 200.0, "covered": 300.0}


def test_plan_off_by_a_cent_is_refused():
    with pytest.raises(CollectionPolicyError) as err:
        check_plan([(D1, 33.33), (D2, 33.33), (D3, 33.33)], 100.0)
    assert err.value.code == "plan_total"
    assert err.value.values["covered"] == 100.0
    assert err.value.values["total"] == pytest.approx(99.99)


def test_plan_with_no_instalment_is_refused():
    with pytest.raises(CollectionPolicyError) as err:
        check_plan([], 300.0)
    assert err.value.code == "plan_empty"
    assert err.value.values == {}


@pytest.mark.parametrize(
    "bad_line", [(None, 100.0), (False, 100.0), (D2, 0.0), (D2, -50.0)]
)
def test_plan_with_a_bad_line_is_refused(bad_line):
    with pytest.raises(CollectionPolicyError) as err:
        check_plan([(D1, 100.0), bad_line], 200.0)
    assert err.value.code == "plan_line"
    assert err.value.values == {}


@pytest.mark.parametrize("covered", [0, 0.0, -100.0])
def test_plan_covering_nothing_is_refused(covered):
    with pytest.raises(CollectionPolicyError) as err:
        check_plan([(D1, 100.0)], covered)
    assert err.value.code == "plan_amount"


def test_plan_amount_is_checked_before_emptiness():
    with pytest.raises(CollectionPolicyError) as err:
        check_plan([], 0.0)
    assert err.value.code == "plan_amount"


# ----------------------------------------------------------------------
# instalment_states / plan_state
# ----------------------------------------------------------------------
def test_payment_is_spread_in_date_order_whatever_the_given_order():
    instalments = [(D3, 100.0), (D1, 100.0), (D2, 100.0)]
    states = instalment_states(instalments, 150.0, D1 - timedelta(days=1))
    assert states == [(0.0, "due"), (100.0, "paid"), (50.0, "partial")]


def test_same_date_instalments_are_filled_in_the_given_order():
    instalments = [(D1, 100.0), (D1, 100.0)]
    states = instalment_states(instalments, 120.0, D1)
    assert states == [(100.0, "paid"), (20.0, "partial")]


def test_instalment_not_paid_in_full_is_missed_once_its_date_passed():
    instalments = [(D1, 100.0), (D2, 100.0)]
    # on its date it is still only partial / due
    assert instalment_states(instalments, 40.0, D1) == [
        (40.0, "partial"),
        (0.0, "due"),
    ]
    # the day after it is missed
    assert instalment_states(instalments, 40.0, D1 + timedelta(days=1)) == [
        (40.0, "missed"),
        (0.0, "due"),
    ]
    assert instalment_states(instalments, 0.0, D2 + timedelta(days=1)) == [
        (0.0, "missed"),
        (0.0, "missed"),
    ]


def test_instalment_paid_in_full_stays_paid_after_its_date():
    instalments = [(D1, 100.0), (D2, 100.0)]
    assert instalment_states(instalments, 100.0, D2) == [
        (100.0, "paid"),
        (0.0, "due"),
    ]


def test_overpayment_fills_every_instalment_and_no_more():
    instalments = [(D2, 100.0), (D1, 50.0)]
    states = instalment_states(instalments, 500.0, D3 + timedelta(days=1))
    assert states == [(100.0, "paid"), (50.0, "paid")]


def test_instalment_states_tolerate_tiny_rounding():
    instalments = [(D1, 0.1), (D2, 0.2)]
    states = instalment_states(instalments, 0.1 + 0.2 - 1e-9, D3)
    assert [state for _paid, state in states] == ["paid", "paid"]
    # a share below the precision is "due", not "partial"
    assert instalment_states([(D2, 100.0)], 0.004, D1) == [(0.004, "due")]


def test_negative_payment_counts_as_nothing():
    assert instalment_states([(D1, 100.0)], -20.0, D1) == [(0.0, "due")]


def test_instalment_states_of_no_instalment():
    assert instalment_states([], 100.0, D1) == []


def test_plan_state():
    assert plan_state([(100.0, "paid"), (100.0, "paid")]) == "done"
    assert plan_state([(100.0, "paid"), (20.0, "partial")]) == "active"
    assert plan_state([(100.0, "paid"), (0.0, "due")]) == "active"
    assert plan_state([(40.0, "missed"), (0.0, "due")]) == "broken"
    # a missed instalment breaks the plan even if a later one was paid
    assert plan_state([(0.0, "missed"), (100.0, "paid")]) == "broken"


def test_plan_state_follows_instalment_states():
    instalments = [(D1, 100.0), (D2, 100.0)]
    assert plan_state(instalment_states(instalments, 200.0, D1)) == "done"
    assert plan_state(instalment_states(instalments, 150.0, D1)) == "active"
    assert plan_state(instalment_states(instalments, 150.0, D3)) == "broken"


# ----------------------------------------------------------------------
# Stages
# ----------------------------------------------------------------------
@pytest.mark.parametrize(
    "stage, expected",
    [
        ("reminder", "dunning"),
        ("dunning", "escalated"),
        ("escalated", "escalated"),
        ("plan", "escalated"),
        ("legal", "legal"),
        ("closed", "closed"),  # unknown stage stays where it is
    ],
)
def test_stage_after_broken_promise(stage, expected):
    assert stage_after_broken_promise(stage) == expected


def test_broken_promise_never_moves_a_case_into_legal_action():
    for stage in ("reminder", "dunning", "escalated", "plan"):
        assert stage_after_broken_promise(stage) != "legal"


MON_FRI = range(5)
FRIDAY = date(2025, 3, 7)


def test_add_working_days_skips_the_weekend():
    assert FRIDAY.weekday() == 4
    assert add_working_days(FRIDAY, 1, MON_FRI) == date(2025, 3, 10)  # Monday
    assert add_working_days(FRIDAY, 5, MON_FRI) == date(2025, 3, 14)  # Friday
    assert add_working_days(GIVEN, 4, MON_FRI) == FRIDAY
    # starting on a Saturday the first working day is Monday
    assert add_working_days(date(2025, 3, 8), 1, MON_FRI) == date(2025, 3, 10)


def test_add_working_days_skips_holidays():
    holidays = [date(2025, 3, 10)]  # that Monday
    assert add_working_days(FRIDAY, 1, MON_FRI, holidays) == date(2025, 3, 11)
    assert add_working_days(FRIDAY, 2, MON_FRI, holidays) == date(2025, 3, 12)
    # a holiday on a weekend day changes nothing
    assert add_working_days(FRIDAY, 1, MON_FRI, [date(2025, 3, 8)]) == date(2025, 3, 10)


@pytest.mark.parametrize("days", [0, -3])
def test_add_no_working_days_is_the_start(days):
    assert add_working_days(FRIDAY, days, MON_FRI) == FRIDAY
    assert add_working_days(date(2025, 3, 8), days, MON_FRI) == date(2025, 3, 8)


def test_calendar_with_no_working_day_counts_every_day():
    assert add_working_days(FRIDAY, 3, ()) == date(2025, 3, 10)
    assert add_working_days(FRIDAY, 3, set()) == date(2025, 3, 10)
    # holidays still apply
    assert add_working_days(FRIDAY, 3, (), [date(2025, 3, 9)]) == date(2025, 3, 11)


def test_add_working_days_with_another_working_week():
    sun_thu = {6, 0, 1, 2, 3}
    # Thursday + 1 -> Sunday
    assert add_working_days(date(2025, 3, 6), 1, sun_thu) == date(2025, 3, 9)


DEADLINE = date(2025, 3, 14)


def test_first_action_late():
    after = DEADLINE + timedelta(days=1)
    before = DEADLINE - timedelta(days=1)
    # no action yet
    assert first_action_late(DEADLINE, None, before) is False
    assert first_action_late(DEADLINE, None, DEADLINE) is False
    assert first_action_late(DEADLINE, None, after) is True
    # an action: its own date counts, not today's
    assert first_action_late(DEADLINE, before, after) is False
    assert first_action_late(DEADLINE, DEADLINE, after) is False
    assert first_action_late(DEADLINE, after, after) is True
    assert first_action_late(DEADLINE, after, before) is True


@pytest.mark.parametrize("deadline", [None, False])
def test_first_action_never_late_without_deadline(deadline):
    assert first_action_late(deadline, None, DEADLINE) is False
    assert first_action_late(deadline, DEADLINE, DEADLINE) is False


# ----------------------------------------------------------------------
# Escalation
# ----------------------------------------------------------------------
def test_nothing_missing_for_escalation():
    assert escalation_missing(3, EVIDENCE_KINDS) == []
    assert escalation_missing(5, list(EVIDENCE_KINDS) + ["photo", "contract"]) == []


def test_escalation_missing_everything():
    assert escalation_missing(0, []) == [
        "written_contacts",
        "contract",
        "invoice",
        "statement",
        "contact_log",
    ]


def test_escalation_missing_in_a_fixed_order():
    assert escalation_missing(2, {"contact_log", "invoice"}) == [
        "written_contacts",
        "contract",
        "statement",
    ]
    assert escalation_missing(3, ("statement", "contract")) == [
        "invoice",
        "contact_log",
    ]


# ----------------------------------------------------------------------
# Monthly confirmation
# ----------------------------------------------------------------------
@pytest.mark.parametrize(
    "as_of, day, expected",
    [
        (date(2025, 3, 4), 5, None),
        (date(2025, 3, 5), 5, date(2025, 3, 1)),
        (date(2025, 3, 31), 5, date(2025, 3, 1)),
        (date(2025, 3, 1), 1, date(2025, 3, 1)),
        (date(2025, 2, 28), 31, None),
    ],
)
def test_confirmation_period(as_of, day, expected):
    assert confirmation_period(as_of, day) == expected


# ----------------------------------------------------------------------
# The record's hash chain
# ----------------------------------------------------------------------
def test_entry_hash_is_deterministic():
    content = {"kind": "promise", "amount": 100.0, "date": date(2025, 3, 3)}
    first = entry_hash("abc", content)
    assert first == entry_hash("abc", dict(content))
    assert len(first) == 64
    int(first, 16)
    # key order does not matter
    assert entry_hash("abc", dict(reversed(list(content.items())))) == first


def test_entry_hash_depends_on_previous_and_content():
    content = {"kind": "promise", "amount": 100.0}
    base = entry_hash("abc", content)
    assert entry_hash("abd", content) != base
    assert entry_hash("abc", {"kind": "promise", "amount": 100.01}) != base
    assert entry_hash("abc", {"kind": "promise", "amount": 100.0, "x": 1}) != base
    assert entry_hash("", content) != base


def test_entry_hash_first_entry_previous_none_or_empty():
    content = {"kind": "note"}
    assert entry_hash(None, content) == entry_hash("", content)
    assert entry_hash(False, content) == entry_hash("", content)


def test_entry_hash_takes_unicode():
    one = entry_hash("", {"note": "Zahlung zugesagt – Müller, 東京 €"})
    other = entry_hash("", {"note": "Zahlung zugesagt - Muller, 東京 €"})
    assert len(one) == 64
    assert one != other
    assert one == entry_hash("", {"note": "Zahlung zugesagt – Müller, 東京 €"})


def build_chain(contents):
    """``[(seq, label, previous, hash, content)]`` chained with entry_hash."""
    entries, previous = [], ""
    for seq, content in enumerate(contents, start=1):
        digest = entry_hash(previous, content)
        entries.append((seq, f"E{seq}", previous, digest, content))
        previous = digest
    return entries


CONTENTS = [
    {"kind": "contact", "note": "called", "date": "2025-03-03"},
    {"kind": "promise", "amount": 300.0, "due": "2025-03-14"},
    {"kind": "contact", "note": "écrit au client", "date": "2025-03-17"},
    {"kind": "escalation", "to": "legal"},
]


@pytest.fixture
def chain():
    return build_chain(CONTENTS)


def test_whole_chain_has_no_problem(chain):
    assert verify_chain(chain, 4, chain[-1][3]) == []
    # the order the entries are found in does not matter
    assert verify_chain(list(reversed(chain)), 4, chain[-1][3]) == []


def test_empty_record_has_no_problem():
    assert verify_chain([], 0, "") == []


def test_altered_content_is_reported_by_label(chain):
    seq, label, previous, digest, content = chain[1]
    chain[1] = (seq, label, previous, digest, {**content, "amount": 30.0})
    assert verify_chain(chain, 4, chain[-1][3]) == [("altered", "E2")]


def test_altered_last_entry(chain):
    seq, label, previous, digest, content = chain[3]
    chain[3] = (seq, label, previous, digest, {**content, "to": "agency"})
    assert verify_chain(chain, 4, digest) == [("altered", "E4")]


def test_entry_removed_in_the_middle_is_missing_and_nothing_else(chain):
    del chain[1]
    problems = verify_chain(chain, 4, chain[-1][3])
    assert problems == [("missing", 2)]
    assert not any(code in ("altered", "relinked") for code, _value in problems)


def test_first_entry_removed_is_missing(chain):
    del chain[0]
    assert verify_chain(chain, 4, chain[-1][3]) == [("missing", 1)]


def test_last_entry_removed_is_missing(chain):
    head = chain[-1][3]
    del chain[-1]
    assert verify_chain(chain, 4, head) == [("missing", 4)]


def test_head_mismatch_is_truncated(chain):
    # the case recorded another head than the last entry's hash
    assert verify_chain(chain, 4, chain[2][3]) == [("truncated", 4)]
    assert verify_chain(chain, 4, "") == [("truncated", 4)]


def test_last_entries_removed_and_rechained_is_truncated():
    # the last two entries removed, and two others built in their place
    original = build_chain(CONTENTS)
    forged = build_chain(CONTENTS[:2] + [{"kind": "note"}, {"kind": "note"}])
    assert verify_chain(forged, 4, original[-1][3]) == [("truncated", 4)]


def test_relinked_previous_is_reported(chain):
    # entry 3 rechained onto something else, its hash recomputed to match
    seq, label, _previous, _digest, content = chain[2]
    forged = entry_hash("f" * 64, content)
    chain[2] = (seq, label, "f" * 64, forged, content)
    # entry 4 still points at the old hash of entry 3: its link is broken too
    assert verify_chain(chain, 4, chain[-1][3]) == [
        ("relinked", "E3"),
        ("relinked", "E4"),
    ]


def test_relinked_last_entry_with_its_head_is_relinked_only(chain):
    seq, label, _previous, _digest, content = chain[3]
    forged = entry_hash("f" * 64, content)
    chain[3] = (seq, label, "f" * 64, forged, content)
    assert verify_chain(chain, 4, forged) == [("relinked", "E4")]


def test_relinked_without_new_hash_is_also_altered(chain):
    seq, label, _previous, digest, content = chain[2]
    chain[2] = (seq, label, "f" * 64, digest, content)
    assert verify_chain(chain, 4, chain[-1][3]) == [
        ("relinked", "E3"),
        ("altered", "E3"),
    ]


def test_first_entry_must_start_the_chain(chain):
    seq, label, _previous, _digest, content = chain[0]
    forged = entry_hash("f" * 64, content)
    chain[0] = (seq, label, "f" * 64, forged, content)
    problems = verify_chain(chain, 4, chain[-1][3])
    assert ("relinked", "E1") in problems
    assert ("relinked", "E2") in problems


def test_several_problems_are_all_reported(chain):
    seq, label, previous, digest, content = chain[0]
    chain[0] = (seq, label, previous, digest, {**content, "note": "emailed"})
    del chain[2]
    assert verify_chain(chain, 4, chain[-1][3]) == [
        ("altered", "E1"),
        ("missing", 3),
    ]


def test_entry_added_behind_the_cases_back_is_named():
    entries, head = _chain_for_unrecorded()
    assert c_verify(entries, 2, head) == [("unrecorded", "entry 3")]


def _chain_for_unrecorded():
    from policy.collection import entry_hash

    entries, previous = [], ""
    for seq in (1, 2, 3):
        content = {"seq": seq}
        digest = entry_hash(previous, content)
        entries.append((seq, f"entry {seq}", previous, digest, content))
        previous = digest
    # the case recorded two entries: its head is the second's hash
    return entries, entries[1][3]


def c_verify(entries, length, head):
    from policy.collection import verify_chain

    return verify_chain(entries, length, head)


# ----------------------------------------------------------------------
# Payment habits (policy/dunning.py)
# ----------------------------------------------------------------------
def test_payment_habit_day_of_month_lateness_and_trend():
    from policy.dunning import habit_reminder_date
    from policy.habits import payment_habit

    as_of = date(2026, 6, 15)
    payments = [
        (date(2026, m, 19), date(2026, m, 25 if m < 4 else 27)) for m in (1, 2, 3, 4, 5)
    ]
    habit = payment_habit(payments, as_of)
    assert (habit.day_of_month, habit.weekday, habit.count) == (25, None, 5)
    assert habit.avg_days_late == 6.8  # 6, 6, 6, 8, 8
    assert habit.trend == 1.3  # last 91 days 6, 8, 8 (7.33), before 6
    assert habit_reminder_date(habit, as_of, 3) == date(2026, 6, 22)
    assert habit_reminder_date(habit, date(2026, 6, 23), 3) == date(2026, 7, 22)
    assert habit_reminder_date(None, as_of, 3) == as_of


def test_payment_habit_needs_three_payments_and_falls_back_on_weekdays():
    from policy.dunning import habit_reminder_date
    from policy.habits import payment_habit

    as_of = date(2026, 6, 15)
    assert payment_habit([(date(2026, 5, 1), date(2026, 5, 3))] * 2, as_of) is None
    # always on a Friday, days of the month all over the place
    fridays = [date(2026, 1, 2), date(2026, 2, 13), date(2026, 3, 27), date(2026, 5, 8)]
    habit = payment_habit([(d, d) for d in fridays], as_of)
    assert (habit.day_of_month, habit.weekday, habit.avg_days_late) == (None, 4, 0.0)
    # Monday 15 June, two days ahead of a Friday: Wednesday 17th
    assert habit_reminder_date(habit, as_of, 2) == date(2026, 6, 17)
    # payments after as_of do not count
    assert payment_habit([(d, date(2026, 7, 1)) for d in fridays], as_of) is None
