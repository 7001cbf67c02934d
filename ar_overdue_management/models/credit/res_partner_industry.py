from odoo import fields, models


class ResPartnerIndustry(models.Model):
    _inherit = "res.partner.industry"

    ar_credit_risk = fields.Float(
        string="Credit Risk Coefficient (%)",
        digits=(5, 2),
        default=0.0,
        help="Added on top of the risk of customers of this industry when they "
        "are rated, e.g. 20 to 50 for construction or foreign trade.",
    )

    _sql_constraints = [
        (
            "ar_credit_risk_range",
            "CHECK(ar_credit_risk >= 0 AND ar_credit_risk <= 100)",
            "The credit risk coefficient of an industry must be between 0 and 100%.",
        )
    ]
