from . import (
    ar_writeoff_recovery_wizard,
    ar_writeoff_wizard,
)
