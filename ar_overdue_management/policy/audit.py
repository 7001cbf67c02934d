"""Internal audit by sampling: which cases the auditor checks, and what each
check concludes from the facts the models gather.

The draw is stratified by tier and amount band with proportional
allocation (largest remainders), random within each stratum from a seed
that is recorded, so that the same seed on the same population draws the
same cases.  Some cases are always checked: every case written off in the
period, every case whose customer had a credit hold overridden above the
company's threshold.

Each check is a plain function of the facts of one case; it returns an
``Outcome``: a result ("pass", "fail" or "na", nothing to check) and the
notes behind it as codes with values, which the models put into words.

Plain functions, no Odoo.
"""

import random
from dataclasses import dataclass
from datetime import date, datetime

from .collection import escalation_missing
from .writeoff import levels_for

PASS, FAIL, NA = "pass", "fail", "na"
RESULTS = (PASS, FAIL, NA)

#: Amount bands of the draw, by the case's overdue amount in company
#: currency: key and lower bound, in order.
AMOUNT_BANDS = (
    ("small", 0.0),
    ("medium", 10000.0),
    ("large", 50000.0),
    ("major", 200000.0),
)
BANDS = tuple(key for key, _low in AMOUNT_BANDS)

#: Why a case is in the sample.
DRAWN, WRITTEN_OFF, OVERRIDE = "drawn", "written_off", "override"

#: The checks run on each case, in the order of the checklist.
CHECKS = (
    "record",
    "first_action",
    "stage_deadlines",
    "escalation",
    "letters",
    "promises",
    "writeoff",
    "holds",
)

#: The auditor's finding on a case.
FINDINGS = ("ok", "observation", "exception")
EXCEPTION = "exception"

#: A letter that failed is handled by a later contact or letter that went;
#: a letter made and never sent is missed once its payment deadline passed.
SENT_STATES = ("sent", "printed")
FAILED_STATE = "failed"
#: the credit hold history's event of a document let through a hold
OVERRIDE_EVENT = "override"


class AuditPolicyError(ValueError):
    """Bad input to an audit rule; ``code`` names the rule broken."""

    def __init__(self, code, **values):
        super().__init__(code)
        self.code = code
        self.values = values


@dataclass(frozen=True)
class Outcome:
    """What a check concludes: ``result`` and ``notes``, a tuple of
    ``(code, values)`` pairs that say why."""

    result: str
    notes: tuple = ()


# ----------------------------------------------------------------------
# The draw
# ----------------------------------------------------------------------
def check_draw(size, date_from, date_to):
    """Refuse a draw that cannot be made: no case to draw, or a period that
    ends before it starts."""
    if size is None or size < 1:
        raise AuditPolicyError("size")
    if not date_from or not date_to or date_to < date_from:
        raise AuditPolicyError("period")


def band_of(amount):
    """The amount band of an overdue ``amount`` (company currency)."""
    found = BANDS[0]
    for key, low in AMOUNT_BANDS:
        if amount >= low:
            found = key
    return found


def allocate(sizes, total):
    """Share ``total`` draws among strata in proportion to their
    populations ``sizes`` (``{key: population}``): each stratum gets the
    whole part of its quota, the draws left go to the largest remainders
    (ties: the larger stratum, then the key order).  Never more than a
    stratum holds, never more in all than the population.  Returns
    ``{key: draws}`` for every key."""
    population = sum(max(n, 0) for n in sizes.values())
    total = max(min(total, population), 0)
    if not population or not total:
        return dict.fromkeys(sizes, 0)
    # exact quotas as fractions of the population: no float drift
    wholes, remainders = {}, {}
    for key, count in sizes.items():
        whole, rest = divmod(total * max(count, 0), population)
        wholes[key] = whole
        remainders[key] = rest
    left = total - sum(wholes.values())
    order = sorted(sizes, key=lambda k: (-remainders[k], -sizes[k], _sort_key(k)))
    for key in order[:left]:
        wholes[key] += 1
    return {key: min(wholes[key], max(sizes[key], 0)) for key in sizes}


def _sort_key(key):
    """Keys of strata sort the same whatever their parts (None, ints,
    strings)."""
    parts = key if isinstance(key, tuple) else (key,)
    return tuple((part is None, str(type(part)), part or 0) for part in parts)


