from . import (
    ar_collection_case_today,
    ar_collection_measure,
    ar_collection_measure_gather,
    ar_collection_measure_line,
    res_company_target,
    res_config_settings_target,
    ar_collection_target,
    ar_collection_target_alert,
    ar_collection_scorecard,
)
