"""What a customer owes: one summary of its open receivable items.

Every screen and rule reads the same figures from :func:`summarize`: the
customer form, the overdue tiers of customers, warnings, holds and the credit
rating.  Two rules shape them:

* **Due date.** An open item is due on its due date, or on its entry date when
  it has none (an opening balance entered as a journal entry), as Odoo's own
  ``date_maturity or date``.  :func:`due_date_of` says so once.
* **Money already received is not chased.** Unapplied credits (customer
  payments and credit notes not matched yet, whatever their date) settle the
  oldest undisputed debts first.  What is overdue is what is left of the
  overdue debts afterwards; a customer whose net open balance is zero or
  negative has nothing overdue.
"""

from dataclasses import dataclass, field
from datetime import date

from . import aging


def due_date_of(date_maturity, entry_date):
    """The date an open item falls due: its due date, else its entry date."""
    return date_maturity or entry_date


@dataclass(frozen=True)
class OpenItem:
    """Open amounts of one customer sharing a due date (company currency).

    ``amount`` is positive for a debt, negative for an unapplied credit;
    ``disputed_moves`` are the ids of disputed invoices among them.
    """

    due: date
    amount: float
    disputed: bool = False
    disputed_moves: frozenset = frozenset()


@dataclass(frozen=True)
class Summary:
    open_amount: float = 0.0  # net open balance
    overdue_amount: float = 0.0  # overdue debts not covered by credits
    gross_overdue: float = 0.0  # overdue undisputed debts before credits
    unapplied_credit: float = 0.0  # credits waiting to be matched (positive)
    disputed_amount: float = 0.0
    disputed_count: int = 0
    oldest_due: date | None = None  # oldest overdue debt still uncovered
    buckets: dict = field(default_factory=dict)

    @property
    def ratio(self):
        """Overdue amount as a percent of the net open balance."""
        return overdue_ratio(self.overdue_amount, self.open_amount)

    def days_overdue(self, as_of):
        """Days since the oldest uncovered overdue debt fell due (0: none)."""
        return (as_of - self.oldest_due).days if self.oldest_due else 0


def overdue_ratio(overdue, open_receivable):
    """Overdue amount as a percent of the open receivable (0 when nothing is
    open or the balance is a credit)."""
    if not open_receivable or open_receivable <= 0 or not overdue or overdue <= 0:
        return 0.0
    return min(overdue / open_receivable * 100.0, 100.0)


def allocate_credits(debts, credit):
    """Settle ``credit`` (a positive amount) against ``debts``, a list of
    ``(due, amount)``, oldest first.  Returns what is left of each debt, in
    due-date order, fully settled ones dropped."""
    left = []
    for due, amount in sorted(debts, key=lambda d: d[0]):
        covered = min(max(credit, 0.0), amount)
        credit -= covered
        if amount - covered > 1e-9:
            left.append((due, amount - covered))
    return left


def summarize_totals(
    open_amount,
    unapplied_credit,
    overdue_debts,
    as_of,
    disputed_amount=0.0,
    disputed_count=0,
    buckets=None,
    rounding=2,
):
    """Summary of a customer from its totals: the net open balance, the
    unapplied credit (positive), and ``overdue_debts``, the ``(due, amount)``
    of its undisputed debts already due.  Credits settle the oldest debts
    first, and every overdue debt is older than any debt not due yet: the
    debts not due never need listing."""
    overdue_debts = [(due, amount) for due, amount in overdue_debts if due < as_of]
    uncovered = allocate_credits(overdue_debts, unapplied_credit)
    return Summary(
        open_amount=round(open_amount, rounding),
        overdue_amount=round(sum(amount for _due, amount in uncovered), rounding),
        gross_overdue=round(sum(amount for _due, amount in overdue_debts), rounding),
        unapplied_credit=round(unapplied_credit, rounding),
        disputed_amount=round(disputed_amount, rounding),
        disputed_count=disputed_count,
        oldest_due=uncovered[0][0] if uncovered else None,
        buckets={k: round(v, rounding) for k, v in (buckets or {}).items()},
    )


def summarize(items, as_of, rounding=2):
    """Summarize the open items of one customer as of ``as_of``, aging
    buckets included."""
    items = list(items)
    disputed_moves = set()
    for item in items:
        disputed_moves |= item.disputed_moves
    return summarize_totals(
        open_amount=sum(i.amount for i in items),
        unapplied_credit=-sum(i.amount for i in items if i.amount < 0),
        overdue_debts=[
            (i.due, i.amount) for i in items if i.amount > 0 and not i.disputed
        ],
        as_of=as_of,
        disputed_amount=sum(i.amount for i in items if i.disputed),
        disputed_count=len(disputed_moves),
        buckets=aging.aggregate([(i.due, i.amount) for i in items], as_of),
        rounding=rounding,
    )
