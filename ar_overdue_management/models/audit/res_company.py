from odoo import fields, models

#: Credit-hold overrides above this amount (company currency) put their
#: customer's case into every audit sample of the period.
DEFAULT_OVERRIDE_THRESHOLD = 10000.0


class ResCompany(models.Model):
    """What an internal audit always checks, whatever the draw."""

    _inherit = "res.company"

    ar_audit_override_threshold = fields.Monetary(
        string="Audit Every Hold Override Above",
        currency_field="currency_id",
        default=DEFAULT_OVERRIDE_THRESHOLD,
        help="A document let through a credit hold for more than this amount "
        "(company currency, taxes included) puts its customer's case into every "
        "audit sample of the period, besides the cases drawn.",
    )
