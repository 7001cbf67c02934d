from . import (
    ar_credit_partner_wizard,
    ar_credit_hold_override_wizard,
    ar_credit_hold_wizard,
    ar_credit_override_wizard,
)
