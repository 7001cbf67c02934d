"""Credit rating and credit holds: pure rules.

Score: each factor gives a sub-score from 0 (worst) to 100 (best); the base
score is their weighted average; the industry risk coefficient enlarges the
risk (100 - base) by its percentage, as the provision policy adds 20-50% on
top for high-risk industries; the manual adjustment is added last and the
result is clamped to 0-100.
"""

from dataclasses import dataclass, field

GRADES = ("A", "B", "C", "D")

FACTORS = (
    "on_time",
    "days_late",
    "overdue_ratio",
    "max_days",
    "disputes",
    "broken_promises",
)

#: Days late / overdue at which the matching sub-score reaches 0.
DAYS_LATE_FOR_ZERO = 90
MAX_DAYS_FOR_ZERO = 180
#: Points lost per disputed invoice / broken promise.
POINTS_PER_DISPUTE = 25
POINTS_PER_BROKEN_PROMISE = 25

DEFAULT_WEIGHTS = {
    "on_time": 30,
    "days_late": 20,
    "overdue_ratio": 20,
    "max_days": 15,
    "disputes": 5,
    "broken_promises": 10,
}

#: Minimum score of grades A, B and C; anything lower is D.
DEFAULT_THRESHOLDS = (85.0, 65.0, 40.0)


class CreditPolicyError(ValueError):
    """Bad settings; ``code`` names the rule, ``params`` the values."""

    def __init__(self, code, **params):
        super().__init__(code, params)
        self.code = code
        self.params = params


@dataclass(frozen=True)
class CustomerFacts:
    """What the rating reads of one customer (amounts in company currency)."""

    on_time_share: float | None = (
        None  # percent of amount due in 12 months paid on time
    )
    avg_days_late: float = 0.0  # over amounts paid late in 12 months
    # days: how much later the last quarter's payments came than the earlier
    # months' (the payment habit's trend); positive: paying later and later
    lateness_trend: float = 0.0
    overdue_ratio: float = 0.0  # percent
    max_days_overdue: int = 0
    disputed_count: int = 0
    broken_promises: int = 0
    industry_risk: float = 0.0  # percent, e.g. 20 for construction
    manual_adjustment: float = 0.0  # points, may be negative


@dataclass(frozen=True)
class Rating:
    score: float
    grade: str
    factors: dict = field(default_factory=dict)  # factor -> sub-score


def check_weights(weights):
    """Refuse negative weights and a table whose weights are all zero."""
    for name in FACTORS:
        value = weights.get(name, 0)
        if value is None or value < 0:
            raise CreditPolicyError("weight_negative", factor=name, value=value)
    if not any(weights.get(name, 0) for name in FACTORS):
        raise CreditPolicyError("weights_zero")


def check_thresholds(thresholds):
    """Thresholds of A, B, C must be strictly decreasing, within 0-100."""
    if len(thresholds) != 3:
        raise CreditPolicyError("thresholds_count")
    for grade, value in zip(GRADES, thresholds, strict=False):
        if value is None or not 0 <= value <= 100:
            raise CreditPolicyError("threshold_range", grade=grade, value=value)
    a, b, c = thresholds
    if not a > b > c:
        raise CreditPolicyError("thresholds_order", a=a, b=b, c=c)


def _clamp(value, low=0.0, high=100.0):
    return max(low, min(high, value))


def sub_scores(facts):
    """Return ``{factor: sub-score 0-100}`` for ``facts``.

    A customer with nothing due in the last 12 months has no payment
    history: its on-time factor counts as perfect (100).
    """
    on_time = (
        100.0 if facts.on_time_share is None else _clamp(float(facts.on_time_share))
    )
    return {
        "on_time": on_time,
        # a customer paying later and later is rated on where it is heading
        "days_late": _clamp(
            100.0
            - (facts.avg_days_late + max(facts.lateness_trend, 0.0))
            * 100.0
            / DAYS_LATE_FOR_ZERO
        ),
        "overdue_ratio": _clamp(100.0 - facts.overdue_ratio),
        "max_days": _clamp(100.0 - facts.max_days_overdue * 100.0 / MAX_DAYS_FOR_ZERO),
        "disputes": _clamp(100.0 - POINTS_PER_DISPUTE * facts.disputed_count),
        "broken_promises": _clamp(
            100.0 - POINTS_PER_BROKEN_PROMISE * facts.broken_promises
        ),
    }


