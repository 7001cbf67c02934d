from . import ar_overdue_tier
from . import ar_partner_status
from . import ar_aging_report
from . import account_move
from . import account_partial_reconcile
from . import res_company
from . import res_config_settings
from . import res_partner
