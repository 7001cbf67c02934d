"""Bad-debt provision: rates by aging bucket, the industry's surcharge, the
allowance a customer requires, and rates learned from the company's own
history (roll rates between monthly aging buckets).

Plain functions, no Odoo: the models read the ledger set-wise and call
them.
"""

from collections import namedtuple
from decimal import ROUND_HALF_UP, Decimal

#: The provision's buckets, in aging order, and the aging buckets
#: (``policy.aging``) each one gathers.
BUCKET_SELECTION = (
    ("not_due", "Not Due"),
    ("1_30", "1-30 Days"),
    ("31_90", "31-90 Days"),
    ("91_180", "91-180 Days"),
    ("over_180", "Over 180 Days"),
)
BUCKETS = tuple(key for key, _label in BUCKET_SELECTION)
FROM_AGING = {
    "not_due": "not_due",
    "1_30": "1_30",
    "31_60": "31_90",
    "61_90": "31_90",
    "91_180": "91_180",
    "over_180": "over_180",
}
#: The policy's rates, in percent (91-180 is left open by the policy: 50).
DEFAULT_RATES = {
    "not_due": 0.0,
    "1_30": 2.0,
    "31_90": 15.0,
    "91_180": 50.0,
    "over_180": 100.0,
}

#: Coverage ratio (allowance / expected losses) the policy keeps, in percent.
COVERAGE_BAND = (120.0, 150.0)

#: Monthly buckets of the roll-rate history: index 0 is not yet due, 1 is
#: 1-30 days, ... 6 is 151-180 days, 7 is over 180 days (the last: what
#: reaches it is taken as lost unless the history says how much of it was
#: still paid).
MONTHLY = 8
#: provision bucket of each monthly bucket
MONTHLY_TO_BUCKET = (
    "not_due",
    "1_30",
    "31_90",
    "31_90",
    "91_180",
    "91_180",
    "91_180",
    "over_180",
)


class ProvisionPolicyError(ValueError):
    """Bad rates; ``code`` names the rule, ``params`` the values."""

    def __init__(self, code, **params):
        super().__init__(code, params)
        self.code = code
        self.params = params


def check_rate(rate):
    """A rate or a surcharge is a percentage between 0 and 100."""
    if rate is None or rate < 0 or rate > 100:
        raise ProvisionPolicyError("rate_range", rate=rate)


def check_rates(rates):
    """Every bucket has a rate between 0 and 100, never lower than a
    younger bucket's: an older debt is not safer."""
    missing = [bucket for bucket in BUCKETS if bucket not in rates]
    if missing:
        raise ProvisionPolicyError("rate_missing", buckets=missing)
    for bucket in BUCKETS:
        check_rate(rates[bucket])
    for younger, older in zip(BUCKETS, BUCKETS[1:], strict=False):
        if rates[older] < rates[younger]:
            raise ProvisionPolicyError("rate_order", younger=younger, older=older)


def effective_rate(rate, surcharge=0.0):
    """The bucket's rate raised by the industry's surcharge (a high-risk
    industry's rate is ``surcharge`` percent higher), capped at 100."""
    return min(rate * (1.0 + (surcharge or 0.0) / 100.0), 100.0)


def bucket_amounts(aging):
    """``{provision bucket: amount}`` from ``{aging bucket: amount}``."""
    amounts = dict.fromkeys(BUCKETS, 0.0)
    for key, amount in aging.items():
        amounts[FROM_AGING[key]] += amount or 0.0
    return amounts


def round_half_up(value, precision=2):
    """``value`` rounded as an accountant does (half away from zero), from
    its shortest decimal form: 150.225 gives 150.23."""
    quantum = Decimal(1).scaleb(-precision)
    return float(Decimal(repr(value)).quantize(quantum, rounding=ROUND_HALF_UP))


def required_allowance(amounts, rates, surcharge=0.0, precision=2):
    """``{bucket: allowance}`` a customer requires: each bucket's net open
    amount (a net credit requires nothing) at its effective rate."""
    return {
        bucket: round_half_up(
            max(amounts.get(bucket, 0.0), 0.0)
            * effective_rate(rates[bucket], surcharge)
            / 100.0,
            precision,
        )
        for bucket in BUCKETS
    }


def coverage_ratio(allowance, expected_loss):
    """Allowance / expected losses, in percent; None without expected loss."""
    if not expected_loss or expected_loss <= 0:
        return None
    return round(100.0 * allowance / expected_loss, 1)


def coverage_status(ratio, band=COVERAGE_BAND):
    """ "low", "ok" or "high" against the policy's band (None: unknown)."""
    if ratio is None:
        return None
    if ratio < band[0]:
        return "low"
    if ratio > band[1]:
        return "high"
    return "ok"


def monthly_bucket(days_overdue):
    """Index of the monthly bucket of an amount ``days_overdue`` days past
    due (0: not due yet)."""
    if days_overdue <= 0:
        return 0
    return min((days_overdue - 1) // 30 + 1, MONTHLY - 1)


#: What the history says of one monthly bucket over the year: the open
#: amount it held at month ends (``held``) and how much of that was, a
#: month later, still open in an older bucket (``rolled``).
Transition = namedtuple("Transition", "bucket held rolled")


def roll_rates(transitions):
    """``[rate]`` per monthly bucket: the share of its amount that rolled
    into an older bucket a month later, over the history (amount-weighted).
    ``transitions`` count the amounts that left their bucket within the
    month (paid, written off or rolled): an amount still in its bucket a
    month later (not due yet, say) tells nothing yet.  The last bucket's
    rate is the share still open a month later.  A bucket with no history
    rolls entirely (the prudent assumption)."""
    held = [0.0] * MONTHLY
    rolled = [0.0] * MONTHLY
    for bucket, amount, later in transitions:
        held[bucket] += amount
        rolled[bucket] += later
    return [
        min(max(rolled[i] / held[i], 0.0), 1.0) if held[i] > 0 else 1.0
        for i in range(MONTHLY)
    ]


def expected_loss_rates(rolls, written_off_share=None):
    """``[rate in percent]`` per monthly bucket: the chance an amount of that
    bucket ends written off, the product of the roll rates from it to the
    last bucket, times the share of the last bucket that is lost
    (``written_off_share``: learned from write-offs; default all of it)."""
    loss_at_end = 1.0 if written_off_share is None else written_off_share
    rates = [0.0] * MONTHLY
    chance = loss_at_end
    for index in range(MONTHLY - 1, -1, -1):
        if index < MONTHLY - 1:
            chance *= rolls[index]
        rates[index] = round(100.0 * chance, 2)
    return rates


def learned_bucket_rates(loss_rates, held):
    """``{provision bucket: rate}`` from the monthly expected-loss rates,
    each provision bucket's rate weighted by what its monthly buckets held
    in the history (a plain average where they held nothing)."""
    rates = {}
    for bucket in BUCKETS:
        indexes = [i for i in range(MONTHLY) if MONTHLY_TO_BUCKET[i] == bucket]
        weight = sum(held[i] for i in indexes)
        if weight > 0:
            value = sum(loss_rates[i] * held[i] for i in indexes) / weight
        else:
            value = sum(loss_rates[i] for i in indexes) / len(indexes)
        rates[bucket] = round(value, 2)
    return rates
