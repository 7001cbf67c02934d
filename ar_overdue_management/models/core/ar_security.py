"""The addon's groups, named once, and the access checks of its buttons."""

from odoo.exceptions import AccessError

COLLECTION_USER_GROUP = "ar_overdue_management.group_ar_collection_user"
COLLECTION_MANAGER_GROUP = "ar_overdue_management.group_ar_collection_manager"
CREDIT_MANAGER_GROUP = "ar_overdue_management.group_ar_credit_manager"
HOLD_OVERRIDE_GROUP = "ar_overdue_management.group_ar_credit_hold_override"
#: who sees a customer's collection documents (cases, letters, statements,
#: write-offs) counted on its form
DOCUMENT_GROUPS = f"{COLLECTION_USER_GROUP},account.group_account_readonly"
#: Receivables are private: only invoicing and accounting users read them (as
#: Odoo's own ``credit``); the Sales glue adds salespeople, for their customers.
RECEIVABLE_GROUPS = "account.group_account_invoice,account.group_account_readonly"


def check_collection_user(env):
    """Refuse the button to anyone outside the collection team."""
    if not env.user.has_group(COLLECTION_USER_GROUP):
        raise AccessError(env._("Only collection users can re-rate customers."))
