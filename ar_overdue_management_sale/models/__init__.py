from . import (
    account_move,
    ar_partner_credit,
    payment_transaction,
    res_partner,
    sale_order,
)
