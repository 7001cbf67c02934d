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


def levels_for(amount_company, matrix=DEFAULT_MATRIX):
    """The approval levels a request of ``amount_company`` goes through,
    in order."""
    return [level for level, above in matrix if amount_company > above or not above]


def recovery_rate(recovered, written_off):
    """Recovered / written off, in percent; None with nothing written off."""
    if not written_off:
        return None
    return round(100.0 * recovered / written_off, 1)
