from . import (
    ar_receivable_snapshot,
    ar_customer_month,
    ar_partner_status,
    res_company,
)
