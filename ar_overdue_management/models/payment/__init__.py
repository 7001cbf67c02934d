from . import account_move, ar_dunning_letter, ar_statement
