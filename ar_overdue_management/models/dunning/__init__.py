from . import (
    ar_dunning_level,
    ar_dunning_letter,
    ar_dunning_letter_line,
    ar_dunning_letter_send,
    res_company,
    res_partner,
)
