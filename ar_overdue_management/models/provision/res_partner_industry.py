from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResPartnerIndustry(models.Model):
    """A high-risk industry's customers are provided for at higher rates."""

    _inherit = "res.partner.industry"

    ar_provision_surcharge = fields.Float(
        string="Provision Surcharge (%)",
        digits=(5, 2),
        help="The provision rates of this industry's customers are this much "
        "higher (30: a 2 % rate becomes 2.6 %), never above 100 %.",
    )

    @api.constrains("ar_provision_surcharge")
    def _check_provision_surcharge(self):
        for industry in self:
            if not 0 <= industry.ar_provision_surcharge <= 100:
                raise ValidationError(
                    self.env._(
                        "The provision surcharge of %(industry)s is a percentage "
                        "between 0 and 100.",
                        industry=industry.name,
                    )
                )
