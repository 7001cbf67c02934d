"""Aging buckets (policy/aging.py)."""

from datetime import date

import pytest
from policy.aging import (
    BUCKET_KEYS,
    COLUMN_KEYS,
    aggregate,
    bucket_of_date,
    bucket_of_days,
)

AS_OF = date(2026, 3, 31)


def test_bucket_keys_in_display_order():
    assert BUCKET_KEYS == ("not_due", "1_30", "31_60", "61_90", "91_180", "over_180")


@pytest.mark.parametrize(
    "days, expected",
    [
        (-30, "not_due"),
        (-1, "not_due"),
        (0, "not_due"),
        (1, "1_30"),
        (30, "1_30"),
        (31, "31_60"),
        (60, "31_60"),
        (61, "61_90"),
        (90, "61_90"),
        (91, "91_180"),
        (180, "91_180"),
        (181, "over_180"),
        (5000, "over_180"),
    ],
)
def test_bucket_of_days_boundaries(days, expected):
    assert bucket_of_days(days) == expected


@pytest.mark.parametrize(
    "due_date, expected",
    [
        (date(2026, 4, 10), "not_due"),
        (date(2026, 3, 31), "not_due"),  # due today
        (date(2026, 3, 30), "1_30"),  # 1 day
        (date(2026, 3, 1), "1_30"),  # 30 days
        (date(2026, 2, 28), "31_60"),  # 31 days
        (date(2026, 1, 31), "31_60"),  # 59 days
        (date(2025, 12, 31), "61_90"),  # 90 days
        (date(2025, 12, 30), "91_180"),  # 91 days
        (date(2025, 10, 2), "91_180"),  # 180 days
        (date(2025, 10, 1), "over_180"),  # 181 days
    ],
)
def test_bucket_of_date(due_date, expected):
    assert bucket_of_date(due_date, AS_OF) == expected


def test_no_due_date_is_aged_from_the_entry_date():
    """An opening balance entered as a journal entry has no due date: it is
    aged from its entry date, as Odoo's ``date_maturity or date``."""
    assert bucket_of_date(None, AS_OF, entry_date=date(2026, 1, 1)) == "61_90"
    assert bucket_of_date(None, AS_OF, entry_date=AS_OF) == "not_due"


def test_no_due_date_and_no_entry_date_is_refused():
    with pytest.raises(ValueError):
        bucket_of_date(None, AS_OF)


def test_aggregate_sums_each_bucket_and_the_total():
    rows = [
        (date(2026, 4, 30), 100.0),
        (date(2026, 4, 10), 50.0),
        (date(2026, 3, 31), 25.0),
        (date(2026, 3, 30), 10.0),
        (date(2026, 3, 1), 20.0),
        (date(2026, 3, 15), None),  # no amount counts as zero
        (date(2026, 2, 28), 5.0),
        (date(2025, 12, 31), 7.0),
        (date(2025, 12, 30), 3.0),
        (date(2025, 10, 1), 1.0),
        (date(2025, 1, 1), 4.0),
        (date(2025, 1, 15), -2.0),  # a credit goes to its own column
        (date(2026, 4, 30), -30.0),  # even one not due yet
    ]
    totals = aggregate(rows, AS_OF)
    assert totals == {
        "not_due": 175.0,
        "1_30": 30.0,
        "31_60": 5.0,
        "61_90": 7.0,
        "91_180": 3.0,
        "over_180": 5.0,
        "credits": -32.0,
    }
    assert sum(totals.values()) == pytest.approx(
        sum(amount or 0.0 for _due, amount in rows)
    )


def test_aggregate_of_nothing_has_every_key_at_zero():
    assert aggregate([], AS_OF) == dict.fromkeys(COLUMN_KEYS, 0.0)


def test_credits_column_comes_after_the_buckets():
    assert COLUMN_KEYS == (*BUCKET_KEYS, "credits")


def test_a_customer_who_paid_ahead_has_no_negative_bucket():
    """A payment received before the invoice falls due is an unapplied
    credit, not a negative "not due"."""
    totals = aggregate([(date(2026, 4, 30), 500.0), (AS_OF, -800.0)], AS_OF)
    assert totals["not_due"] == 500.0
    assert totals["credits"] == -800.0
    assert min(totals[key] for key in BUCKET_KEYS) >= 0.0
