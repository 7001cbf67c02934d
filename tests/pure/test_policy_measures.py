"""Measures of the collection work (policy/measures.py), to the cent."""

import pytest
from policy.measures import (
    UNDEFINED,
    Figures,
    average,
    average_days_delinquent,
    bad_debt_rate,
    best_possible_dso,
    cei,
    display,
    dso,
    measures,
    recovery_rate,
)


def test_dso_is_receivable_over_sales_times_days():
    # 45,000 open at the end of a 30-day month that sold 60,000 on credit
    assert dso(45000.0, 60000.0, 30) == 22.5
    assert dso(1000.0, 3000.0, 31) == 10.33


def test_dso_without_sales_is_undefined():
    assert dso(45000.0, 0.0, 30) is None
    assert dso(45000.0, -500.0, 30) is None  # credit notes above invoices
    assert dso(45000.0, 60000.0, 0) is None


def test_best_possible_dso_uses_current_receivable_only():
    assert best_possible_dso(15000.0, 60000.0, 30) == 7.5


def test_average_days_delinquent():
    assert average_days_delinquent(22.5, 7.5) == 15.0
    assert average_days_delinquent(None, 7.5) is None
    assert average_days_delinquent(22.5, None) is None


def test_cei():
    # (20,000 + 60,000 - 45,000) / (20,000 + 60,000 - 15,000) x 100
    assert cei(20000.0, 60000.0, 45000.0, 15000.0) == 53.85
    # everything collected that could be: 100 %
    assert cei(1000.0, 0.0, 0.0, 0.0) == 100.0
    assert cei(0.0, 0.0, 0.0, 0.0) is None


def test_recovery_rate_adds_what_fell_overdue():
    assert recovery_rate(300.0, 1000.0) == 30.0
    assert recovery_rate(300.0, 1000.0, 500.0) == 20.0
    assert recovery_rate(0.0, 0.0, 0.0) is None


def test_bad_debt_rate():
    assert bad_debt_rate(250.0, 60000.0) == 0.42
    assert bad_debt_rate(250.0, 0.0) is None


def test_average():
    assert average(10, 4) == 2.5
    assert average(0, 0) is None


def test_figures_add_up_per_unit():
    one = Figures(credit_sales=100.0, invoices=2, letters_sent=1)
    two = Figures(credit_sales=50.5, invoices=1, letters_failed=1)
    total = one + two
    assert total.credit_sales == 150.5
    assert total.invoices == 3
    assert (total.letters_sent, total.letters_failed) == (1, 1)


def test_measures_of_a_unit():
    figures = Figures(
        opening_receivable=20000.0,
        closing_receivable=45000.0,
        closing_current=15000.0,
        credit_sales=60000.0,
        overdue_at_start=8000.0,
        fell_overdue=2000.0,
        overdue_collected=2500.0,
        written_off=600.0,
        actions_due=8,
        actions_on_time=6,
        promises_kept=2,
        promises_broken=1,
        invoices=40,
        disputed_invoices=3,
        open_disputes=2,
        open_dispute_days=25,
    )
    assert measures(figures, 30) == {
        "dso": 22.5,
        "best_dso": 7.5,
        "add": 15.0,
        "cei": 53.85,
        "recovery_rate": 25.0,
        "bad_debt_rate": 1.0,
        "on_time_rate": 75.0,
        "promise_kept_rate": 66.67,
        "dispute_rate": 7.5,
        "dispute_age": 12.5,
    }


def test_measures_of_an_empty_unit_are_undefined():
    assert set(measures(Figures(), 30).values()) == {None}


@pytest.mark.parametrize(
    "value, digits, suffix, shown",
    [
        (None, 2, " %", UNDEFINED),
        (53.846, 2, " %", "53.85 %"),
        (1234.5, 1, "", "1,234.5"),
        (0.0, 2, "", "0.00"),
    ],
)
def test_display(value, digits, suffix, shown):
    assert display(value, digits, suffix) == shown
