"""Credit scoring, grades, settings checks, credit limits and hold causes
(policy/credit.py), on hand-computed cases.

The reference customer used below, with the default weights
(on-time 30, days late 20, overdue ratio 20, max days 15, disputes 5,
broken promises 10; total 100):

=================  ========  ==========================  =========
factor             fact      sub-score                   weighted
=================  ========  ==========================  =========
on-time share      80 %      80                          80 x 30
average days late  18        100 - 18 x 100 / 90 = 80    80 x 20
overdue ratio      25 %      100 - 25 = 75               75 x 20
max days overdue   45        100 - 45 x 100 / 180 = 75   75 x 15
disputed invoices  1         100 - 25 = 75               75 x 5
broken promises    0         100                         100 x 10
=================  ========  ==========================  =========

Base score (2400 + 1600 + 1500 + 1125 + 375 + 1000) / 100 = 80.00.
"""

import pytest
from policy.credit import (
    DEFAULT_THRESHOLDS,
    DEFAULT_WEIGHTS,
    FACTORS,
    CreditPolicyError,
    CustomerFacts,
    check_thresholds,
    check_weights,
    grade_of,
    rate,
    sub_scores,
)

REFERENCE = CustomerFacts(
    on_time_share=80.0,
    avg_days_late=18.0,
    overdue_ratio=25.0,
    max_days_overdue=45,
    disputed_count=1,
    broken_promises=0,
)


def with_facts(**changes):
    """The reference customer with some facts changed."""
    return CustomerFacts(**{**REFERENCE.__dict__, **changes})


def refusal(check, value):
    """The error ``check(value)`` raises."""
    with pytest.raises(CreditPolicyError) as info:
        check(value)
    return info.value


# --- sub-scores ---


def test_sub_scores_of_reference_customer():
    assert sub_scores(REFERENCE) == {
        "on_time": 80.0,
        "days_late": 80.0,
        "overdue_ratio": 75.0,
        "max_days": 75.0,
        "disputes": 75.0,
        "broken_promises": 100.0,
    }


def test_paying_later_and_later_counts_where_the_customer_is_heading():
    # 18 days late on average, 9 days later in the last quarter: rated as 27
    assert sub_scores(with_facts(lateness_trend=9.0))["days_late"] == 70.0
    # getting better earns nothing before it shows in the average
    assert sub_scores(with_facts(lateness_trend=-9.0))["days_late"] == 80.0
    assert rate(with_facts(lateness_trend=9.0)).score < rate(REFERENCE).score


def test_customer_without_payment_history_counts_as_always_on_time():
    assert sub_scores(with_facts(on_time_share=None))["on_time"] == 100.0


def test_sub_scores_reach_zero_at_their_limits():
    subs = sub_scores(
        CustomerFacts(
            on_time_share=0.0,
            avg_days_late=90.0,  # DAYS_LATE_FOR_ZERO
            overdue_ratio=100.0,
            max_days_overdue=180,  # MAX_DAYS_FOR_ZERO
            disputed_count=4,  # 4 x 25 points
            broken_promises=4,
        )
    )
    assert subs == dict.fromkeys(FACTORS, 0.0)


def test_sub_scores_are_clamped_between_0_and_100():
    subs = sub_scores(
        CustomerFacts(
            on_time_share=120.0,
            avg_days_late=400.0,
            overdue_ratio=-10.0,
            max_days_overdue=900,
            disputed_count=9,
            broken_promises=7,
        )
    )
    assert subs == {
        "on_time": 100.0,
        "days_late": 0.0,
        "overdue_ratio": 100.0,
        "max_days": 0.0,
        "disputes": 0.0,
        "broken_promises": 0.0,
    }


def test_each_broken_promise_costs_25_points():
    # 100 - 2 x 25 = 50
    assert sub_scores(with_facts(broken_promises=2))["broken_promises"] == 50.0


# --- weighted score and grade ---


def test_reference_customer_scores_80_grade_b():
    rating = rate(REFERENCE)
    assert rating.score == 80.0
    assert rating.grade == "B"
    assert rating.factors == sub_scores(REFERENCE)


def test_default_weights_add_up_to_100():
    assert sum(DEFAULT_WEIGHTS.values()) == 100


def test_custom_weights_are_a_weighted_average():
    # on-time 80 x 1 + overdue ratio 75 x 3 = 305; / 4 = 76.25
    weights = {"on_time": 1, "overdue_ratio": 3}
    assert rate(REFERENCE, weights).score == 76.25


def test_single_factor_weight_gives_its_sub_score_rounded_to_cents():
    # 100 - 10 x 100 / 90 = 88.888... -> 88.89
    rating = rate(with_facts(avg_days_late=10.0), {"days_late": 5})
    assert rating.score == 88.89


def test_industry_risk_enlarges_the_risk():
    # risk 100 - 80 = 20, +50 % = 30 -> score 70, still B
    rating = rate(with_facts(industry_risk=50.0))
    assert rating.score == 70.0
    assert rating.grade == "B"


def test_industry_risk_of_20_percent():
    # risk 20 x 1.2 = 24 -> 76
    assert rate(with_facts(industry_risk=20.0)).score == 76.0


