"""The rules of the internal audit: the stratified draw (proportional
allocation, repeatable from its seed, the cases always checked) and each
check of a sampled case, on plain facts."""

from datetime import date, timedelta

import pytest
from policy import audit

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

D = date(2026, 6, 15)


def day(n):
    return D + timedelta(days=n)


# ----------------------------------------------------------------------
# The draw
# ----------------------------------------------------------------------
def test_band_of_amounts():
    assert [audit.band_of(a) for a in (0, 9999.99, 10000, 50000, 250000)] == [
        "small",
        "small",
        "medium",
        "large",
        "major",
    ]


def test_allocation_is_proportional_by_largest_remainder():
    # quotas 5.0, 3.0, 2.0 exactly
    assert audit.allocate({"a": 50, "b": 30, "c": 20}, 10) == {"a": 5, "b": 3, "c": 2}
    # quotas 3.33, 3.33, 3.33: the one draw left goes to the first key
    assert audit.allocate({"a": 10, "b": 10, "c": 10}, 10) == {"a": 4, "b": 3, "c": 3}
    # quotas 0.9 and 0.1 of 1 draw: the larger remainder takes it
    assert audit.allocate({"a": 9, "b": 1}, 1) == {"a": 1, "b": 0}


def test_allocation_never_exceeds_the_population():
    assert audit.allocate({"a": 2, "b": 1}, 10) == {"a": 2, "b": 1}
    assert audit.allocate({}, 5) == {}
    assert audit.allocate({"a": 0}, 5) == {"a": 0}


def test_draw_repeats_from_its_seed_and_changes_with_it():
    population = {case: (case % 3, "small") for case in range(1, 61)}
    first = audit.draw(population, 12, seed=4242)
    assert audit.draw(dict(reversed(population.items())), 12, seed=4242) == first
    others = {tuple(sorted(audit.draw(population, 12, seed=s)[1])) for s in range(5)}
    assert len(others) > 1


def test_draw_is_stratified_by_its_allocation():
    population = {case: ("t1", "small") for case in range(1, 31)}
    population.update({case: ("t2", "large") for case in range(31, 41)})
    strata, picked = audit.draw(population, 8, seed=7)
    assert [(key, size, alloc, len(drawn)) for key, size, alloc, drawn in strata] == [
        (("t1", "small"), 30, 6, 6),
        (("t2", "large"), 10, 2, 2),
    ]
    for key, _size, _alloc, drawn in strata:
        assert all(population[case] == key for case in drawn)
    assert set(picked.values()) == {audit.DRAWN}


def test_forced_cases_are_always_in_and_count_toward_the_size():
    population = {case: ("t1", "small") for case in range(1, 21)}
    forced = {3: audit.WRITTEN_OFF, 99: audit.OVERRIDE}
    strata, picked = audit.draw(population, 5, seed=1, forced=forced)
    assert picked[3] == audit.WRITTEN_OFF and picked[99] == audit.OVERRIDE
    assert len(picked) == 5
    assert 3 not in strata[0][3]
    # more forced cases than the size: all kept, none drawn
    many = {case: audit.WRITTEN_OFF for case in range(1, 8)}
    _strata, picked = audit.draw(population, 5, seed=1, forced=many)
    assert set(picked) == set(many)


def test_draw_refuses_a_bad_size_or_period():
    with pytest.raises(audit.AuditPolicyError) as error:
        audit.check_draw(0, day(-30), day(0))
    assert error.value.code == "size"
    with pytest.raises(audit.AuditPolicyError) as error:
        audit.check_draw(5, day(0), day(-30))
    assert error.value.code == "period"


def test_exception_rate():
    assert audit.exception_rate([]) is None
    assert audit.exception_rate(["ok", "exception", "observation", None]) == 25.0


populations = st.dictionaries(
    st.integers(min_value=1, max_value=500),
    st.tuples(st.integers(min_value=0, max_value=3), st.sampled_from(audit.BANDS)),
    max_size=80,
)


