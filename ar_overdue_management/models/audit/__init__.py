from . import (
    ar_audit_sample,
    ar_audit_sample_draw,
    ar_audit_sample_facts,
    ar_audit_entry_mixin,
    ar_audit_stratum,
    ar_audit_sample_line,
    ar_audit_check,
    ar_audit_finding,
    ar_collection_case,
    ar_writeoff_request,
    res_company,
    res_config_settings,
)
