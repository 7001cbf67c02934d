"""When a document whose e-mail failed is tried again."""

from datetime import date

from policy.mailing import retry_due


def test_first_failure_is_retried_at_once():
    assert retry_due(1, 3, None, date(2026, 12, 4))


def test_retried_the_next_day_not_the_same_day():
    last = date(2026, 12, 4)
    assert not retry_due(1, 3, last, last)
    assert retry_due(1, 3, last, date(2026, 12, 5))


def test_given_up_after_the_last_attempt():
    assert not retry_due(3, 3, date(2026, 12, 1), date(2026, 12, 10))