def draw(population, size, seed, forced=None):
    """Draw the sample.  ``population``: ``{case id: stratum key}``;
    ``forced``: ``{case id: reason}`` of the cases always checked (they are
    taken out of the strata); ``size``: how many cases in all (the forced
    ones count toward it, and are all kept even beyond it).

    Returns ``(strata, picked)``: ``strata`` is ``[(key, population,
    allocated, drawn ids)]`` in key order, ``picked`` is ``{case id:
    reason}``.  The same seed on the same population gives the same cases:
    each stratum is read in id order and drawn from one generator seeded
    with ``seed``, strata in key order."""
    forced = dict(forced or {})
    groups = {}
    for case_id, key in population.items():
        if case_id not in forced:
            groups.setdefault(key, []).append(case_id)
    sizes = {key: len(ids) for key, ids in groups.items()}
    shares = allocate(sizes, max(size - len(forced), 0))
    rng = random.Random(seed)
    strata, picked = [], dict(forced)
    for key in sorted(groups, key=_sort_key):
        ids = sorted(groups[key])
        chosen = sorted(rng.sample(ids, shares[key]))
        strata.append((key, len(ids), shares[key], chosen))
        picked.update(dict.fromkeys(chosen, DRAWN))
    return strata, picked


def exception_rate(verdicts):
    """Share of the cases whose finding is an exception, in percent (None
    without a case)."""
    verdicts = list(verdicts)
    if not verdicts:
        return None
    return round(100.0 * verdicts.count(EXCEPTION) / len(verdicts), 1)


# ----------------------------------------------------------------------
# The checks
# ----------------------------------------------------------------------
def check_record(entries, problems):
    """The case's record verifies: every entry as it was hashed, none
    removed.  ``problems``: what the verification named."""
    if problems:
        return Outcome(FAIL, tuple(("tampered", {"what": p}) for p in problems))
    return Outcome(PASS, (("whole", {"entries": entries}),))


def check_first_action(deadline, first_action, as_of):
    """The case's first action came by the deadline of the stage it opened
    in (``deadline`` None: the opening deadline is not known)."""
    if not deadline:
        return Outcome(NA, (("no_deadline", {}),))
    values = {"deadline": deadline, "date": first_action}
    if first_action and first_action <= deadline:
        return Outcome(PASS, (("on_time", values),))
    if first_action:
        return Outcome(FAIL, (("late", values),))
    if as_of > deadline:
        return Outcome(FAIL, (("none", values),))
    return Outcome(PASS, (("not_due", values),))


@dataclass(frozen=True)
class StageFacts:
    """One stage a case went through: when it entered it, the deadline of
    its first action, when it left it (None: still in it), the first action
    taken in it, and the first decision recorded in it (a reason)."""

    stage: str
    entered: object
    deadline: object = None
    left: object = None
    first_action: object = None
    reason: object = None


def check_stage_deadlines(stages, as_of):
    """Each stage's first action came by its deadline, or the delay has a
    reason recorded in the stage; a stage left before its deadline with no
    action needed none."""
    notes, failed, judged = [], False, False
    for facts in stages:
        if not facts.deadline:
            continue
        values = {
            "stage": facts.stage,
            "deadline": facts.deadline,
            "date": facts.first_action,
        }
        ended = facts.left or as_of
        if facts.first_action and facts.first_action <= facts.deadline:
            judged = True
            notes.append(("kept", values))
        elif facts.first_action or ended > facts.deadline:
            judged = True
            if facts.reason:
                notes.append(("late_reason", dict(values, reason=facts.reason)))
            else:
                failed = True
                notes.append(("late", values))
        elif facts.left:
            notes.append(("left", values))
        else:
            notes.append(("not_due", values))
    if failed:
        return Outcome(FAIL, tuple(notes))
    return Outcome(PASS if judged else NA, tuple(notes) or (("no_deadline", {}),))


def check_escalation(escalations):
    """Every escalation to legal action or an agency had what it needs on
    its day: three written contacts with the customer's answer and the
    evidence.  ``escalations``: ``[(date, written contacts answered before,
    evidence kinds before)]``."""
    if not escalations:
        return Outcome(NA, (("not_escalated", {}),))
    notes, failed = [], False
    for day, written, kinds in escalations:
        missing = escalation_missing(written, kinds)
        if missing:
            failed = True
            notes.append(("missing", {"date": day, "missing": tuple(missing)}))
        else:
            notes.append(("complete", {"date": day, "written": written}))
    return Outcome(FAIL if failed else PASS, tuple(notes))


def check_letters(letters, actions, as_of):
    """Every letter made for the case went out, or its failure was handled
    by a later contact or letter that went.  ``letters``: ``[(name, state,
    date, payment deadline, last try)]``; ``actions``: days of the contacts
    logged and of the letters sent."""
    if not letters:
        return Outcome(NA, (("no_letter", {}),))
    notes, failed = [], False
    for name, state, day, deadline, last_try in letters:
        if state in SENT_STATES:
            notes.append(("sent", {"letter": name}))
            continue
        if state == FAILED_STATE:
            since = last_try or day
            handled = sorted(a for a in actions if a >= since)
            if handled:
                notes.append(("handled", {"letter": name, "date": handled[0]}))
            else:
                failed = True
                notes.append(("unhandled", {"letter": name, "date": since}))
            continue
        if deadline and as_of > deadline:
            failed = True
            notes.append(("unsent", {"letter": name, "deadline": deadline}))
        else:
            notes.append(("pending", {"letter": name}))
    return Outcome(FAIL if failed else PASS, tuple(notes))


