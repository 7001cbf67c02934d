"""Collection cases: when a customer has one, at which stage it starts, and
who must take part as the debt ages.

The brief's rules: the account owner collects under 3 months; past 3 months
the team leader is informed; past 6 months the collection team must open a
formal case (its own reference).  A case follows the customer's overdue
debt: it opens when the customer enters a tier, stays while anything is
overdue, and closes when nothing is (a later debt opens a new case).
"""

#: The stages of a case, in order, with their labels (the case's selection).
STAGE_SELECTION = (
    ("reminder", "Reminder"),
    ("dunning", "Dunning"),
    ("escalated", "Escalated"),
    ("legal", "Legal or Agency"),
    ("plan", "Repayment Plan"),
    ("closed", "Closed"),
)
STAGES = tuple(key for key, _label in STAGE_SELECTION)
OPEN_STAGES = STAGES[:-1]

#: Days overdue from which the team leader is informed / a formal case is due.
LEADER_DAYS = 90
FORMAL_DAYS = 180

#: Stage a case starts in (or is raised to) by the rank of the customer's
#: tier: 1 the mildest.  A case never goes down by itself.
STAGE_BY_RANK = {1: "reminder", 2: "dunning"}
TOP_AUTOMATIC_STAGE = "escalated"


def case_action(has_open_case, overdue_amount, in_tier):
    """What the daily run does with a customer's case: "open", "update",
    "close" or None (nothing to do)."""
    overdue = bool(in_tier) and overdue_amount > 0
    if overdue:
        return "update" if has_open_case else "open"
    return "close" if has_open_case else None


def stage_for_rank(rank):
    """The stage a tier of ``rank`` calls for (0: no tier, no stage)."""
    if not rank:
        return None
    return STAGE_BY_RANK.get(rank, TOP_AUTOMATIC_STAGE)


def raised_stage(current, wanted):
    """The stage after the tier asks for ``wanted``: only upwards, and never
    out of a stage people chose (legal or agency, repayment plan)."""
    if wanted is None or current in ("legal", "plan"):
        return current
    if current is None:
        return wanted
    return max(current, wanted, key=STAGES.index)


def ownership(days_overdue):
    """Who must take part at ``days_overdue``: "owner" (the account owner
    alone), "leader" (the team leader informed), "formal" (the collection
    team opens a formal case)."""
    if days_overdue > FORMAL_DAYS:
        return "formal"
    if days_overdue > LEADER_DAYS:
        return "leader"
    return "owner"
