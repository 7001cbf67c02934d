from . import (
    ar_statement,
    ar_statement_line,
    ar_statement_balance,
    ar_statement_build,
    ar_statement_answer,
    ar_statement_schedule,
    res_company,
    res_partner,
)
