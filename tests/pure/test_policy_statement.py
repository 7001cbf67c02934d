"""Statements of account (policy/statement.py)."""

from datetime import date

import pytest
from policy.statement import (
    answer_deadline,
    check_period,
    kind_of,
    month_bounds,
    previous_period,
    statement_due_today,
    statement_figures,
)


@pytest.mark.parametrize(
    "as_of, expected",
    [
        (date(2026, 6, 3), (date(2026, 5, 1), date(2026, 5, 31))),
        (date(2026, 3, 1), (date(2026, 2, 1), date(2026, 2, 28))),
        (date(2028, 3, 31), (date(2028, 2, 1), date(2028, 2, 29))),
        (date(2027, 1, 2), (date(2026, 12, 1), date(2026, 12, 31))),
    ],
)
def test_monthly_statement_covers_the_previous_month(as_of, expected):
    assert previous_period("monthly", as_of) == expected


@pytest.mark.parametrize(
    "as_of, expected",
    [
        (date(2026, 7, 1), (date(2026, 4, 1), date(2026, 6, 30))),
        (date(2027, 1, 15), (date(2026, 10, 1), date(2026, 12, 31))),
        (date(2026, 4, 2), (date(2026, 1, 1), date(2026, 3, 31))),
        (date(2026, 6, 1), None),
        (date(2026, 8, 1), None),
    ],
)
def test_quarterly_statement_only_after_a_quarter_ends(as_of, expected):
    assert previous_period("quarterly", as_of) == expected


def test_never_and_unknown_frequencies():
    assert previous_period("never", date(2026, 7, 1)) is None
    with pytest.raises(ValueError):
        previous_period("weekly", date(2026, 7, 1))


def test_month_bounds_of_february_in_a_leap_year():
    assert month_bounds(date(2028, 2, 10)) == (date(2028, 2, 1), date(2028, 2, 29))


@pytest.mark.parametrize(
    "as_of, day, due",
    [
        (date(2026, 6, 2), 3, False),
        (date(2026, 6, 3), 3, True),
        (date(2026, 6, 20), 3, True),  # a run that missed the day catches up
        (date(2026, 2, 28), 31, True),  # past the month's end: its last day
        (date(2026, 2, 27), 31, False),
        (date(2026, 6, 1), 0, True),  # below 1 counts as the 1st
    ],
)
def test_statement_day(as_of, day, due):
    assert statement_due_today(as_of, day) is due


def test_period_must_not_end_before_it_starts():
    check_period(date(2026, 5, 1), date(2026, 5, 1))
    with pytest.raises(ValueError):
        check_period(date(2026, 5, 2), date(2026, 5, 1))
    with pytest.raises(ValueError):
        check_period(None, date(2026, 5, 1))


def test_figures_add_up_from_opening_to_closing():
    figures = statement_figures(
        700.0,
        [("invoice", 500.0), ("refund", -80.0), ("payment", -200.0), ("other", 0.01)],
    )
    assert figures.opening == 700.0
    assert figures.rows == [1200.0, 1120.0, 920.0, 920.01]
    assert (figures.invoiced, figures.credited, figures.paid, figures.other) == (
        500.0,
        80.0,
        200.0,
        0.01,
    )
    assert figures.closing == 920.01


def test_figures_are_rounded_like_the_ledger():
    figures = statement_figures(0.1, [("invoice", 0.2)] * 3)
    assert figures.rows == [0.3, 0.5, 0.7]
    assert figures.closing == 0.7
    yen = statement_figures(1000, [("payment", -333)], precision=0)
    assert yen.closing == 667


def test_an_empty_period_keeps_the_opening_balance():
    figures = statement_figures(-50.0, [])
    assert (figures.rows, figures.closing) == ([], -50.0)


def test_unknown_kind_refused():
    with pytest.raises(ValueError):
        statement_figures(0.0, [("gift", 1.0)])


@pytest.mark.parametrize(
    "move_type, is_payment, kind",
    [
        ("out_invoice", False, "invoice"),
        ("out_refund", False, "refund"),
        ("entry", True, "payment"),
        ("entry", False, "other"),
        ("out_receipt", False, "other"),
    ],
)
def test_kind_of_an_entry(move_type, is_payment, kind):
    assert kind_of(move_type, is_payment) == kind


def test_answer_deadline_counts_calendar_days_from_the_sending():
    assert answer_deadline(date(2026, 6, 25), 10) == date(2026, 7, 5)


def test_balances_by_currency_keep_each_currency_apart():
    from policy.statement import balances_by_currency

    rows, balances = balances_by_currency(
        {"USD": 100.0, "EUR": 50.0, "GBP": 0.0},
        [("EUR", 3200.0), ("USD", -100.0), ("EUR", -200.004), ("JPY", 1000.4)],
        {"USD": 2, "EUR": 2, "JPY": 0},
    )
    assert rows == [3250.0, 0.0, 3050.0, 1000.0]
    assert balances == [
        ("USD", 100.0, 0.0),
        ("EUR", 50.0, 3050.0),
        ("JPY", 0.0, 1000.0),
    ]


def test_a_currency_with_a_balance_and_no_movement_is_kept():
    from policy.statement import balances_by_currency

    rows, balances = balances_by_currency({"EUR": 75.5}, [], {"EUR": 2})
    assert rows == []
    assert balances == [("EUR", 75.5, 75.5)]
