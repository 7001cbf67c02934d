from . import (
    ar_collection_escalate_wizard,
)