def check_promises(broken, contacts, as_of):
    """Every broken promise was followed up: a contact with the customer
    from the day it broke to the deadline of the stage it moved the case
    to.  ``broken``: ``[(label, day broken, follow-up due)]``;
    ``contacts``: days of the contacts logged."""
    if not broken:
        return Outcome(NA, (("none_broken", {}),))
    notes, failed = [], False
    for label, day, due in broken:
        follow = sorted(c for c in contacts if c >= day and (not due or c <= due))
        values = {"promise": label, "date": day, "deadline": due}
        if follow:
            notes.append(("followed", dict(values, contact=follow[0])))
        elif due and as_of > due:
            failed = True
            notes.append(("not_followed", values))
        else:
            notes.append(("not_due", values))
    return Outcome(FAIL if failed else PASS, tuple(notes))


@dataclass(frozen=True)
class Approval:
    """One level of a write-off's approval route: its name, whether it was
    approved, by whom (user id), and whether that person could decide it
    (a reviewer of the level, in its group)."""

    level: str
    approved: bool
    user: object = None
    reviewer: bool = True


def check_writeoff(requests):
    """Every write-off approved or booked went through every level its
    amount calls for, each approved by a reviewer of the level, none by the
    requester.  ``requests``: ``[(name, requester id, amount for approval,
    [Approval, ...])]``."""
    if not requests:
        return Outcome(NA, (("no_writeoff", {}),))
    notes, failed = [], False
    for name, requester, amount, route in requests:
        found = _approval_problems(name, requester, amount, route)
        failed = failed or bool(found)
        notes.extend(found or [("approved", {"request": name, "levels": len(route)})])
    return Outcome(FAIL if failed else PASS, tuple(notes))


def _approval_problems(name, requester, amount, route):
    """What is wrong with one request's approval route (empty: nothing)."""
    required = len(levels_for(amount))
    approved = [step for step in route if step.approved]
    values = {"request": name}
    problems = []
    if len(route) < required or len(approved) < len(route):
        problems.append(
            (
                "level_missing",
                dict(
                    values,
                    required=max(required, len(route)),
                    approved=len(approved),
                    levels=tuple(s.level for s in route if not s.approved),
                ),
            )
        )
    for step in approved:
        if requester and step.user == requester:
            problems.append(("self_approval", dict(values, level=step.level)))
        elif not step.reviewer:
            problems.append(("not_reviewer", dict(values, level=step.level)))
    return problems


def check_holds(events, held_now=False, logged_on_hold=False):
    """The customer's credit hold was lifted or passed only by a logged
    decision: a manual lift or the release of an invoice that kept the hold
    by a credit manager, a document let through by a person of the override
    group with a reason; and a customer the history leaves on hold is on
    hold (else it was lifted behind the history's back).  ``events``:
    ``[(document, day, authorised, reason, kind)]``, kind "lift",
    "override" or "release"."""
    notes, failed = [], False
    if logged_on_hold and not held_now:
        failed = True
        notes.append(("unlogged_lift", {}))
    for document, day, authorised, reason, kind in events:
        values = {"document": document, "date": day, "kind": kind}
        if not authorised:
            failed = True
            notes.append(("unauthorised", values))
        elif kind == OVERRIDE_EVENT and not (reason or "").strip():
            failed = True
            notes.append(("no_reason", values))
        else:
            notes.append(("logged", dict(values, reason=reason or "")))
    if not notes:
        return Outcome(NA, (("no_event", {}),))
    return Outcome(FAIL if failed else PASS, tuple(notes))


#: how a date is kept in the JSON of a check's notes
DATE_KEY = "__date__"


def notes_to_json(notes):
    """The notes of an outcome as JSON values, kept with the check so that
    its evidence is put into words in the reader's language: dates become
    ``{"__date__": "YYYY-MM-DD"}``, tuples lists."""
    return [[code, _to_json(values)] for code, values in notes]


def notes_from_json(data):
    """The notes written by :func:`notes_to_json`, dates as dates again."""
    return [(code, _from_json(values)) for code, values in data or ()]


def _to_json(value):
    if isinstance(value, dict):
        return {key: _to_json(item) for key, item in value.items()}
    if isinstance(value, tuple | list):
        return [_to_json(item) for item in value]
    if isinstance(value, date):
        day = value.date() if isinstance(value, datetime) else value
        return {DATE_KEY: day.isoformat()}
    return value


def _from_json(value):
    if isinstance(value, dict):
        if set(value) == {DATE_KEY}:
            return date.fromisoformat(value[DATE_KEY])
        return {key: _from_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_from_json(item) for item in value]
    return value
