"""Bad-debt provision (policy/provision.py)."""

import pytest
from policy.provision import (
    BUCKETS,
    DEFAULT_RATES,
    MONTHLY,
    ProvisionPolicyError,
    Transition,
    bucket_amounts,
    check_rate,
    check_rates,
    coverage_ratio,
    coverage_status,
    effective_rate,
    expected_loss_rates,
    learned_bucket_rates,
    monthly_bucket,
    required_allowance,
    roll_rates,
)


def refusal(check, value):
    with pytest.raises(ProvisionPolicyError) as info:
        check(value)
    return info.value.code


def test_default_rates_are_the_policys():
    assert DEFAULT_RATES == {
        "not_due": 0.0,
        "1_30": 2.0,
        "31_90": 15.0,
        "91_180": 50.0,
        "over_180": 100.0,
    }
    check_rates(DEFAULT_RATES)


@pytest.mark.parametrize("rate", [-0.01, 100.01, None])
def test_a_rate_is_a_percentage(rate):
    assert refusal(check_rate, rate) == "rate_range"


def test_rates_cover_every_bucket_and_never_fall_with_age():
    assert refusal(check_rates, {"1_30": 2.0}) == "rate_missing"
    assert refusal(check_rates, {**DEFAULT_RATES, "91_180": 10.0}) == "rate_order"
    assert refusal(check_rates, {**DEFAULT_RATES, "over_180": 120.0}) == "rate_range"


@pytest.mark.parametrize(
    "rate, surcharge, expected",
    [
        (2.0, 0.0, 2.0),
        (2.0, 30.0, 2.6),
        (50.0, 30.0, 65.0),
        (100.0, 30.0, 100.0),  # capped
        (80.0, 50.0, 100.0),  # 120 capped
        (15.0, None, 15.0),
    ],
)
def test_industry_surcharge_raises_the_rate_and_is_capped(rate, surcharge, expected):
    assert effective_rate(rate, surcharge) == pytest.approx(expected)


def test_aging_buckets_gather_into_provision_buckets():
    aging = {
        "not_due": 100.0,
        "1_30": 200.0,
        "31_60": 300.0,
        "61_90": 50.0,
        "91_180": 400.0,
        "over_180": 10.0,
    }
    assert bucket_amounts(aging) == {
        "not_due": 100.0,
        "1_30": 200.0,
        "31_90": 350.0,
        "91_180": 400.0,
        "over_180": 10.0,
    }


def test_required_allowance_to_the_cent():
    amounts = {
        "not_due": 1000.0,
        "1_30": 1234.56,
        "31_90": 350.0,
        "91_180": 400.0,
        "over_180": 10.0,
    }
    assert required_allowance(amounts, DEFAULT_RATES) == {
        "not_due": 0.0,
        "1_30": 24.69,
        "31_90": 52.5,
        "91_180": 200.0,
        "over_180": 10.0,
    }
    construction = required_allowance(amounts, DEFAULT_RATES, surcharge=30.0)
    assert construction["1_30"] == 32.1  # 1,234.56 x 2.6 %
    assert construction["91_180"] == 260.0
    assert construction["over_180"] == 10.0


def test_half_cents_round_up_as_an_accountant_does():
    amounts = dict.fromkeys(BUCKETS, 0.0) | {"91_180": 300.45}
    assert required_allowance(amounts, DEFAULT_RATES)["91_180"] == 150.23


def test_a_net_credit_requires_nothing():
    amounts = dict.fromkeys(BUCKETS, 0.0) | {"1_30": -500.0, "over_180": 40.0}
    assert required_allowance(amounts, DEFAULT_RATES)["1_30"] == 0.0
    assert required_allowance(amounts, DEFAULT_RATES)["over_180"] == 40.0


def test_coverage_against_the_band():
    assert coverage_ratio(130.0, 100.0) == 130.0
    assert coverage_ratio(10.0, 0.0) is None
    assert [coverage_status(r) for r in (119.9, 120.0, 150.0, 150.1, None)] == [
        "low",
        "ok",
        "ok",
        "high",
        None,
    ]


@pytest.mark.parametrize(
    "days, bucket",
    [
        (-5, 0),
        (0, 0),
        (1, 1),
        (30, 1),
        (31, 2),
        (90, 3),
        (91, 4),
        (180, 6),
        (181, 7),
        (900, 7),
    ],
)
def test_monthly_buckets(days, bucket):
    assert monthly_bucket(days) == bucket


def test_roll_rates_are_amount_weighted_and_prudent_without_history():
    transitions = [
        Transition(0, 1000.0, 100.0),  # 10 % of what fell due went unpaid
        Transition(0, 1000.0, 300.0),  # another month: 30 %
        Transition(1, 400.0, 200.0),
        Transition(2, 200.0, 200.0),
    ]
    rolls = roll_rates(transitions)
    assert rolls[:3] == [0.2, 0.5, 1.0]
    assert rolls[3:] == [1.0] * (MONTHLY - 3)  # no history: all rolls


def test_expected_loss_is_the_product_of_the_rolls_to_the_end():
    rolls = [0.2, 0.5, 0.5, 0.8, 1.0, 1.0, 1.0, 1.0]
    rates = expected_loss_rates(rolls)
    assert rates[7] == 100.0
    assert rates[3] == 80.0
    assert rates[2] == 40.0
    assert rates[1] == 20.0
    assert rates[0] == 4.0
    # half of what reached the last bucket was still paid
    assert expected_loss_rates(rolls, written_off_share=0.5)[0] == 2.0


def test_learned_rates_per_provision_bucket_weighted_by_history():
    loss = [4.0, 20.0, 40.0, 80.0, 100.0, 100.0, 100.0, 100.0]
    held = [1000.0, 500.0, 300.0, 100.0, 0.0, 0.0, 0.0, 0.0]
    rates = learned_bucket_rates(loss, held)
    assert rates == {
        "not_due": 4.0,
        "1_30": 20.0,
        "31_90": 50.0,  # (40 x 300 + 80 x 100) / 400
        "91_180": 100.0,
        "over_180": 100.0,
    }
