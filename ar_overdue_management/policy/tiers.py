"""Overdue tiers: validation of a company's tier table and classification.

A tier is described by a :class:`TierSpec`.  ``days_to`` of ``None`` means an
open upper end ("61+").  Tiers are ranked by ``days_from``: the tier that starts
later is the more serious one, whatever its display sequence.
"""

from dataclasses import dataclass
from datetime import date, timedelta

#: Traffic lights of tiers and customers, from no overdue to the worst, with
#: their labels (the selections of tiers, customers and their status).
TRAFFIC_LIGHTS = (
    ("green", "Green"),
    ("yellow", "Yellow"),
    ("orange", "Orange"),
    ("red", "Red"),
)


@dataclass(frozen=True)
class TierSpec:
    """One tier of a company's table, as the rules need it."""

    key: int  # record id (or any hashable identifier)
    name: str
    days_from: int
    days_to: int | None = None  # None: open end
    ratio: float = 0.0  # overdue / open receivable, in percent; 0: unused


class TierTableError(ValueError):
    """A tier table that cannot classify days unambiguously.

    ``code`` says which rule is broken, ``params`` carries the values a
    translated message needs.
    """

    def __init__(self, code, **params):
        super().__init__(code, params)
        self.code = code
        self.params = params


def check_tier(spec):
    """Raise :class:`TierTableError` when one tier is wrong on its own."""
    if spec.days_from is None or spec.days_from < 1:
        raise TierTableError("days_from_positive", name=spec.name)
    if spec.days_to is not None and spec.days_to < spec.days_from:
        raise TierTableError(
            "reversed",
            name=spec.name,
            days_from=spec.days_from,
            days_to=spec.days_to,
        )
    if spec.ratio is not None and not 0.0 <= spec.ratio <= 100.0:
        raise TierTableError("ratio_range", name=spec.name, ratio=spec.ratio)


def check_table(specs):
    """Raise :class:`TierTableError` unless the tiers form one gapless chain.

    The first tier must start at day 1, each next tier the day after the
    previous one ends, and only the last one may be open-ended.
    """
    for spec in specs:
        check_tier(spec)
    ordered = sorted(specs, key=lambda s: (s.days_from, s.key))
    previous = None
    for spec in ordered:
        if previous is None:
            if spec.days_from != 1:
                raise TierTableError(
                    "first_from_one", name=spec.name, days_from=spec.days_from
                )
        else:
            if previous.days_to is None or spec.days_from <= previous.days_to:
                raise TierTableError(
                    "overlap",
                    name=spec.name,
                    other=previous.name,
                    days_from=spec.days_from,
                )
            if spec.days_from > previous.days_to + 1:
                raise TierTableError(
                    "gap",
                    name=spec.name,
                    other=previous.name,
                    gap_from=previous.days_to + 1,
                    gap_to=spec.days_from - 1,
                )
        previous = spec
    return ordered


def rank(specs):
    """Return ``{key: rank}``, rank 1 being the mildest tier."""
    ordered = sorted(specs, key=lambda s: (s.days_from, s.key))
    return {spec.key: index for index, spec in enumerate(ordered, start=1)}


def classify_days(days, specs):
    """Return the tier whose day range holds ``days``, or ``None``.

    Not yet due (``days <= 0``) or past a closed last tier gives ``None``.
    """
    if days is None or days <= 0:
        return None
    for spec in specs:
        if spec.days_from <= days and (spec.days_to is None or days <= spec.days_to):
            return spec
    return None


def next_boundary(due_date, as_of, specs):
    """Return the first date after ``as_of`` on which the tier of a line due
    on ``due_date`` changes, or ``None`` if it never changes again.

    A line enters a tier starting at ``days_from`` on ``due + days_from`` and
    leaves a closed tier on ``due + days_to + 1``.
    """
    candidates = []
    for spec in specs:
        candidates.append(spec.days_from)
        if spec.days_to is not None:
            candidates.append(spec.days_to + 1)
    days = (as_of - due_date).days
    later = [c for c in candidates if c > days]
    if not later:
        return None
    return due_date + timedelta(days=min(later))


def ratio_tier(ratio, specs):
    """Return the most serious tier whose ratio threshold ``ratio`` (percent)
    reaches, or ``None``.  Tiers without a threshold never match."""
    best = None
    for spec in sorted(specs, key=lambda s: (s.days_from, s.key)):
        if spec.ratio and ratio is not None and ratio >= spec.ratio:
            best = spec
    return best


def overdue_ratio(overdue, open_receivable):
    """Overdue amount as a percent of the open receivable (0 when nothing is
    open or the balance is a credit)."""
    if not open_receivable or open_receivable <= 0 or not overdue or overdue <= 0:
        return 0.0
    return min(overdue / open_receivable * 100.0, 100.0)


def customer_tier(invoice_tier_keys, ratio, specs):
    """Return the worst tier of a customer: the most serious of its invoices'
    tiers, lifted to the tier its overdue ratio reaches (only when something
    is overdue, i.e. ``ratio > 0``)."""
    ranks = rank(specs)
    by_key = {spec.key: spec for spec in specs}
    candidates = [by_key[k] for k in invoice_tier_keys if k in by_key]
    if ratio and ratio > 0:
        lifted = ratio_tier(ratio, specs)
        if lifted:
            candidates.append(lifted)
    if not candidates:
        return None
    return max(candidates, key=lambda s: ranks[s.key])


def customer_tier_of(days, ratio, specs):
    """Return the worst tier of a customer whose oldest uncovered debt is
    ``days`` overdue and whose overdue ratio is ``ratio``, or ``None``."""
    spec = classify_days(days, specs)
    return customer_tier([spec.key] if spec else [], ratio, specs)


def days_overdue(due_date, as_of):
    """Whole days between the due date and ``as_of`` (negative: not yet due)."""
    if not due_date:
        return 0
    if not isinstance(as_of, date):
        raise TypeError("as_of must be a date")
    return (as_of - due_date).days


def warning_step(new_rank, notified_rank, stored_rank, below_since, as_of):
    """Decide whether a customer's tier warrants a warning on ``as_of``.

    Ranks: 0 no tier, 1 the mildest.  ``notified_rank`` is the tier its
    owners were last warned about, ``stored_rank`` the tier it was in before
    this refresh, ``below_since`` the first day it was seen below the warned
    tier.  A customer is warned again only after really leaving the warned
    tier, i.e. staying below it over a night: a reset to draft and repost,
    or an unreconcile and reconcile, the same day warns nobody.

    Returns ``(warn, notified rank after, below_since after)``.
    """
    lowered = False
    if below_since is not None and below_since < as_of and stored_rank < notified_rank:
        notified_rank = stored_rank
        lowered = True
    if new_rank > notified_rank:
        return True, new_rank, None
    if new_rank == notified_rank:
        return False, notified_rank, None
    return (
        False,
        notified_rank,
        as_of if lowered or below_since is None else below_since,
    )
