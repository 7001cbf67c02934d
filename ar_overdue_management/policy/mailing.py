"""Documents mailed to customers (letters, statements): when a failed
e-mail is tried again.  Plain functions, no Odoo."""

from datetime import timedelta


def retry_due(attempts, max_attempts, last_try, as_of, wait_days=1):
    """Whether a document whose e-mail failed is tried again on ``as_of``."""
    if attempts >= max_attempts:
        return False
    return last_try is None or as_of >= last_try + timedelta(days=wait_days)
