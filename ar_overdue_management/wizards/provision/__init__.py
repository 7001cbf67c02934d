from . import (
    ar_provision_wizard,
)
