"""What a dunning letter may say of the letters sent before it."""

import pytest
from policy.dunning import OPENINGS, letter_opening


def test_a_first_letter_recalls_nothing():
    assert letter_opening("mild", 0) == "oversight"
    assert letter_opening("moderate", 0) == "request"
    assert letter_opening("severe", 0) == "final"


def test_a_letter_after_others_recalls_them():
    assert letter_opening("mild", 1) == "reminder_again"
    assert letter_opening("moderate", 1) == "request_after_reminder"
    assert letter_opening("moderate", 3) == "request_after_reminder"
    assert letter_opening("severe", 1) == "final_after_letter"
    assert letter_opening("severe", 2) == "final_after_letters"


@pytest.mark.parametrize("severity", ["mild", "moderate", "severe"])
@pytest.mark.parametrize("earlier", [None, -1, 0, 1, 2, 7])
def test_every_opening_is_a_known_one(severity, earlier):
    opening = letter_opening(severity, earlier)
    assert opening in OPENINGS
    if not earlier or earlier < 0:
        assert opening in ("oversight", "request", "final")
