"""Collection work: promises to pay, repayment plans, stage deadlines,
escalation to legal action and the hash chain that keeps the record whole.

Plain functions, no Odoo: the models gather the facts set-wise and call
them.
"""

import hashlib
import json
from datetime import timedelta

#: What settles a promise: it is kept once what was paid since it was given
#: reaches the amount promised (partial payments add up), broken when its
#: date has passed without that.
OPEN, KEPT, BROKEN = "open", "kept", "broken"

#: Evidence a case needs before it goes to a law firm or an agency.
EVIDENCE_KINDS = ("contract", "invoice", "statement", "contact_log")
#: Written collection records, with the customer's answer, that litigation
#: requires.
WRITTEN_CONTACTS_REQUIRED = 3


class CollectionPolicyError(ValueError):
    """Bad input to a collection rule; ``code`` names the rule broken."""

    def __init__(self, code, **values):
        super().__init__(code)
        self.code = code
        self.values = values


# ----------------------------------------------------------------------
# Promises and grace periods
# ----------------------------------------------------------------------
def check_promise(amount, given, due, kind, max_grace_days, max_promise_days):
    """Refuse a promise that cannot be held to: nothing promised, a date
    before the day it is given, a grace period longer than the tier allows
    (``max_grace_days``: 0 means the tier grants none), a promise further
    away than the company accepts (``max_promise_days``)."""
    if amount <= 0:
        raise CollectionPolicyError("amount")
    if due < given:
        raise CollectionPolicyError("date")
    days = (due - given).days
    if kind == "grace" and days > max_grace_days:
        raise CollectionPolicyError("grace", days=days, max_days=max_grace_days)
    if days > max_promise_days:
        raise CollectionPolicyError("far", days=days, max_days=max_promise_days)


def promise_outcome(promised, paid, due, as_of, precision=0.005):
    """State of a promise of ``promised`` due on ``due`` when ``paid`` was
    received toward it by ``as_of``: kept as soon as it is paid in full,
    broken the day after its date, open meanwhile."""
    if paid >= promised - precision:
        return KEPT
    if as_of > due:
        return BROKEN
    return OPEN


def share_payments(promises, payments):
    """What each of one customer's open promises counts as paid toward it,
    each payment counting for one promise only.  ``promises``: ``[(key,
    first day, last day, amount)]``; ``payments``: ``[(date, amount)]``
    received from the customer.  Promises in order of first day, last day
    and key take the payments inside their window, oldest first, up to their
    amount; what a promise did not need stays for the next.  Returns
    ``{key: paid toward it}``."""
    left = sorted([day, amount] for day, amount in payments if amount > 0)
    paid = {}
    for key, first, last, amount in sorted(promises, key=lambda p: (p[1], p[2], p[0])):
        got = 0.0
        for payment in left:
            if not first <= payment[0] <= last or payment[1] <= 0:
                continue
            take = min(payment[1], amount - got)
            if take <= 0:
                break
            payment[1] -= take
            got += take
        paid[key] = round(got, 6)
    return paid


def promise_active(state, due, as_of):
    """Whether an open promise still covers the customer on ``as_of``."""
    return state == OPEN and due >= as_of


# ----------------------------------------------------------------------
# Repayment plans
# ----------------------------------------------------------------------
def check_plan(instalments, covered, precision=0.005):
    """A plan's instalments ``[(date, amount)]`` must be positive, have a
    date each and add up to the ``covered`` amount."""
    if covered <= 0:
        raise CollectionPolicyError("plan_amount")
    if not instalments:
        raise CollectionPolicyError("plan_empty")
    for date, amount in instalments:
        if not date or amount <= 0:
            raise CollectionPolicyError("plan_line")
    total = sum(amount for _date, amount in instalments)
    if abs(total - covered) > precision:
        raise CollectionPolicyError("plan_total", total=total, covered=covered)


def instalment_states(instalments, paid, as_of, precision=0.005):
    """Spread ``paid`` (received since the plan started) over the
    ``instalments`` ``[(date, amount)]`` in date order.  Returns, in the
    given order, ``[(paid toward it, state)]``; state is "paid", "partial"
    (some paid, not due yet), "due" (nothing paid, not due yet) or
    "missed" (its date passed and it is not paid in full)."""
    order = sorted(range(len(instalments)), key=lambda i: (instalments[i][0], i))
    result = [None] * len(instalments)
    left = paid
    for index in order:
        date, amount = instalments[index]
        share = min(max(left, 0.0), amount)
        left -= share
        if share >= amount - precision:
            state = "paid"
        elif date < as_of:
            state = "missed"
        else:
            state = "partial" if share > precision else "due"
        result[index] = (round(share, 6), state)
    return result


