from . import (
    ar_collection_case_today,
    ar_collection_measure,
    ar_collection_measure_gather,
    ar_collection_measure_line,
)
