"""Recovery targets and scorecard grades (policy/targets.py), to the
boundary."""

import pytest
from policy.targets import (
    actual,
    attainment,
    check_due,
    check_grade_thresholds,
    grade,
    needs_alert,
    overall_attainment,
    stretch_reached,
)


def test_attainment_is_reached_over_base():
    assert attainment(8000.0, 10000.0) == 80.0
    assert attainment(2400.0, 7000.0) == 34.29
    assert attainment(0.0, 5000.0) == 0.0


def test_attainment_without_base_or_measure_is_undefined():
    assert attainment(8000.0, 0.0) is None
    assert attainment(None, 30.0) is None


def test_actual_reads_the_target_measure():
    assert actual("amount", 2400.0, 30.0) == 2400.0
    assert actual("rate", 2400.0, 30.0) == 30.0
    assert actual("rate", 0.0, None) is None


def test_stretch_reached_at_the_stretch_itself():
    assert stretch_reached(12000.0, 12000.0)
    assert not stretch_reached(11999.99, 12000.0)
    assert not stretch_reached(12000.0, 0.0)
    assert not stretch_reached(None, 10.0)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (150.0, "excellent"),
        (110.0, "excellent"),
        (109.99, "good"),
        (100.0, "good"),
        (99.99, "pass"),
        (80.0, "pass"),
        (79.99, "fail"),
        (0.0, "fail"),
        (None, None),
    ],
)
def test_grade_at_each_threshold(value, expected):
    assert grade(value) == expected


def test_grade_with_thresholds_of_the_company():
    assert grade(95.0, (120.0, 95.0, 70.0)) == "good"
    assert grade(69.99, (120.0, 95.0, 70.0)) == "fail"


def test_overall_attainment_is_the_lowest_measured():
    assert overall_attainment([120.0, 85.5]) == 85.5
    assert overall_attainment([None, 101.0]) == 101.0
    assert overall_attainment([None]) is None
    assert overall_attainment([]) is None


def test_alert_under_the_share_only_once():
    assert needs_alert(79.99)
    assert not needs_alert(80.0)
    assert not needs_alert(50.0, alerted=True)
    assert not needs_alert(None)
    assert needs_alert(89.0, alert_share=90.0)


def test_checked_from_the_alert_day_on():
    assert not check_due(19, 20, 30)
    assert check_due(20, 20, 30)
    # the scheduled action did not run on the 20th: the next run checks
    assert check_due(21, 20, 30)
    assert check_due(30, 20, 30)


def test_checked_once_a_month():
    assert not check_due(20, 20, 30, checked=True)
    assert not check_due(25, 20, 30, checked=True)


def test_alert_day_falls_on_the_month_end_when_past_it():
    assert check_due(30, 31, 30)
    assert not check_due(29, 31, 30)
    assert check_due(28, 31, 28)
    assert not check_due(27, 31, 28)


def test_grade_thresholds_strictly_decreasing():
    assert check_grade_thresholds((110.0, 100.0, 80.0)) is None
    assert check_grade_thresholds((100.0, 100.0, 80.0)) == "not_decreasing"
    assert check_grade_thresholds((110.0, 100.0, 0.0)) == "not_positive"
    assert check_grade_thresholds((110.0, 100.0)) == "count"
