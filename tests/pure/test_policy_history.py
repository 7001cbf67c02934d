from datetime import date

from policy import history


def test_month_end_of_any_day():
    assert history.month_end(date(2026, 2, 10)) == date(2026, 2, 28)
    assert history.month_end(date(2028, 2, 1)) == date(2028, 2, 29)
    assert history.month_end(date(2026, 12, 31)) == date(2026, 12, 31)


def test_last_month_end_is_the_day_itself_on_a_month_end():
    assert history.last_month_end(date(2026, 6, 30)) == date(2026, 6, 30)
    assert history.last_month_end(date(2026, 7, 1)) == date(2026, 6, 30)
    assert history.last_month_end(date(2026, 1, 15)) == date(2025, 12, 31)


def test_thirteen_month_ends_oldest_first():
    ends = history.month_ends(date(2026, 6, 15))
    assert len(ends) == 13
    assert ends[0] == date(2025, 5, 31)
    assert ends[-1] == date(2026, 5, 31)
    assert history.month_ends(date(2026, 3, 31), 2) == [
        date(2026, 2, 28),
        date(2026, 3, 31),
    ]
    assert history.month_ends(date(2026, 3, 31), 0) == []
