"""Credit limits given by grades and the hold causes (policy/credit.py)."""

from datetime import date

import pytest
from policy.credit import (
    CreditPolicyError,
    credit_limit,
    hold_causes,
    limit_exceeded,
    override_in_force,
)

# --- credit_limit ---


def test_fixed_credit_limit():
    assert credit_limit("fixed", fixed_amount=5000.0, avg_monthly_sales=99999.0) == (
        "amount",
        5000.0,
    )


@pytest.mark.parametrize("amount", [0.0, -10.0, None])
def test_fixed_credit_limit_of_nothing_is_refused(amount):
    """0 would read as "no limit" in Odoo: "no credit" is its own rule."""
    with pytest.raises(CreditPolicyError) as caught:
        credit_limit("fixed", fixed_amount=amount)
    assert caught.value.code == "fixed_limit_positive"


def test_multiple_of_average_monthly_sales():
    # 2.5 x 1,234.56 = 3,086.40
    kind, amount = credit_limit("multiple", multiple=2.5, avg_monthly_sales=1234.56)
    assert kind == "amount"
    assert amount == pytest.approx(3086.40, abs=1e-9)


@pytest.mark.parametrize("sales", [None, 0.0, -200.0])
def test_multiple_without_sales_keeps_the_current_limit(sales):
    """No sales history (or net refunds) is no reason to give unlimited
    credit, which a limit of 0 would mean."""
    assert credit_limit("multiple", multiple=3.0, avg_monthly_sales=sales) == (
        "keep",
        None,
    )


def test_no_credit_and_no_limit_are_distinct():
    assert credit_limit("no_credit") == ("no_credit", None)
    assert credit_limit("unlimited") == ("unlimited", None)


@pytest.mark.parametrize("rule", ["none", None, "other"])
def test_other_rules_leave_the_limit_alone(rule):
    assert credit_limit(
        rule, fixed_amount=5000.0, multiple=2.0, avg_monthly_sales=100.0
    ) == ("keep", None)


def test_no_credit_holds_any_exposure():
    assert limit_exceeded(0.01, 0.0, no_credit=True)
    assert not limit_exceeded(0.0, 0.0, no_credit=True)
    assert not limit_exceeded(1e9, 0.0)  # 0: Odoo's "no limit"
    assert limit_exceeded(100.01, 100.0)
    assert hold_causes(use_credit_limit=True, exposure=5.0, no_credit=True) == (
        "credit_limit",
    )


def test_override_in_force_through_its_expiry_day():
    assert override_in_force("B", date(2026, 1, 31), date(2026, 1, 31))
    assert not override_in_force("B", date(2026, 1, 31), date(2026, 2, 1))
    assert not override_in_force(False, None, date(2026, 2, 1))


# --- hold_causes ---


def test_no_cause_no_hold():
    assert hold_causes() == ()


def test_manual_hold():
    assert hold_causes(manual=True) == ("manual",)


def test_tier_hold():
    assert hold_causes(tier_holds=True) == ("tier",)


def test_prepayment_hold():
    assert hold_causes(prepayment_required=True) == ("prepayment",)


def test_exposure_above_limit_holds():
    causes = hold_causes(
        use_credit_limit=True, credit_limit_amount=1000.0, exposure=1000.01
    )
    assert causes == ("credit_limit",)


def test_exposure_equal_to_limit_does_not_hold():
    assert (
        hold_causes(use_credit_limit=True, credit_limit_amount=1000.0, exposure=1000.0)
        == ()
    )


def test_limit_zero_means_no_limit():
    assert (
        hold_causes(use_credit_limit=True, credit_limit_amount=0.0, exposure=1e9) == ()
    )


def test_credit_limits_off_never_hold():
    assert (
        hold_causes(use_credit_limit=False, credit_limit_amount=100.0, exposure=5000.0)
        == ()
    )


def test_all_causes_in_fixed_order():
    causes = hold_causes(
        prepayment_required=True,
        exposure=200.0,
        credit_limit_amount=100.0,
        use_credit_limit=True,
        tier_holds=True,
        manual=True,
    )
    assert causes == ("manual", "tier", "credit_limit", "prepayment")