def test_negative_industry_risk_is_ignored():
    assert rate(with_facts(industry_risk=-30.0)).score == 80.0


def test_manual_adjustment_added_after_industry_risk():
    # 100 - 20 x 1.5 = 70, then -10 points = 60 -> C
    rating = rate(with_facts(industry_risk=50.0, manual_adjustment=-10.0))
    assert rating.score == 60.0
    assert rating.grade == "C"


def test_positive_adjustment_lifts_the_grade():
    # 80 + 5 = 85: exactly the A threshold
    rating = rate(with_facts(manual_adjustment=5.0))
    assert rating.score == 85.0
    assert rating.grade == "A"


def test_score_is_clamped_to_100():
    assert rate(with_facts(manual_adjustment=30.0)).score == 100.0


def test_score_is_clamped_to_0():
    rating = rate(with_facts(manual_adjustment=-100.0))
    assert rating.score == 0.0
    assert rating.grade == "D"


def test_worst_customer_with_industry_risk_stays_at_0():
    # base 0, risk 100 x 1.5 = 150 -> -50 -> clamped to 0
    worst = CustomerFacts(
        on_time_share=0.0,
        avg_days_late=90.0,
        overdue_ratio=100.0,
        max_days_overdue=180,
        disputed_count=4,
        broken_promises=4,
        industry_risk=50.0,
    )
    assert rate(worst).score == 0.0


def test_perfect_customer_scores_100_grade_a():
    rating = rate(CustomerFacts())
    assert rating.score == 100.0
    assert rating.grade == "A"


def test_rate_uses_the_thresholds_given():
    # score 80 with A from 75
    assert rate(REFERENCE, thresholds=(75.0, 50.0, 25.0)).grade == "A"


def test_rate_refuses_all_zero_weights():
    with pytest.raises(CreditPolicyError) as info:
        rate(REFERENCE, dict.fromkeys(FACTORS, 0))
    assert info.value.code == "weights_zero"


# --- grade_of at the thresholds ---


@pytest.mark.parametrize(
    ("score", "grade"),
    [
        (100.0, "A"),
        (85.0, "A"),
        (84.99, "B"),
        (65.0, "B"),
        (64.99, "C"),
        (40.0, "C"),
        (39.99, "D"),
        (0.0, "D"),
    ],
)
def test_grade_of_default_thresholds(score, grade):
    assert DEFAULT_THRESHOLDS == (85.0, 65.0, 40.0)
    assert grade_of(score) == grade


def test_grade_of_custom_thresholds():
    thresholds = (90.0, 70.0, 50.0)
    assert [grade_of(s, thresholds) for s in (90.0, 89.99, 70.0, 50.0, 49.99)] == [
        "A",
        "B",
        "B",
        "C",
        "D",
    ]


# --- check_weights ---


def test_default_weights_accepted():
    check_weights(DEFAULT_WEIGHTS)


def test_zero_weight_on_some_factors_accepted():
    check_weights({"on_time": 1})


def test_negative_weight_refused_naming_the_factor():
    error = refusal(check_weights, {**DEFAULT_WEIGHTS, "disputes": -5})
    assert error.code == "weight_negative"
    assert error.params == {"factor": "disputes", "value": -5}


def test_missing_weight_value_refused():
    error = refusal(check_weights, {**DEFAULT_WEIGHTS, "max_days": None})
    assert error.code == "weight_negative"
    assert error.params["factor"] == "max_days"


def test_all_zero_weights_refused():
    assert refusal(check_weights, dict.fromkeys(FACTORS, 0)).code == "weights_zero"


def test_empty_weights_refused():
    assert refusal(check_weights, {}).code == "weights_zero"


# --- check_thresholds ---


def test_default_thresholds_accepted():
    check_thresholds(DEFAULT_THRESHOLDS)


def test_thresholds_at_the_bounds_accepted():
    check_thresholds((100.0, 50.0, 0.0))


@pytest.mark.parametrize(
    "thresholds",
    [(85.0, 85.0, 40.0), (85.0, 65.0, 65.0), (40.0, 65.0, 85.0), (85.0, 30.0, 40.0)],
)
def test_thresholds_not_strictly_decreasing_refused(thresholds):
    error = refusal(check_thresholds, thresholds)
    assert error.code == "thresholds_order"
    assert error.params == dict(zip("abc", thresholds, strict=True))


@pytest.mark.parametrize(
    ("thresholds", "grade", "value"),
    [
        ((101.0, 65.0, 40.0), "A", 101.0),
        ((85.0, 65.0, -1.0), "C", -1.0),
        ((85.0, None, 40.0), "B", None),
    ],
)
def test_threshold_out_of_range_refused_naming_the_grade(thresholds, grade, value):
    error = refusal(check_thresholds, thresholds)
    assert error.code == "threshold_range"
    assert error.params == {"grade": grade, "value": value}


def test_two_thresholds_refused():
    assert refusal(check_thresholds, (85.0, 65.0)).code == "thresholds_count"


def test_error_is_a_value_error():
    assert issubclass(CreditPolicyError, ValueError)
