from . import (
    ar_forecast_item_mixin,
    ar_forecast_run,
    ar_forecast_run_build,
    ar_forecast_line,
    ar_forecast_accuracy,
    res_company,
    res_partner,
)
