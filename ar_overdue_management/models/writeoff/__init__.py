from . import (
    ar_writeoff_request,
    ar_writeoff_request_approval,
    ar_writeoff_request_post,
    ar_writeoff_review_log,
    ar_writeoff_recovery,
    ar_writeoff_request_recovery,
    ar_writeoff_period,
    account_payment,
    tier_definition,
    tier_review,
    res_company,
    res_partner,
)
