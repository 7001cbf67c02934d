from . import (
    ar_overdue_dispute_wizard,
)
