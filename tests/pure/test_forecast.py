from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from policy import forecast
from policy.habits import Habit
from policy.provision import DEFAULT_RATES

MONDAY = date(2026, 6, 15)
RATES = dict(DEFAULT_RATES)


def item(key, due, amount, partner=1):
    return forecast.OpenItem(key=key, partner=partner, due=due, amount=amount)


def habit(day_of_month=None, weekday=None, late=0.0):
    return Habit(day_of_month, weekday, late, 0.0, 5)


# ---------------------------------------------------------------------------
# Calendar
# ---------------------------------------------------------------------------
def test_weeks_start_on_monday_and_late_dates_fall_in_week_zero():
    assert forecast.monday_of(date(2026, 6, 21)) == MONDAY
    assert forecast.week_index(date(2026, 6, 21), MONDAY) == 0
    assert forecast.week_index(date(2026, 6, 22), MONDAY) == 1
    assert forecast.week_index(date(2026, 1, 2), MONDAY) == 0
    assert forecast.week_start(date(2026, 1, 2), MONDAY) == MONDAY
    assert forecast.week_start(date(2026, 7, 1), MONDAY) == date(2026, 6, 29)


def test_months_start_on_the_first_and_late_dates_fall_in_month_zero():
    assert forecast.month_start(date(2026, 3, 2), MONDAY) == date(2026, 6, 1)
    assert forecast.month_start(date(2026, 8, 31), MONDAY) == date(2026, 8, 1)
    assert forecast.month_index(date(2027, 1, 5), MONDAY) == 7
    assert forecast.add_months(date(2026, 11, 20), 2) == date(2027, 1, 1)


def test_past_mondays_oldest_first():
    mondays = forecast.past_mondays(date(2026, 6, 17), 26)
    assert len(mondays) == 26
    assert mondays[-1] == date(2026, 6, 8)
    assert mondays[0] == date(2025, 12, 15)
    assert all(day.weekday() == 0 for day in mondays)


# ---------------------------------------------------------------------------
# Expected dates
# ---------------------------------------------------------------------------
def test_without_history_the_due_date():
    assert forecast.habit_date(date(2026, 7, 1), None) == (date(2026, 7, 1), "due")


def test_average_lateness_without_a_usual_day():
    assert forecast.habit_date(date(2026, 7, 1), habit(late=10.0)) == (
        date(2026, 7, 11),
        "late",
    )
    # paying early on average is not paying before the due date
    assert forecast.habit_date(date(2026, 7, 1), habit(late=-4.0)) == (
        date(2026, 7, 1),
        "late",
    )


def test_usual_day_of_the_month_nearest_to_the_usual_lateness():
    # due 10 July, 15 days late on average: the 25th
    assert forecast.habit_date(date(2026, 7, 10), habit(25, late=15.0)) == (
        date(2026, 7, 25),
        "habit",
    )
    # due 20 July, the average lateness says 4 August: 25 July is nearer
    assert forecast.habit_date(date(2026, 7, 20), habit(25, late=15.0)) == (
        date(2026, 7, 25),
        "habit",
    )
    # due 26 July: never before the due date, so 25 August
    assert forecast.habit_date(date(2026, 7, 26), habit(25, late=0.0)) == (
        date(2026, 8, 25),
        "habit",
    )
    # the 31st of a 30-day month is its last day
    assert forecast.habit_date(date(2026, 9, 20), habit(31, late=5.0)) == (
        date(2026, 9, 30),
        "habit",
    )


def test_usual_weekday():
    # due Wednesday 1 July, 2 days late: Friday 3 July, a Friday payer
    assert forecast.habit_date(date(2026, 7, 1), habit(weekday=4, late=2.0)) == (
        date(2026, 7, 3),
        "habit",
    )
    # a Monday payer, due on a Tuesday: the next Monday
    assert forecast.habit_date(date(2026, 6, 30), habit(weekday=0, late=0.0)) == (
        date(2026, 7, 6),
        "habit",
    )


def test_plans_first_then_promises_then_habit_oldest_due_first():
    items = [
        item(1, date(2026, 4, 1), 300.0),
        item(2, date(2026, 5, 1), 500.0),
        item(3, date(2026, 7, 1), 200.0),
    ]
    customer = forecast.Customer(
        instalments=(
            forecast.Settlement(date(2026, 7, 15), 100.0),
            forecast.Settlement(date(2026, 6, 30), 250.0),
        ),
        promises=(forecast.Settlement(date(2026, 6, 20), 400.0),),
        habit=habit(late=10.0),
    )
    parts = [
        (i.key, amount, day, source)
        for i, amount, day, source in forecast.expected_dates(items, customer)
    ]
    assert parts == [
        (1, 250.0, date(2026, 6, 30), "plan"),
        (1, 50.0, date(2026, 7, 15), "plan"),
        (2, 50.0, date(2026, 7, 15), "plan"),
        (2, 400.0, date(2026, 6, 20), "promise"),
        (2, 50.0, date(2026, 5, 11), "late"),
        (3, 200.0, date(2026, 7, 11), "late"),
    ]


# ---------------------------------------------------------------------------
# Probability and the whole forecast
# ---------------------------------------------------------------------------
def test_probability_falls_with_the_age_on_the_expected_day():
    due = date(2026, 6, 1)
    assert forecast.probability(due, due, RATES) == 1.0
    assert forecast.probability(due, due + timedelta(days=10), RATES) == 0.98
    assert forecast.probability(due, due + timedelta(days=45), RATES) == 0.85
    assert forecast.probability(due, due + timedelta(days=100), RATES) == 0.5
    assert forecast.probability(due, due + timedelta(days=181), RATES) == 0.0
    # an industry 50 % riskier: 2 % becomes 3 %
    assert forecast.probability(due, due + timedelta(days=10), RATES, 50.0) == 0.97


