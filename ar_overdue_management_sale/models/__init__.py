from . import account_move, ar_partner_credit, payment_transaction, sale_order
