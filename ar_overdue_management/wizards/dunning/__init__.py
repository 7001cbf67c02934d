from . import (
    ar_dunning_send_wizard,
)
