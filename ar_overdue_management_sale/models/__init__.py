from . import (
    account_move,
    ar_collection_measure,
    ar_collection_target,
    ar_partner_credit,
    ar_receivable_snapshot,
    payment_transaction,
    res_partner,
    sale_order,
)
