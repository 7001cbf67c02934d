"""Recovery targets and the collectors' monthly scorecards.

A target says what a unit (a collector, or the company's collection team)
should reach in a month: an amount of overdue collected (company currency)
or a recovery rate (%), at a base and a stretch level.  Its *attainment* is
what the unit reached / the base x 100.  On the company's alert day (or the
first run after it) a unit under the alert share of its base gets one
alert; at the start of the next month each collector gets a scorecard
graded from his attainment.
"""

from .measures import ratio

#: what a target is set on
MEASURE_AMOUNT = "amount"
MEASURE_RATE = "rate"

#: the grades of a scorecard, best first
GRADE_SELECTION = (
    ("excellent", "Excellent"),
    ("good", "Good"),
    ("pass", "Pass"),
    ("fail", "Fail"),
)
GRADES = tuple(key for key, _label in GRADE_SELECTION)

#: attainment (%) at least for excellent, good and pass; below: fail
DEFAULT_GRADE_THRESHOLDS = (110.0, 100.0, 80.0)
#: an alert when the attainment is under this share (%) of the base
DEFAULT_ALERT_SHARE = 80.0
#: the day of the month of the alert
DEFAULT_ALERT_DAY = 20


def actual(measure, collected, recovery_rate):
    """What a unit reached on a target of ``measure``: the overdue collected
    (amount) or the recovery rate (rate, ``None`` when nothing was
    overdue)."""
    return collected if measure == MEASURE_AMOUNT else recovery_rate


def attainment(reached, base):
    """``reached / base x 100``, to the hundredth; ``None`` when the base is
    not positive or nothing can be measured (a rate with nothing
    overdue)."""
    if reached is None:
        return None
    return ratio(reached, base)


def stretch_reached(reached, stretch):
    """Whether the stretch level is reached (never without one)."""
    return bool(stretch and stretch > 0 and reached is not None and reached >= stretch)


def check_due(day_of_month, alert_day, last_day_of_month, checked=False):
    """Whether a target of the current month is checked for an alert today:
    on the first run on or after the alert day (an alert day past the
    month's end, the 31st in June, falls on its last day), once.  A day the
    scheduled action did not run is caught up by the next run; a target
    checked once is not checked again that month, however it stands
    later."""
    if checked:
        return False
    return day_of_month >= min(alert_day, last_day_of_month)


def needs_alert(reached_attainment, alert_share=DEFAULT_ALERT_SHARE, alerted=False):
    """A unit gets an alert when its attainment is measured and under the
    alert share, and it had none this month."""
    if alerted or reached_attainment is None:
        return False
    return reached_attainment < alert_share


def overall_attainment(attainments):
    """The attainment a grade is given on: the lowest of the unit's targets
    that can be measured (an amount and a rate target both count);
    ``None`` without any."""
    measured = [value for value in attainments if value is not None]
    return min(measured) if measured else None


def grade(reached_attainment, thresholds=DEFAULT_GRADE_THRESHOLDS):
    """The scorecard's grade: excellent, good or pass from the first
    threshold (%) the attainment reaches, else fail; ``None`` (no grade)
    without a measured target."""
    if reached_attainment is None:
        return None
    for key, threshold in zip(GRADES, thresholds, strict=False):
        if reached_attainment >= threshold:
            return key
    return GRADES[-1]


def check_grade_thresholds(thresholds):
    """Error code when the thresholds (excellent, good, pass) are not
    strictly decreasing and positive, else ``None``."""
    if len(thresholds) != len(GRADES) - 1:
        return "count"
    if any(value <= 0 for value in thresholds):
        return "not_positive"
    if any(high <= low for high, low in zip(thresholds, thresholds[1:], strict=False)):
        return "not_decreasing"
    return None
