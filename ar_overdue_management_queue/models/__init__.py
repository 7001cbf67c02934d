from . import ar_job_planner
from . import account_move
from . import ar_dunning_letter
from . import ar_statement
from . import ar_partner_credit
from . import ar_provision_run
from . import res_config_settings
