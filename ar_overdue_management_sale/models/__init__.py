from . import account_move
from . import sale_order
from . import ar_partner_credit
