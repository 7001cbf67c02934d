from . import (
    ar_collection_escalate_wizard,
    base_partner_merge_automatic_wizard,
)
