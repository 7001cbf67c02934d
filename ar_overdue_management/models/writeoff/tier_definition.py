from odoo import fields, models


class TierDefinition(models.Model):
    """The approval levels of write-offs are the addon's data: their names
    ("Collection team lead", "CFO (above 50,000)") are shown on the request
    (the next level, the reviews) and read in the user's language."""

    _inherit = "tier.definition"

    name = fields.Char(translate=True)
