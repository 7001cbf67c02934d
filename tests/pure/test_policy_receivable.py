"""Open receivable summary (policy/receivable.py)."""

from datetime import date, timedelta

import pytest
from policy.receivable import OpenItem, allocate_credits, due_date_of, summarize

AS_OF = date(2026, 6, 15)


def ago(n):
    return AS_OF - timedelta(days=n)


def test_due_date_falls_back_on_the_entry_date():
    assert due_date_of(None, ago(3)) == ago(3)
    assert due_date_of(ago(1), ago(3)) == ago(1)


def test_credits_settle_the_oldest_debts_first():
    left = allocate_credits([(ago(10), 100.0), (ago(40), 50.0)], 70.0)
    assert left == [(ago(10), 80.0)]


def test_no_credit_leaves_every_debt():
    assert allocate_credits([(ago(1), 5.0)], 0.0) == [(ago(1), 5.0)]


def test_unapplied_payment_not_yet_dated_still_reduces_the_overdue():
    """A payment received but not matched, dated in the future or today,
    is money already received: it is not chased."""
    summary = summarize(
        [OpenItem(ago(45), 31750.0), OpenItem(ago(-5), -31750.0)], AS_OF
    )
    assert summary.open_amount == 0.0
    assert summary.gross_overdue == 31750.0
    assert summary.overdue_amount == 0.0
    assert summary.unapplied_credit == 31750.0
    assert summary.oldest_due is None
    assert summary.ratio == 0.0


def test_partial_credit_moves_the_oldest_uncovered_debt():
    summary = summarize(
        [
            OpenItem(ago(70), 100.0),
            OpenItem(ago(20), 300.0),
            OpenItem(ago(-10), 400.0),
            OpenItem(ago(2), -150.0),
        ],
        AS_OF,
    )
    assert summary.open_amount == 650.0
    assert summary.overdue_amount == 250.0
    assert summary.oldest_due == ago(20)
    assert summary.days_overdue(AS_OF) == 20
    assert summary.ratio == pytest.approx(250.0 / 650.0 * 100.0)


def test_credit_beyond_the_balance_leaves_nothing_overdue():
    summary = summarize([OpenItem(ago(90), 10.0), OpenItem(ago(1), -25.0)], AS_OF)
    assert summary.open_amount == -15.0
    assert summary.overdue_amount == 0.0
    assert summary.ratio == 0.0


def test_disputed_debts_are_neither_overdue_nor_settled_by_credits():
    summary = summarize(
        [
            OpenItem(ago(100), 500.0, disputed=True, disputed_moves=frozenset({7})),
            OpenItem(ago(10), 200.0),
            OpenItem(ago(1), -50.0),
        ],
        AS_OF,
    )
    assert summary.overdue_amount == 150.0
    assert summary.oldest_due == ago(10)
    assert summary.disputed_amount == 500.0
    assert summary.disputed_count == 1


def test_buckets_add_up_to_the_open_balance():
    items = [OpenItem(ago(d), a) for d, a in ((-3, 10.0), (5, 20.0), (200, 5.5))]
    items.append(OpenItem(ago(40), -4.25))
    summary = summarize(items, AS_OF)
    assert sum(summary.buckets.values()) == pytest.approx(summary.open_amount)
    assert summary.buckets["31_60"] == 0.0
    assert summary.buckets["credits"] == -4.25


def test_nothing_open():
    summary = summarize([], AS_OF)
    assert (summary.open_amount, summary.overdue_amount, summary.oldest_due) == (
        0.0,
        0.0,
        None,
    )


def test_totals_and_items_give_the_same_summary():
    """The daily run reads totals, the customer form reads items: the
    figures they share are the same."""
    from policy.receivable import summarize_totals

    items = [
        OpenItem(ago(70), 100.0),
        OpenItem(ago(20), 300.0),
        OpenItem(ago(-10), 400.0),
        OpenItem(ago(2), -150.0),
        OpenItem(ago(90), 50.0, disputed=True, disputed_moves=frozenset({3})),
    ]
    full = summarize(items, AS_OF)
    totals = summarize_totals(
        open_amount=700.0,
        unapplied_credit=150.0,
        overdue_debts=[(ago(70), 100.0), (ago(20), 300.0)],
        as_of=AS_OF,
        disputed_amount=50.0,
        disputed_count=1,
    )
    for name in (
        "open_amount",
        "overdue_amount",
        "gross_overdue",
        "unapplied_credit",
        "disputed_amount",
        "disputed_count",
        "oldest_due",
    ):
        assert getattr(full, name) == getattr(totals, name), name
