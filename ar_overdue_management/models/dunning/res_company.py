from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    """Settings of the dunning letters; each new company gets a letter per
    tier."""

    _inherit = "res.company"

    ar_dunning_min_gap_days = fields.Integer(
        string="Days Between Two Letters",
        default=7,
        help="A customer gets no letter within this many days of the last one.",
    )
    ar_dunning_first_contact_days = fields.Integer(
        string="First Letter Within (working days)",
        default=5,
        help="The first letter goes at the latest this many working days after "
        "the case opened, even when the customer's payment habit would have it "
        "wait.",
    )
    ar_dunning_habit_lead_days = fields.Integer(
        string="Remind Before Usual Payment (days)",
        default=3,
        help="The friendly reminder goes this many days before the day the "
        "customer usually pays (learned from its payments); 0: no waiting.",
    )
    ar_dunning_level_ids = fields.One2many(
        "ar.dunning.level", "company_id", string="Dunning Letters"
    )

    @api.constrains(
        "ar_dunning_min_gap_days",
        "ar_dunning_first_contact_days",
        "ar_dunning_habit_lead_days",
    )
    def _check_dunning_gap(self):
        if any(
            min(
                company.ar_dunning_min_gap_days,
                company.ar_dunning_first_contact_days,
                company.ar_dunning_habit_lead_days,
            )
            < 0
            for company in self
        ):
            raise ValidationError(
                self.env._("The gap between letters cannot be negative.")
            )

    @api.model_create_multi
    def create(self, vals_list):
        companies = super().create(vals_list)
        self.env["ar.dunning.level"]._create_defaults(companies)
        return companies

    def _ar_overdue_translate_defaults(self, langs):
        """The letters' standard names too."""
        res = super()._ar_overdue_translate_defaults(langs)
        self.env["ar.dunning.level"].sudo().with_context(active_test=False).search(
            [("company_id", "in", self.ids)]
        )._translate_standard_names(langs)
        return res
