"""Write-off of uncollectible debts (policy/writeoff.py)."""

import pytest
from policy.writeoff import (
    check_amount,
    company_amount,
    levels_for,
    recovery_rate,
)


@pytest.mark.parametrize(
    "amount, residual, refusal",
    [
        (100.0, 100.0, None),
        (40.0, 100.0, None),
        (100.004, 100.0, None),  # within half a cent
        (100.01, 100.0, "above_residual"),
        (0.0, 100.0, "not_positive"),
        (-5.0, 100.0, "not_positive"),
        (None, 100.0, "not_positive"),
    ],
)
def test_write_off_amount_is_part_or_all_of_the_residual(amount, residual, refusal):
    assert check_amount(amount, residual) == refusal


def test_company_amount_at_the_invoice_rate():
    # 1,000.00 EUR open, 1,100.00 in company currency: 400 EUR is 440
    assert company_amount(400.0, 1000.0, 1100.0) == pytest.approx(440.0)
    assert company_amount(400.0, 0.0, 0.0) == 0.0


@pytest.mark.parametrize(
    "amount, levels",
    [
        (500.0, ["team_lead"]),
        (10000.0, ["team_lead"]),
        (10000.01, ["team_lead", "division_head"]),
        (60000.0, ["team_lead", "division_head", "cfo"]),
        (250000.0, ["team_lead", "division_head", "cfo", "president"]),
    ],
)
def test_approval_levels_by_amount_in_order(amount, levels):
    assert levels_for(amount) == levels


def test_recovery_rate():
    assert recovery_rate(250.0, 1000.0) == 25.0
    assert recovery_rate(0.0, 0.0) is None
