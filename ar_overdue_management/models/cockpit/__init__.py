from . import ar_collection_case_today