@given(
    st.dictionaries(
        st.text(min_size=1, max_size=3), st.integers(min_value=0, max_value=200)
    ),
    st.integers(min_value=0, max_value=300),
)
def test_allocation_adds_up_and_stays_within_one_of_its_quota(sizes, total):
    shares = audit.allocate(sizes, total)
    population = sum(sizes.values())
    assert set(shares) == set(sizes)
    assert sum(shares.values()) == min(total, population)
    for key, size in sizes.items():
        assert 0 <= shares[key] <= size
        if population:
            quota = min(total, population) * size / population
            assert quota - 1 < shares[key] < quota + 1


@given(populations, st.integers(min_value=1, max_value=40), st.integers())
def test_draw_is_repeatable_and_within_its_strata(population, size, seed):
    strata, picked = audit.draw(population, size, seed)
    assert audit.draw(population, size, seed) == (strata, picked)
    assert len(picked) == min(size, len(population))
    for key, count, allocated, drawn in strata:
        assert len(drawn) == allocated <= count
        assert all(population[case] == key for case in drawn)
        assert drawn == sorted(set(drawn))


@given(
    populations,
    st.integers(min_value=1, max_value=40),
    st.integers(),
    st.sets(st.integers(min_value=1, max_value=600), max_size=10),
)
def test_forced_cases_are_always_drawn(population, size, seed, forced_ids):
    forced = dict.fromkeys(forced_ids, audit.WRITTEN_OFF)
    strata, picked = audit.draw(population, size, seed, forced)
    assert set(forced) <= set(picked)
    drawn = [case for *_rest, ids in strata for case in ids]
    assert not set(drawn) & set(forced)
    rest = len(set(population) - set(forced))
    assert len(drawn) == min(max(size - len(forced), 0), rest)


# ----------------------------------------------------------------------
# The checks
# ----------------------------------------------------------------------
def test_record_check_fails_on_any_problem():
    assert audit.check_record(4, []).result == audit.PASS
    outcome = audit.check_record(4, [("altered", "Contact #2")])
    assert outcome.result == audit.FAIL
    assert outcome.notes[0][0] == "tampered"


def test_first_action_within_its_deadline():
    assert audit.check_first_action(day(3), day(3), day(10)).result == audit.PASS
    late = audit.check_first_action(day(3), day(4), day(10))
    assert (late.result, late.notes[0][0]) == (audit.FAIL, "late")
    none = audit.check_first_action(day(3), None, day(10))
    assert (none.result, none.notes[0][0]) == (audit.FAIL, "none")
    assert audit.check_first_action(day(3), None, day(2)).result == audit.PASS
    assert audit.check_first_action(None, day(1), day(2)).result == audit.NA


def test_stage_deadlines_kept_late_with_reason_or_late():
    kept = audit.StageFacts("reminder", day(0), day(3), day(10), day(2))
    late_reason = audit.StageFacts(
        "dunning", day(10), day(15), day(30), day(20), reason=day(16)
    )
    left = audit.StageFacts("escalated", day(30), day(35), day(32))
    outcome = audit.check_stage_deadlines([kept, late_reason, left], day(40))
    assert outcome.result == audit.PASS
    assert [code for code, _v in outcome.notes] == ["kept", "late_reason", "left"]
    late = audit.StageFacts("escalated", day(30), day(35), None, None)
    outcome = audit.check_stage_deadlines([kept, late], day(40))
    assert outcome.result == audit.FAIL
    assert outcome.notes[-1][0] == "late"
    assert audit.check_stage_deadlines([], day(40)).result == audit.NA
    waiting = audit.StageFacts("reminder", day(38), day(41))
    outcome = audit.check_stage_deadlines([waiting], day(40))
    assert (outcome.result, outcome.notes[0][0]) == (audit.NA, "not_due")


def test_escalation_needs_its_contacts_and_evidence():
    assert audit.check_escalation([]).result == audit.NA
    full = ("contract", "invoice", "statement", "contact_log")
    assert audit.check_escalation([(day(0), 3, full)]).result == audit.PASS
    outcome = audit.check_escalation([(day(0), 2, full[:3])])
    assert outcome.result == audit.FAIL
    assert outcome.notes[0][1]["missing"] == ("written_contacts", "contact_log")


