"""Tier table validation and classification (policy/tiers.py)."""

from datetime import date

import pytest
from policy.tiers import (
    TierSpec,
    TierTableError,
    check_table,
    check_tier,
    classify_days,
    customer_tier,
    customer_tier_of,
    days_overdue,
    next_boundary,
    overdue_ratio,
    rank,
    ratio_tier,
    warning_step,
)

MILD = TierSpec(1, "Mild", 1, 30)
MODERATE = TierSpec(2, "Moderate", 31, 60, ratio=30.0)
SEVERE = TierSpec(3, "Severe", 61, None, ratio=60.0)
DEFAULT = [MILD, MODERATE, SEVERE]
CLOSED = [TierSpec(1, "A", 1, 30), TierSpec(2, "B", 31, 60)]


def refusal(specs):
    """Return the error raised by check_table for ``specs``."""
    with pytest.raises(TierTableError) as info:
        check_table(specs)
    return info.value


# --- check_table: accepted tables ---


def test_default_table_is_valid_and_returned_in_day_order():
    assert check_table([SEVERE, MILD, MODERATE]) == [MILD, MODERATE, SEVERE]


def test_closed_last_tier_is_allowed():
    assert check_table(CLOSED) == CLOSED


def test_single_open_tier_from_day_one_is_valid():
    only = TierSpec(1, "All", 1, None)
    assert check_table([only]) == [only]


def test_ratio_bounds_zero_and_hundred_are_accepted():
    check_tier(TierSpec(1, "Zero", 1, 30, ratio=0.0))
    check_tier(TierSpec(1, "Hundred", 1, 30, ratio=100.0))


def test_one_day_tier_is_not_reversed():
    check_tier(TierSpec(1, "Day", 5, 5))


# --- check_table: each refusal code with its parameters ---


@pytest.mark.parametrize("days_from", [0, -3])
def test_days_from_must_be_positive(days_from):
    error = refusal([TierSpec(1, "Mild", days_from, 30), MODERATE, SEVERE])
    assert error.code == "days_from_positive"
    assert error.params == {"name": "Mild"}


def test_missing_days_from_is_refused_by_check_tier():
    with pytest.raises(TierTableError) as info:
        check_tier(TierSpec(1, "Mild", None, 30))
    assert info.value.code == "days_from_positive"


def test_reversed_range_is_refused():
    error = refusal([MILD, TierSpec(2, "Moderate", 31, 20), SEVERE])
    assert error.code == "reversed"
    assert error.params == {"name": "Moderate", "days_from": 31, "days_to": 20}


@pytest.mark.parametrize("ratio", [-1.0, 100.5, 150.0])
def test_ratio_outside_0_100_is_refused(ratio):
    error = refusal([MILD, TierSpec(2, "Moderate", 31, 60, ratio=ratio), SEVERE])
    assert error.code == "ratio_range"
    assert error.params == {"name": "Moderate", "ratio": ratio}


def test_first_tier_must_start_at_day_one():
    error = refusal([TierSpec(1, "Late", 2, 30), TierSpec(2, "Later", 31, None)])
    assert error.code == "first_from_one"
    assert error.params == {"name": "Late", "days_from": 2}


def test_overlapping_ranges_are_refused():
    error = refusal([MILD, TierSpec(2, "Moderate", 25, 60), SEVERE])
    assert error.code == "overlap"
    assert error.params == {"name": "Moderate", "other": "Mild", "days_from": 25}


def test_tier_after_an_open_ended_tier_overlaps():
    error = refusal([TierSpec(1, "Open", 1, None), TierSpec(2, "After", 31, None)])
    assert error.code == "overlap"
    assert error.params == {"name": "After", "other": "Open", "days_from": 31}


def test_two_tiers_starting_the_same_day_overlap():
    error = refusal([TierSpec(1, "First", 1, 30), TierSpec(2, "Twin", 1, 30)])
    assert error.code == "overlap"
    assert error.params == {"name": "Twin", "other": "First", "days_from": 1}


def test_gap_between_tiers_is_refused():
    error = refusal([MILD, TierSpec(2, "Moderate", 35, 60), SEVERE])
    assert error.code == "gap"
    assert error.params == {
        "name": "Moderate",
        "other": "Mild",
        "gap_from": 31,
        "gap_to": 34,
    }


def test_one_missing_day_is_a_gap():
    error = refusal([MILD, TierSpec(2, "Moderate", 32, None)])
    assert error.code == "gap"
    assert (error.params["gap_from"], error.params["gap_to"]) == (31, 31)


def test_refusal_is_a_value_error():
    assert isinstance(refusal([TierSpec(1, "Late", 2, None)]), ValueError)


# --- rank and classify_days ---


def test_rank_follows_days_from_not_keys():
    specs = [TierSpec(7, "Severe", 61, None), TierSpec(9, "Mild", 1, 30)]
    assert rank(specs) == {9: 1, 7: 2}


@pytest.mark.parametrize(
    "days, expected",
    [
        (None, None),
        (-5, None),
        (0, None),
        (1, MILD),
        (30, MILD),
        (31, MODERATE),
        (60, MODERATE),
        (61, SEVERE),
        (1000, SEVERE),
    ],
)
def test_classify_days_default_table(days, expected):
    assert classify_days(days, DEFAULT) == expected


def test_classify_days_past_a_closed_last_tier_is_none():
    assert classify_days(60, CLOSED) == CLOSED[1]
    assert classify_days(61, CLOSED) is None


# --- next_boundary ---

DUE = date(2026, 1, 1)


