from . import (
    ar_provision_rate,
    ar_provision_rate_learn,
    ar_provision_run,
    ar_provision_run_post,
    ar_provision_line,
    ar_provision_run_bucket,
    res_company,
    res_partner_industry,
)
