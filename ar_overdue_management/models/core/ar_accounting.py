"""What the addon's journal entries share."""

from odoo.exceptions import UserError
from odoo.tools import format_amount, format_date


def check_lock_date(company, journal, day, what):
    """Refuse an entry of ``what`` dated ``day`` in a period the user may
    not post in any more (Odoo would move it silently past the lock date)."""
    lock = company._get_user_fiscal_lock_date(journal)
    if day <= lock:
        raise UserError(
            company.env._(
                "The books are locked up to %(lock)s: %(what)s of %(date)s cannot be "
                "booked.",
                lock=format_date(company.env, lock),
                what=what,
                date=format_date(company.env, day),
            )
        )


def post_entry(journal, day, ref, lines):
    """A posted miscellaneous entry in ``journal`` on ``day``: ``lines`` are
    move line values (with ``account_id`` and ``balance``), each labelled
    ``ref``."""
    move = journal.env["account.move"].create(
        {
            "move_type": "entry",
            "journal_id": journal.id,
            "company_id": journal.company_id.id,
            "date": day,
            "ref": ref,
            "line_ids": [(0, 0, {"name": ref, **line}) for line in lines],
        }
    )
    move.action_post()
    return move


def reconcile_with(entry, line):
    """Match ``line`` with the lines of ``entry`` on the same account."""
    (
        entry.line_ids.filtered(lambda own: own.account_id == line.account_id) | line
    ).reconcile()


def format_amounts(env, amounts):
    """Amounts in several currencies in words, in the context's language:
    ``[(amount, currency)]`` gives "3,200.00 € and $ 1,080.00"; amounts of
    zero are left out unless there is only one."""
    shown = [
        (amount, currency)
        for amount, currency in amounts
        if len(amounts) == 1 or not currency.is_zero(amount)
    ]
    return env._(" and ").join(
        format_amount(env, amount, currency) for amount, currency in shown
    )