def grade_of(score, thresholds=DEFAULT_THRESHOLDS):
    """Grade of a score: A at or above the first threshold, and so on."""
    for grade, minimum in zip(GRADES, thresholds, strict=False):
        if score >= minimum:
            return grade
    return GRADES[-1]


def rate(facts, weights=None, thresholds=DEFAULT_THRESHOLDS):
    """Score and grade one customer; the result is rounded to 2 decimals."""
    weights = DEFAULT_WEIGHTS if weights is None else weights
    check_weights(weights)
    subs = sub_scores(facts)
    total_weight = sum(weights.get(name, 0) for name in FACTORS)
    base = sum(subs[name] * weights.get(name, 0) for name in FACTORS) / total_weight
    risk = (100.0 - base) * (1.0 + max(facts.industry_risk or 0.0, 0.0) / 100.0)
    score = round(_clamp(100.0 - risk + (facts.manual_adjustment or 0.0)), 2)
    return Rating(score=score, grade=grade_of(score, thresholds), factors=subs)


#: What a grade's credit limit rule gives a customer.
LIMIT_KEEP = "keep"  # leave the customer's limit as it is
LIMIT_AMOUNT = "amount"  # this amount
LIMIT_NO_CREDIT = "no_credit"  # nothing on credit: any exposure is too much
LIMIT_UNLIMITED = "unlimited"  # no limit at all


def credit_limit(rule, fixed_amount=0.0, multiple=0.0, avg_monthly_sales=None):
    """Credit limit a grade gives, as ``(kind, amount)``.

    Rules: ``fixed`` (an amount, more than 0), ``multiple`` (months of the
    customer's average monthly sales over 12 months; with no sales in that
    time, or none positive, the current limit is kept: no history is no
    reason to give unlimited credit, nor to take all of it away),
    ``no_credit``, ``unlimited``; anything else keeps the current limit.
    """
    if rule == "fixed":
        if not fixed_amount or fixed_amount <= 0:
            raise CreditPolicyError("fixed_limit_positive", amount=fixed_amount)
        return LIMIT_AMOUNT, float(fixed_amount)
    if rule == "multiple":
        if not avg_monthly_sales or avg_monthly_sales <= 0 or not multiple:
            return LIMIT_KEEP, None
        return LIMIT_AMOUNT, multiple * avg_monthly_sales
    if rule == "no_credit":
        return LIMIT_NO_CREDIT, None
    if rule == "unlimited":
        return LIMIT_UNLIMITED, None
    return LIMIT_KEEP, None


def limit_exceeded(exposure, credit_limit_amount, no_credit=False):
    """Whether ``exposure`` (tax included, company currency) is over the
    limit.  A limit of 0 is Odoo's "no limit"; ``no_credit`` allows nothing."""
    if no_credit:
        return exposure > 0
    return bool(credit_limit_amount) and exposure > credit_limit_amount


HOLD_CAUSES = ("manual", "tier", "credit_limit", "prepayment")


def hold_causes(
    manual=False,
    tier_holds=False,
    use_credit_limit=False,
    credit_limit_amount=0.0,
    exposure=0.0,
    prepayment_required=False,
    no_credit=False,
):
    """Return the tuple of causes that put a customer on hold, in a fixed order.

    A credit limit of 0 means "no limit" (as in Odoo's own credit limit);
    ``no_credit`` (a grade that gives no credit) holds any exposure.
    """
    causes = []
    if manual:
        causes.append("manual")
    if tier_holds:
        causes.append("tier")
    if use_credit_limit and limit_exceeded(exposure, credit_limit_amount, no_credit):
        causes.append("credit_limit")
    if prepayment_required:
        causes.append("prepayment")
    return tuple(causes)


def override_in_force(override_grade, expiry, as_of):
    """Whether a grade override still holds on ``as_of`` (it lasts through
    its expiry day; no expiry: until lifted)."""
    return bool(override_grade) and (not expiry or expiry >= as_of)
