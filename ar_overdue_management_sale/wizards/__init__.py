from . import ar_credit_hold_override_wizard
