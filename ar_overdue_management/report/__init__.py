from . import report_dunning_letter, report_ar_statement