def test_forecast_to_the_cent():
    items = [
        item(1, date(2026, 6, 5), 1000.0, partner=1),  # 10 days late payer
        item(2, date(2026, 2, 1), 333.33, partner=2),  # no history, 134 days
    ]
    customers = {1: forecast.Customer(habit=habit(late=10.0))}
    rows = forecast.forecast(items, customers, RATES, MONDAY)
    assert [(r.key, r.date, r.source, r.expected_amount) for r in rows] == [
        (1, date(2026, 6, 15), "late", 980.0),
        # expected on its due date, long past: aged as of the forecast
        # date, 134 days (91-180 days: 50 %), half a cent rounded up
        (2, date(2026, 2, 1), "due", 166.67),
    ]
    assert forecast.by_week(rows, MONDAY)[:2] == [1146.67, 0.0]
    assert forecast.by_month(rows, MONDAY)[0] == 1146.67
    assert forecast.summarize(rows, MONDAY) == {
        (1, MONDAY, date(2026, 6, 1), "late"): [1000.0, 980.0],
        (2, MONDAY, date(2026, 6, 1), "due"): [333.33, 166.67],
    }


def test_missing_rates_are_refused():
    with pytest.raises(forecast.ForecastPolicyError) as caught:
        forecast.forecast([], {}, {"not_due": 0.0}, MONDAY)
    assert caught.value.code == "rates_missing"


def test_naive_forecast_puts_overdue_in_week_zero():
    items = [
        item(1, date(2026, 5, 1), 100.0),
        item(2, date(2026, 6, 24), 50.0),
        item(3, date(2027, 1, 1), 70.0),  # beyond thirteen weeks
    ]
    assert forecast.naive_by_week(items, MONDAY)[:3] == [100.0, 50.0, 0.0]
    assert sum(forecast.naive_by_week(items, MONDAY)) == 150.0


# ---------------------------------------------------------------------------
# Accuracy
# ---------------------------------------------------------------------------
def test_error_percent_and_mape():
    assert forecast.error_percent(900.0, 1000.0) == 10.0
    assert forecast.error_percent(1200.0, 1000.0) == 20.0
    assert forecast.error_percent(50.0, 0.0) is None
    assert forecast.mape([(900.0, 1000.0), (1200.0, 1000.0), (5.0, 0.0)]) == 15.0
    assert forecast.mape([(5.0, 0.0)]) is None


def test_accuracy_by_horizon_beside_the_naive():
    weeks = [
        (1, 900.0, 500.0, 1000.0),
        (1, 1000.0, 1000.0, 1000.0),
        (2, 300.0, 0.0, 200.0),
    ]
    assert forecast.accuracy_by_horizon(weeks) == {
        1: (5.0, 25.0),
        2: (50.0, 100.0),
    }


# ---------------------------------------------------------------------------
# Properties
# ---------------------------------------------------------------------------
days_st = st.dates(min_value=date(2025, 1, 1), max_value=date(2027, 12, 31))
amounts = st.decimals(min_value="0.01", max_value="100000", places=2).map(float)
habits_st = st.one_of(
    st.none(),
    st.builds(
        habit,
        day_of_month=st.one_of(st.none(), st.integers(1, 31)),
        weekday=st.one_of(st.none(), st.integers(0, 6)),
        late=st.floats(-20, 120),
    ),
)
settlements = st.lists(st.builds(forecast.Settlement, days_st, amounts), max_size=4)


@given(
    st.lists(st.tuples(days_st, amounts), min_size=1, max_size=12),
    settlements,
    settlements,
    habits_st,
)
def test_every_cent_is_expected_once_and_never_more(dues, plans, promises, known):
    items = [item(k, due, amount) for k, (due, amount) in enumerate(dues)]
    customer = forecast.Customer(
        instalments=tuple(plans), promises=tuple(promises), habit=known
    )
    rows = forecast.forecast(items, {1: customer}, RATES, date(2026, 6, 15))
    total = sum(i.amount for i in items)
    assert sum(r.amount for r in rows) == pytest.approx(total, abs=0.01 * len(rows))
    for row in rows:
        assert 0.0 <= row.probability <= 1.0
        assert row.expected_amount <= row.amount + 1e-9
        if row.source in ("habit", "late", "due"):
            assert row.date >= row.due
    planned = sum(r.amount for r in rows if r.source == "plan")
    assert planned <= sum(s.amount for s in plans) + 0.01 * len(rows)


@given(days_st, st.integers(0, 400), st.integers(0, 400))
def test_probability_never_rises_with_age(due, first, later):
    early, late = sorted((first, later))
    assert forecast.probability(
        due, due + timedelta(days=late), RATES
    ) <= forecast.probability(due, due + timedelta(days=early), RATES)


@given(st.lists(st.tuples(days_st, amounts), max_size=20), days_st)
def test_weeks_cover_the_horizon_and_nothing_is_lost_before_it(dues, day):
    monday = forecast.monday_of(day)
    items = [item(k, due, amount) for k, (due, amount) in enumerate(dues)]
    naive = forecast.naive_by_week(items, monday)
    assert len(naive) == forecast.WEEKS
    horizon = monday + timedelta(weeks=forecast.WEEKS)
    inside = sum(i.amount for i in items if i.due < horizon)
    assert sum(naive) == pytest.approx(inside, abs=0.01)
    for i in items:
        start = forecast.week_start(i.due, monday)
        assert start.weekday() == 0 and start >= monday
        assert forecast.month_start(i.due, monday) >= monday.replace(day=1)
