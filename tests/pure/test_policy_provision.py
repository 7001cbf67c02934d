"""Bad-debt provision (policy/provision.py)."""

import pytest
from policy.provision import (
    BUCKETS,
    DEFAULT_RATES,
    MONTHLY,
    History,
    Observation,
    ProvisionPolicyError,
    Transition,
    bucket_amounts,
    bucket_history,
    cap_allowance,
    check_history_minimum,
    check_rate,
    check_rates,
    coverage_ratio,
    coverage_status,
    customer_owed,
    effective_rate,
    expected_loss_rates,
    learned_bucket_rates,
    monthly_bucket,
    rate_chain,
    rates_in_use,
    required_allowance,
    roll_rates,
    thin_history,
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


# ---------------------------------------------------------------------------
# Never more than what is owed
# ---------------------------------------------------------------------------
def test_credits_count_against_what_a_customer_owes():
    amounts = dict.fromkeys(BUCKETS, 0.0) | {"not_due": -635.0, "over_180": 635.0}
    assert customer_owed(amounts) == 0.0
    assert customer_owed(amounts | {"not_due": -700.0}) == 0.0  # a credit balance
    assert customer_owed(amounts | {"1_30": 100.5}) == 100.5


def test_a_customer_owing_nothing_net_requires_nothing():
    amounts = dict.fromkeys(BUCKETS, 0.0) | {"not_due": -635.0, "over_180": 635.0}
    asked = required_allowance(amounts, DEFAULT_RATES)
    assert asked["over_180"] == 635.0
    assert cap_allowance(asked, customer_owed(amounts)) == dict.fromkeys(BUCKETS, 0.0)


def test_the_cap_keeps_the_oldest_buckets_and_cuts_the_youngest_first():
    asked = {
        "not_due": 0.0,
        "1_30": 10.0,
        "31_90": 60.0,
        "91_180": 200.0,
        "over_180": 300.0,
    }
    assert cap_allowance(asked, 250.0) == {
        "not_due": 0.0,
        "1_30": 0.0,
        "31_90": 0.0,
        "91_180": 0.0,
        "over_180": 250.0,
    }
    assert cap_allowance(asked, 555.55) == {
        "not_due": 0.0,
        "1_30": 0.0,
        "31_90": 55.55,
        "91_180": 200.0,
        "over_180": 300.0,
    }
    # below the cap nothing changes
    assert cap_allowance(asked, 10000.0) == asked


# ---------------------------------------------------------------------------
# The history behind a learned rate
# ---------------------------------------------------------------------------
def test_history_counts_distinct_months_and_invoices_per_bucket():
    observations = [
        Observation(1, 8, 101),
        Observation(1, 8, 102),
        Observation(1, 9, 101),
        Observation(2, 9, 101),  # 31-60 and 61-90 are one provision bucket
        Observation(3, 10, 102),
        Observation(7, 10, 103),
    ]
    assert bucket_history(observations) == {
        "not_due": History(0, 0),
        "1_30": History(2, 2),
        "31_90": History(2, 2),
        "91_180": History(0, 0),
        "over_180": History(1, 1),
    }


def test_a_rate_rests_on_its_bucket_and_the_older_rolls_it_multiplies():
    assert rate_chain("not_due") == ("not_due", "1_30", "31_90", "91_180")
    assert rate_chain("31_90") == ("31_90", "91_180")
    assert rate_chain("91_180") == ("91_180",)
    assert rate_chain("over_180") == ("over_180",)


def test_thin_history_names_the_bucket_that_is_short():
    history = {
        "not_due": History(12, 400),
        "1_30": History(12, 150),
        "31_90": History(3, 40),  # too few months
        "91_180": History(9, 25),
        "over_180": History(9, 4),  # too few invoices
    }
    assert thin_history(history, 6, 20) == {
        "not_due": "31_90",
        "1_30": "31_90",
        "31_90": "31_90",
        "over_180": "over_180",
    }
    # no minimum: every learned rate counts
    assert thin_history(history, 0, 0) == {}


def test_learned_rates_in_use_fall_back_to_the_fixed_rate_where_thin():
    learned = {
        "not_due": 97.67,
        "1_30": 33.33,
        "31_90": 71.43,
        "91_180": 100.0,
        "over_180": 100.0,
    }
    thin = {"not_due": "not_due", "over_180": "over_180"}
    rates, origins = rates_in_use(DEFAULT_RATES, learned, thin, "learned")
    assert rates == {
        "not_due": 0.0,
        "1_30": 33.33,
        "31_90": 71.43,
        "91_180": 100.0,
        "over_180": 100.0,
    }
    assert origins == {
        "not_due": "fallback",
        "1_30": "learned",
        "31_90": "learned",
        "91_180": "learned",
        "over_180": "fallback",
    }
    rates, origins = rates_in_use(DEFAULT_RATES, learned, thin, "fixed")
    assert rates == DEFAULT_RATES
    assert set(origins.values()) == {"fixed"}


@pytest.mark.parametrize(
    "months, invoices, code",
    [
        (-1, 20, "history_months"),
        (13, 20, "history_months"),
        (None, 20, "history_months"),
        (6, -1, "history_invoices"),
        (6, None, "history_invoices"),
    ],
)
def test_minimum_history_is_refused_when_it_makes_no_sense(months, invoices, code):
    with pytest.raises(ProvisionPolicyError) as info:
        check_history_minimum(months, invoices)
    assert info.value.code == code


@pytest.mark.parametrize("months, invoices", [(0, 0), (12, 1000), (6, 20)])
def test_minimum_history_accepted(months, invoices):
    check_history_minimum(months, invoices)
