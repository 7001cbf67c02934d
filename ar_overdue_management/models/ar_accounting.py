"""What the addon's journal entries share."""

from odoo.exceptions import UserError


def check_lock_date(company, journal, day, what):
    """Refuse an entry of ``what`` dated ``day`` in a period the user may
    not post in any more (Odoo would move it silently past the lock date)."""
    lock = company._get_user_fiscal_lock_date(journal)
    if day <= lock:
        raise UserError(
            company.env._(
                "The books are locked up to %(lock)s: %(what)s of %(date)s cannot be "
                "booked.",
                lock=lock,
                what=what,
                date=day,
            )
        )
