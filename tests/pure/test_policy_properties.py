"""Properties of the rules, on random data (hypothesis): tier tables that
pass the checks classify every day into exactly one tier and say truly when
it changes; aging buckets add up to the open amount; credits never make an
overdue amount negative; a write-off is spread over the instalments without
losing or inventing a cent; a split request is approved as a whole; the
provision never asks for more than what is owed."""

from datetime import date, timedelta

import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from policy import aging, provision, receivable, tiers, writeoff  # noqa: E402

AS_OF = date(2026, 12, 4)
cents = st.integers(min_value=-5_000_000, max_value=5_000_000).map(lambda c: c / 100)
debts = st.integers(min_value=1, max_value=5_000_000).map(lambda c: c / 100)
dates = st.integers(min_value=-800, max_value=400).map(
    lambda d: AS_OF + timedelta(days=d)
)


@st.composite
def tier_tables(draw):
    """A table that starts at day 1, without gaps or overlaps, closed or
    open at its end."""
    widths = draw(
        st.lists(st.integers(min_value=1, max_value=120), min_size=1, max_size=5)
    )
    open_end = draw(st.booleans())
    specs, start = [], 1
    for key, width in enumerate(widths, start=1):
        last = key == len(widths)
        days_to = None if last and open_end else start + width - 1
        specs.append(
            tiers.TierSpec(key=key, name=f"T{key}", days_from=start, days_to=days_to)
        )
        start += width
    tiers.check_table(specs)
    return specs


@given(tier_tables(), st.integers(min_value=-30, max_value=900))
def test_every_overdue_day_is_in_one_tier_at_most(specs, days):
    holding = [
        s
        for s in specs
        if s.days_from <= days and (s.days_to is None or days <= s.days_to)
    ]
    assert len(holding) <= 1
    found = tiers.classify_days(days, specs)
    assert found == (holding[0] if holding and days > 0 else None)


@given(tier_tables(), dates)
def test_the_tier_holds_until_the_next_boundary(specs, due):
    boundary = tiers.next_boundary(due, AS_OF, specs)
    today = tiers.classify_days((AS_OF - due).days, specs)
    stop = boundary or AS_OF + timedelta(days=400)
    assert stop > AS_OF
    day = AS_OF
    while day < stop and day < AS_OF + timedelta(days=400):
        assert tiers.classify_days((day - due).days, specs) == today
        day += timedelta(days=7)
    if boundary:
        assert tiers.classify_days((boundary - due).days, specs) != today


@given(st.lists(st.tuples(dates, cents), max_size=40))
def test_aging_buckets_add_up_to_the_open_amount(rows):
    buckets = aging.aggregate(rows, AS_OF)
    assert set(buckets) == set(aging.COLUMN_KEYS)
    assert round(sum(buckets.values()), 2) == round(sum(a for _d, a in rows), 2)
    assert all(buckets[key] >= 0 for key in aging.BUCKET_KEYS)
    assert buckets["credits"] <= 0


@given(st.lists(st.tuples(dates, cents, st.booleans()), max_size=40))
def test_net_overdue_is_never_negative_nor_above_the_gross(rows):
    items = [
        receivable.OpenItem(due=d, amount=a, disputed=x and a > 0) for d, a, x in rows
    ]
    summary = receivable.summarize(items, AS_OF)
    assert summary.overdue_amount >= 0
    assert summary.overdue_amount <= summary.gross_overdue + 0.005
    assert round(sum(summary.buckets.values()), 2) == summary.open_amount
    if summary.oldest_due:
        assert summary.oldest_due < AS_OF


@given(debts, st.lists(debts, min_size=1, max_size=6))
def test_a_write_off_is_spread_over_the_instalments_to_the_cent(amount, residuals):
    shares = writeoff.allocate(amount, residuals)
    assert len(shares) == len(residuals)
    assert all(0 <= s <= r + 1e-9 for s, r in zip(shares, residuals, strict=True))
    assert round(sum(shares), 2) == round(min(amount, sum(residuals)), 2)
    # oldest first: a later instalment is touched only once the earlier are full
    for index, share in enumerate(shares):
        if share and index:
            assert all(
                abs(s - r) < 1e-9
                for s, r in zip(shares[:index], residuals[:index], strict=True)
            )


@settings(max_examples=200)
@given(
    debts,
    debts,
    st.lists(
        st.tuples(
            st.sampled_from(
                ["draft", "to_approve", "approved", "posted", "rejected", "cancelled"]
            ),
            dates,
            debts,
        ),
        max_size=8,
    ),
)
def test_split_requests_are_approved_as_a_whole(first, second, others):
    alone = writeoff.approval_amount(first + second, others, AS_OF)
    split = writeoff.approval_amount(
        second, [*others, ("to_approve", None, first)], AS_OF
    )
    assert round(split, 2) == round(alone, 2)
    assert writeoff.levels_for(split) == writeoff.levels_for(alone)


@given(
    st.dictionaries(st.sampled_from(aging.BUCKET_KEYS), cents),
    st.floats(min_value=0, max_value=100),
)
def test_the_provision_never_exceeds_what_is_owed(aging_amounts, surcharge):
    amounts = provision.bucket_amounts(aging_amounts)
    asked = provision.required_allowance(amounts, provision.DEFAULT_RATES, surcharge)
    owed = provision.customer_owed(amounts)
    required = provision.cap_allowance(asked, owed)
    # net of the customer's credits, to the cent
    assert round(sum(required.values()), 2) <= round(owed, 2)
    assert all(0 <= required[b] <= asked[b] for b in provision.BUCKETS)
    if round(sum(asked.values()), 2) <= round(owed, 2):
        assert required == asked
