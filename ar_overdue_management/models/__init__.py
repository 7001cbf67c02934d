from . import (
    account_move,
    account_partial_reconcile,
    ar_aging_report,
    ar_credit_grade_policy,
    ar_credit_rating,
    ar_overdue_tier,
    ar_partner_credit,
    ar_partner_status,
    res_company,
    res_config_settings,
    res_partner,
    res_partner_industry,
)
