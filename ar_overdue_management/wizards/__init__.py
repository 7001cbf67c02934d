from . import ar_credit_partner_wizard  # the mixin of the next two: first
from . import ar_credit_hold_wizard
from . import ar_credit_override_wizard
from . import ar_credit_hold_override_wizard
from . import ar_overdue_dispute_wizard
from . import ar_collection_escalate_wizard
from . import ar_dunning_send_wizard
from . import ar_statement_wizard
from . import ar_provision_wizard
from . import ar_writeoff_wizard
from . import ar_writeoff_recovery_wizard