def test_letters_sent_or_failure_handled():
    letters = [
        ("L1", "sent", day(0), day(10), None),
        ("L2", "failed", day(5), day(15), day(6)),
    ]
    assert audit.check_letters(letters, [day(7)], day(20)).result == audit.PASS
    outcome = audit.check_letters(letters, [day(1)], day(20))
    assert outcome.result == audit.FAIL
    assert outcome.notes[1][0] == "unhandled"
    never = [("L3", "queued", day(0), day(10), None)]
    assert audit.check_letters(never, [], day(5)).result == audit.PASS
    assert audit.check_letters(never, [], day(11)).result == audit.FAIL
    assert audit.check_letters([], [], day(11)).result == audit.NA


def test_broken_promises_followed_up():
    broken = [("Promise 1", day(0), day(5))]
    assert audit.check_promises(broken, [day(3)], day(10)).result == audit.PASS
    assert audit.check_promises(broken, [day(-1), day(6)], day(10)).result == (
        audit.FAIL
    )
    assert audit.check_promises(broken, [], day(4)).result == audit.PASS
    assert audit.check_promises([], [], day(4)).result == audit.NA


def test_writeoff_every_level_by_a_reviewer_never_the_requester():
    lead = audit.Approval("Team lead", True, user=2)
    head = audit.Approval("Division head", True, user=3)
    ok = audit.check_writeoff([("WO/1", 1, 20000.0, [lead, head])])
    assert ok.result == audit.PASS
    # a route that lost the division head's level
    missing = audit.check_writeoff([("WO/1", 1, 20000.0, [lead])])
    assert (missing.result, missing.notes[0][0]) == (audit.FAIL, "level_missing")
    pending = audit.Approval("Division head", False)
    assert audit.check_writeoff([("WO/1", 1, 20000.0, [lead, pending])]).result == (
        audit.FAIL
    )
    own = audit.check_writeoff([("WO/1", 2, 500.0, [lead])])
    assert [code for code, _v in own.notes] == ["self_approval"]
    stranger = audit.Approval("Team lead", True, user=5, reviewer=False)
    assert audit.check_writeoff([("WO/1", 1, 500.0, [stranger])]).notes[0][0] == (
        "not_reviewer"
    )
    assert audit.check_writeoff([]).result == audit.NA


def test_holds_lifted_or_passed_only_by_a_logged_decision():
    logged = ("INV/1", day(0), True, "Paid by wire", "override")
    assert audit.check_holds([logged]).result == audit.PASS
    no_reason = ("INV/1", day(0), True, " ", "override")
    assert audit.check_holds([no_reason]).notes[0][0] == "no_reason"
    stranger = ("INV/2", day(0), False, "", "release")
    assert audit.check_holds([stranger]).result == audit.FAIL
    unlogged = audit.check_holds([], held_now=False, logged_on_hold=True)
    assert (unlogged.result, unlogged.notes[0][0]) == (audit.FAIL, "unlogged_lift")
    assert audit.check_holds([], held_now=True, logged_on_hold=True).result == (
        audit.NA
    )


# ----------------------------------------------------------------------
# The notes kept with a check, put into words when read
# ----------------------------------------------------------------------
def test_notes_survive_json_with_their_dates():
    import json
    from datetime import datetime

    notes = (
        ("late", {"deadline": day(-3), "date": day(1), "stage": "dunning"}),
        ("missing", {"date": datetime(2026, 6, 1, 9, 30), "missing": ("a", "b")}),
        ("none", {"date": None, "entries": 4}),
    )
    stored = json.loads(json.dumps(audit.notes_to_json(notes)))
    assert audit.notes_from_json(stored) == [
        ("late", {"deadline": day(-3), "date": day(1), "stage": "dunning"}),
        ("missing", {"date": date(2026, 6, 1), "missing": ["a", "b"]}),
        ("none", {"date": None, "entries": 4}),
    ]
    assert audit.notes_from_json(None) == []


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["kept", "late", "sent"]),
            st.dictionaries(
                st.sampled_from(["date", "deadline", "letter", "count"]),
                st.one_of(st.dates(), st.text(max_size=5), st.integers(), st.none()),
            ),
        ),
        max_size=4,
    )
)
def test_any_notes_come_back_as_they_were(notes):
    assert audit.notes_from_json(audit.notes_to_json(notes)) == notes