@pytest.mark.parametrize(
    "as_of, expected",
    [
        (date(2025, 12, 20), date(2026, 1, 2)),  # not yet due: due + 1
        (date(2026, 1, 1), date(2026, 1, 2)),  # due today: due + 1
        (date(2026, 1, 20), date(2026, 2, 1)),  # day 19 -> moderate on day 31
        (date(2026, 2, 1), date(2026, 3, 3)),  # day 31 -> severe on day 61
        (date(2026, 3, 2), date(2026, 3, 3)),  # day 60
        (date(2026, 3, 3), None),  # day 61: open last tier, never changes
        (date(2026, 3, 15), None),
    ],
)
def test_next_boundary_default_table(as_of, expected):
    assert next_boundary(DUE, as_of, DEFAULT) == expected


def test_next_boundary_leaving_a_closed_last_tier():
    assert next_boundary(DUE, date(2026, 2, 10), CLOSED) == date(2026, 3, 3)
    assert next_boundary(DUE, date(2026, 3, 3), CLOSED) is None


# --- ratios ---


@pytest.mark.parametrize(
    "ratio, expected",
    [
        (None, None),
        (0, None),
        (10.0, None),  # Mild has no threshold
        (29.99, None),
        (30.0, MODERATE),
        (59.9, MODERATE),
        (60.0, SEVERE),
        (100.0, SEVERE),
    ],
)
def test_ratio_tier(ratio, expected):
    assert ratio_tier(ratio, DEFAULT) == expected


def test_ratio_tier_picks_most_serious_reached_tier_not_highest_threshold():
    mild = TierSpec(1, "Mild", 1, 30, ratio=10.0)
    moderate = TierSpec(2, "Moderate", 31, 60, ratio=80.0)
    severe = TierSpec(3, "Severe", 61, None, ratio=50.0)
    specs = [severe, moderate, mild]
    assert ratio_tier(20.0, specs) == mild
    assert ratio_tier(60.0, specs) == severe
    assert ratio_tier(85.0, specs) == severe


@pytest.mark.parametrize(
    "overdue, open_receivable, expected",
    [
        (50.0, 200.0, 25.0),
        (200.0, 200.0, 100.0),
        (300.0, 200.0, 100.0),  # capped
        (0.0, 100.0, 0.0),
        (None, 100.0, 0.0),
        (-10.0, 100.0, 0.0),
        (100.0, 0.0, 0.0),
        (100.0, None, 0.0),
        (100.0, -50.0, 0.0),  # credit balance
    ],
)
def test_overdue_ratio(overdue, open_receivable, expected):
    assert overdue_ratio(overdue, open_receivable) == pytest.approx(expected)


# --- customer_tier ---


@pytest.mark.parametrize(
    "invoice_keys, ratio, expected",
    [
        ([], 0.0, None),
        ([1], 0.0, MILD),
        ([1, 2], 0.0, MODERATE),  # worst invoice wins
        ([2, 1, 1], 0.0, MODERATE),
        ([1], 10.0, MILD),  # ratio below any threshold
        ([1], 35.0, MODERATE),  # lifted by the ratio
        ([3], 35.0, SEVERE),  # a ratio never lowers the tier
        ([], 65.0, SEVERE),  # ratio alone
        ([1], -5.0, MILD),
        ([99], 0.0, None),  # unknown tier key
    ],
)
def test_customer_tier(invoice_keys, ratio, expected):
    assert customer_tier(invoice_keys, ratio, DEFAULT) == expected


def test_customer_tier_ranks_by_days_not_by_key():
    severe = TierSpec(10, "Severe", 61, None)
    mild = TierSpec(20, "Mild", 1, 30)
    assert customer_tier([20, 10], 0.0, [severe, mild]) == severe


def test_customer_tier_of_days_and_ratio():
    assert customer_tier_of(0, 0.0, DEFAULT) is None
    assert customer_tier_of(45, 10.0, DEFAULT) == MODERATE
    assert customer_tier_of(10, 65.0, DEFAULT) == SEVERE


# --- days_overdue ---


def test_days_overdue():
    assert days_overdue(DUE, date(2026, 1, 31)) == 30
    assert days_overdue(DUE, date(2025, 12, 30)) == -2
    assert days_overdue(DUE, DUE) == 0
    assert days_overdue(None, date(2026, 1, 31)) == 0


def test_days_overdue_refuses_a_string_date():
    with pytest.raises(TypeError):
        days_overdue(DUE, "2026-01-31")


# --- warnings: once per entry, again only after a night below -------------
D1, D2, D3 = date(2026, 6, 1), date(2026, 6, 2), date(2026, 6, 3)


def test_entering_a_tier_warns_once():
    assert warning_step(2, 0, 0, None, D1) == (True, 2, None)
    assert warning_step(2, 2, 2, None, D1) == (False, 2, None)


def test_falling_back_is_remembered_not_forgotten():
    assert warning_step(1, 3, 3, None, D1) == (False, 3, D1)


def test_rising_back_the_same_day_does_not_warn_again():
    # paid (or reset to draft) and unpaid (reposted) on the same day
    assert warning_step(3, 3, 1, D1, D1) == (False, 3, None)


def test_rising_back_after_a_night_below_warns_again():
    assert warning_step(3, 3, 1, D1, D2) == (True, 3, None)


def test_falling_further_restarts_the_night():
    # below severe since D1 (in moderate), then in mild on D2 ...
    assert warning_step(1, 3, 2, D1, D2) == (False, 2, D2)
    # ... and back to moderate the same day: not a new entry into moderate
    assert warning_step(2, 2, 1, D2, D2) == (False, 2, None)
    # back to moderate only the next day: a new entry
    assert warning_step(2, 2, 1, D2, D3) == (True, 2, None)
