"""What a dunning letter asks (policy/dunning.py): the same overdue as every
screen, and in the customer's own currencies."""

import pytest
from policy.dunning import amounts_by_currency, letter_figures


def test_credits_are_deducted_and_the_overdue_is_the_customers():
    figures = letter_figures(11850.0, 450.0, 0.0)
    assert figures.invoices == 11850.0
    assert figures.credits == 450.0
    assert figures.overdue == 11400.0
    assert figures.due == 11400.0


def test_credits_beyond_the_debts_leave_nothing_to_pay():
    figures = letter_figures(300.0, 500.0, 0.0)
    assert figures.credits == 300.0
    assert figures.overdue == 0.0
    assert figures.due == 0.0


def test_a_plan_covers_at_most_the_overdue():
    figures = letter_figures(1000.0, 200.0, 5000.0)
    assert figures.overdue == 800.0
    assert figures.covered == 800.0
    assert figures.due == 0.0
    figures = letter_figures(1000.0, 200.0, 300.0)
    assert (figures.covered, figures.due) == (300.0, 500.0)


def test_one_foreign_currency_is_asked_in_that_currency():
    # 3,200.00 EUR invoiced, 4,000.00 in company currency
    assert amounts_by_currency([("EUR", 3200.0, 4000.0)], 4000.0, 4000.0) == [
        ("EUR", 3200.0, 3200.0)
    ]


def test_credits_are_netted_in_their_currency():
    rows = [("USD", 1080.0, 1080.0), ("EUR", 3200.0, 4000.0), ("EUR", -200.0, -250.0)]
    assert amounts_by_currency(rows, 4830.0, 4830.0) == [
        ("USD", 1080.0, 1080.0),
        ("EUR", 3000.0, 3000.0),
    ]


def test_a_plan_cover_is_shared_in_proportion():
    rows = [("USD", 1000.0, 1000.0), ("EUR", 800.0, 1000.0)]
    result = amounts_by_currency(rows, 2000.0, 1000.0)
    assert result[0] == ("USD", 1000.0, pytest.approx(500.0))
    assert result[1] == ("EUR", 800.0, pytest.approx(400.0))


def test_nothing_overdue_asks_nothing():
    assert amounts_by_currency([("USD", 0.0, 0.0)], 0.0, 0.0) == [("USD", 0.0, 0.0)]
