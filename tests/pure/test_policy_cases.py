"""Collection cases (policy/cases.py)."""

import pytest
from policy.cases import case_action, ownership, raised_stage, stage_for_rank


@pytest.mark.parametrize(
    "has_case, amount, in_tier, expected",
    [
        (False, 100.0, True, "open"),
        (True, 100.0, True, "update"),
        (True, 0.0, False, "close"),
        (True, 50.0, False, "close"),  # out of every tier (disputed, paid down)
        (False, 0.0, False, None),
        (False, 100.0, False, None),
    ],
)
def test_case_action(has_case, amount, in_tier, expected):
    assert case_action(has_case, amount, in_tier) == expected


def test_stage_follows_the_tier_upwards_only():
    assert stage_for_rank(1) == "reminder"
    assert stage_for_rank(2) == "dunning"
    assert stage_for_rank(3) == "escalated"
    assert stage_for_rank(0) is None
    assert raised_stage(None, "reminder") == "reminder"
    assert raised_stage("reminder", "escalated") == "escalated"
    assert raised_stage("escalated", "reminder") == "escalated"


def test_stages_people_chose_are_kept():
    assert raised_stage("legal", "escalated") == "legal"
    assert raised_stage("plan", "escalated") == "plan"


@pytest.mark.parametrize(
    "days, expected",
    [(1, "owner"), (90, "owner"), (91, "leader"), (180, "leader"), (181, "formal")],
)
def test_ownership_by_age(days, expected):
    assert ownership(days) == expected
