from . import (
    ar_statement_wizard,
)
