"""The addon's groups, named once, and the access checks of its buttons."""

from odoo.exceptions import AccessError

COLLECTION_USER_GROUP = "ar_overdue_management.group_ar_collection_user"
COLLECTION_MANAGER_GROUP = "ar_overdue_management.group_ar_collection_manager"
CREDIT_MANAGER_GROUP = "ar_overdue_management.group_ar_credit_manager"
HOLD_OVERRIDE_GROUP = "ar_overdue_management.group_ar_credit_hold_override"
#: internal audit: reads everything of the addon in its companies, changes
#: nothing but its own audit samples
AUDITOR_GROUP = "ar_overdue_management.group_ar_auditor"
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


def first_person(*users):
    """The first of ``users`` that is a person of the company (an active
    internal user, not the superuser, OdooBot, that runs the scheduled
    actions and whose name an invoice made by one carries); without one,
    the first user given, as before."""
    given = [user for user in users if user]
    for user in given:
        if user.active and not user.share and not user._is_superuser():
            return user
    return given[0] if given else users[0].browse()
