from . import account_move, ar_partner_credit, sale_order