def plan_state(states):
    """A plan is broken by a missed instalment, done once all are paid."""
    if any(state == "missed" for _paid, state in states):
        return "broken"
    if all(state == "paid" for _paid, state in states):
        return "done"
    return "active"


# ----------------------------------------------------------------------
# Stages
# ----------------------------------------------------------------------
#: Where a broken promise or a missed instalment takes a case: one stage up,
#: never by itself into legal action, which needs the evidence.
STAGE_UP = {
    "reminder": "dunning",
    "dunning": "escalated",
    "escalated": "escalated",
    "plan": "escalated",
    "legal": "legal",
}


def stage_after_broken_promise(stage):
    """The stage a broken promise moves a case to."""
    return STAGE_UP.get(stage, stage)


def add_working_days(start, days, working_weekdays, holidays=()):
    """The date ``days`` working days after ``start`` (``start`` itself
    not counted); ``working_weekdays``: Python weekday numbers (Monday 0);
    ``holidays``: dates off.  A calendar with no working day counts every
    day."""
    working = set(working_weekdays) or set(range(7))
    holidays = set(holidays)
    day, left = start, max(days, 0)
    while left:
        day += timedelta(days=1)
        if day.weekday() in working and day not in holidays:
            left -= 1
    return day


def first_action_late(deadline, first_action, as_of):
    """A stage's first action is late once its deadline has passed with no
    action, or when the action came after the deadline."""
    if not deadline:
        return False
    if first_action:
        return first_action > deadline
    return as_of > deadline


# ----------------------------------------------------------------------
# Escalation
# ----------------------------------------------------------------------
def escalation_missing(written_answered, evidence_kinds):
    """What still stops a case from going to a law firm or an agency:
    ``["written_contacts", "contract", ...]``, empty when nothing does."""
    missing = []
    if written_answered < WRITTEN_CONTACTS_REQUIRED:
        missing.append("written_contacts")
    present = set(evidence_kinds)
    missing.extend(kind for kind in EVIDENCE_KINDS if kind not in present)
    return missing


# ----------------------------------------------------------------------
# Monthly confirmation of overdue reasons
# ----------------------------------------------------------------------
def confirmation_period(as_of, day):
    """First day of the month whose confirmation is asked on ``as_of``, or
    None before the month's ``day``."""
    if as_of.day < day:
        return None
    return as_of.replace(day=1)


# ----------------------------------------------------------------------
# The record as evidence
# ----------------------------------------------------------------------
def entry_hash(previous, content):
    """The hash of one entry of a case's record: SHA-256 of the previous
    entry's hash and of the entry's content (a dict of plain values),
    serialized canonically."""
    payload = json.dumps(
        {"previous": previous or "", "content": content},
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
        default=str,
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def verify_chain(entries, length, head):
    """Check a case's record.  ``entries``: ``[(sequence, label, stored
    previous hash, stored hash, content)]`` as found now; ``length`` and
    ``head``: the number of entries and the last hash the case recorded.

    Returns ``[(code, label or sequence)]``, empty when the record is
    whole: "altered" (content no longer matches its hash), "relinked"
    (previous hash does not match the entry before), "missing" (a sequence
    number absent: an entry removed), "truncated" (entries removed at the
    end), "unrecorded" (an entry the case never recorded: added behind its
    back)."""
    problems = []
    by_seq = {entry[0]: entry for entry in entries}
    previous = ""
    for seq in range(1, max(length, max(by_seq, default=0)) + 1):
        entry = by_seq.get(seq)
        if entry is None:
            problems.append(("missing", seq))
            previous = None
            continue
        _seq, label, stored_previous, stored_hash, content = entry
        if seq > length:
            problems.append(("unrecorded", label))
        if previous is not None and stored_previous != previous:
            problems.append(("relinked", label))
        if entry_hash(stored_previous, content) != stored_hash:
            problems.append(("altered", label))
        previous = stored_hash
    last = by_seq.get(length)
    if (
        length
        and (last is None or last[3] != head)
        and not any(code == "missing" and value == length for code, value in problems)
    ):
        problems.append(("truncated", length))
    return problems


def promise_relaxes_hold(
    amount,
    overdue,
    given,
    due,
    max_days,
    relaxing_on_case,
    max_count,
    by_salesperson,
    approved,
):
    """Whether a promise (or grace period) relaxes the customer's tier hold:
    it covers what is overdue, falls due within ``max_days`` of being given,
    is not one too many on its case (``max_count``), and was given by a
    collector who does not sell to the customer, unless a credit manager
    ``approved`` it.  Returns the reason it does not (``None``: it does)."""
    if amount + 0.005 < overdue:
        return "short"
    if (due - given).days > max_days:
        return "far"
    if relaxing_on_case >= max_count:
        return "too_many"
    if by_salesperson and not approved:
        return "salesperson"
    return None
