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


def customer_owed(amounts):
    """What a customer owes, net of its credits (unmatched payments and
    credit notes count against its debts, whatever their bucket); a
    credit balance owes nothing."""
    return max(sum(amount or 0.0 for amount in amounts.values()), 0.0)


def cap_allowance(required, owed, precision=2):
    """``{bucket: allowance}`` capped at ``owed``, what the customer owes
    net of its credits: no customer requires more allowance than it owes.
    The cap keeps the allowance of the oldest buckets and cuts the youngest
    first (the prudent side: the oldest debts are the likeliest lost)."""
    left = max(round_half_up(owed, precision), 0.0)
    capped = {}
    for bucket in reversed(BUCKETS):
        part = min(required.get(bucket, 0.0), left)
        capped[bucket] = round(part, precision)
        left = round(left - capped[bucket], precision)
    return {bucket: capped[bucket] for bucket in BUCKETS}


# ---------------------------------------------------------------------------
# How much history is behind a learned rate
# ---------------------------------------------------------------------------
#: The company's default minimum history behind a learned rate.
DEFAULT_MIN_HISTORY_MONTHS = 6
DEFAULT_MIN_HISTORY_INVOICES = 20
#: The history read by "Learn from History": twelve month-to-month moves.
HISTORY_MONTHS = 12

#: One invoice seen leaving a monthly bucket: the monthly bucket, the
#: month (its index in the history) and the invoice.
Observation = namedtuple("Observation", "bucket month invoice")
#: The history behind a provision bucket: distinct months and invoices.
History = namedtuple("History", "months invoices")

#: Where the rate a run uses comes from.
ORIGIN_SELECTION = (
    ("fixed", "Fixed Rate"),
    ("learned", "Learned Rate"),
    ("fallback", "Fixed Rate (Thin History)"),
)


def check_history_minimum(months, invoices):
    """The minimum history is a number of months the learning reads (0 to
    twelve) and a number of invoices (0 or more)."""
    if months is None or months < 0 or months > HISTORY_MONTHS:
        raise ProvisionPolicyError(
            "history_months", months=months, maximum=HISTORY_MONTHS
        )
    if invoices is None or invoices < 0:
        raise ProvisionPolicyError("history_invoices", invoices=invoices)


def bucket_history(observations):
    """``{provision bucket: History}``: the distinct months and invoices
    seen leaving the bucket's monthly buckets in the history."""
    months = {bucket: set() for bucket in BUCKETS}
    invoices = {bucket: set() for bucket in BUCKETS}
    for monthly, month, invoice in observations:
        bucket = MONTHLY_TO_BUCKET[monthly]
        months[bucket].add(month)
        invoices[bucket].add(invoice)
    return {
        bucket: History(len(months[bucket]), len(invoices[bucket]))
        for bucket in BUCKETS
    }


def rate_chain(bucket):
    """The provision buckets whose history a bucket's learned rate rests
    on: its own and the older ones whose roll rates it multiplies (the last
    bucket's rate is the share lost, not a roll)."""
    if bucket == BUCKETS[-1]:
        return (bucket,)
    first = MONTHLY_TO_BUCKET.index(bucket)
    chain = []
    for monthly in range(first, MONTHLY - 1):
        if MONTHLY_TO_BUCKET[monthly] not in chain:
            chain.append(MONTHLY_TO_BUCKET[monthly])
    return tuple(chain)


def thin_history(history, min_months, min_invoices):
    """``{bucket: short bucket}`` for each bucket whose learned rate rests
    on less history than the company asks for; the short bucket is the
    bucket itself or the older one whose history is too thin."""
    short = {
        bucket
        for bucket in BUCKETS
        if history[bucket].months < min_months
        or history[bucket].invoices < min_invoices
    }
    thin = {}
    for bucket in BUCKETS:
        for link in rate_chain(bucket):
            if link in short:
                thin[bucket] = link
                break
    return thin


def rates_in_use(fixed, learned, thin, source):
    """``({bucket: rate}, {bucket: origin})``: the fixed rates, or the
    learned ones where enough history is behind them and the fixed rate
    where it is thin (origin ``fallback``)."""
    rates, origins = {}, {}
    for bucket in BUCKETS:
        if source != "learned":
            rates[bucket], origins[bucket] = fixed[bucket], "fixed"
        elif bucket in thin:
            rates[bucket], origins[bucket] = fixed[bucket], "fallback"
        else:
            rates[bucket], origins[bucket] = learned[bucket], "learned"
    return rates, origins
