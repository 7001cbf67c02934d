"""Write-off of uncollectible debts: what may be asked, who approves.

Plain functions, no Odoo.
"""

#: The approval matrix the addon ships (a manager edits the tier
#: definitions made from it): every request goes to the collection team
#: lead; above each amount, in company currency, one level more, in order.
DEFAULT_MATRIX = (
    ("team_lead", 0.0),
    ("division_head", 10000.0),
    ("cfo", 50000.0),
    ("president", 200000.0),
)


def check_amount(amount, residual, precision=0.005):
    """A write-off asks for more than nothing and never more than what the
    invoice still owes.  Returns the reason of a refusal, or None."""
    if amount is None or amount <= precision:
        return "not_positive"
    if amount > residual + precision:
        return "above_residual"
    return None


def company_amount(amount, residual, residual_company):
    """``amount`` (in the invoice's currency) in company currency, at the
    rate the invoice's open amount carries."""
    if not residual:
        return 0.0
    return amount * residual_company / residual


#: Requests of the same customer still on their way, approved, or posted
#: within this many days count with a new one for its approval levels, so
#: that splitting a debt into small requests does not skip a level.
BAND_WINDOW_DAYS = 365
OPEN_STATES = ("to_approve", "approved")


def approval_amount(own, others, as_of, window_days=BAND_WINDOW_DAYS):
    """What decides the approval levels of a request of ``own`` (company
    currency): its amount plus the customer's other requests ``others``,
    ``[(state, posted date, amount)]``, that are open or were posted in the
    last ``window_days``."""
    counted = 0.0
    for state, posted, amount in others:
        recent = posted is not None and (as_of - posted).days <= window_days
        if state in OPEN_STATES or (state == "posted" and recent):
            counted += amount
    return own + counted


def levels_for(amount_company, matrix=DEFAULT_MATRIX):
    """The approval levels a request of ``amount_company`` goes through,
    in order."""
    return [level for level, above in matrix if amount_company > above or not above]


def allocate(amount, residuals, precision=0.005):
    """Spread ``amount`` over open ``residuals`` (the invoice's receivable
    lines, oldest due first): each takes what it owes until nothing is
    left.  Returns one share per residual (0 for those not reached)."""
    shares = []
    left = amount
    for residual in residuals:
        share = min(residual, left) if left > precision else 0.0
        shares.append(share)
        left -= share
    return shares


def recovery_rate(recovered, written_off):
    """Recovered / written off, in percent; None with nothing written off."""
    if not written_off:
        return None
    return round(100.0 * recovered / written_off, 1)
