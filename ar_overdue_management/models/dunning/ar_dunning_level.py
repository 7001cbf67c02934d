from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ...policy import tiers as tier_policy
from ..core.standard_texts import installed_langs, translate_standard_texts

SEVERITIES = [
    ("mild", "Friendly Reminder"),
    ("moderate", "Dunning Letter"),
    ("severe", "Final Notice"),
]
#: The letter a tier calls for by its rank (1 the mildest).
SEVERITY_BY_RANK = {1: "mild", 2: "moderate"}


class ArDunningLevel(models.Model):
    """The letter sent to customers that enter a tier: a friendly reminder,
    a formal dunning letter, a final notice before legal action; its
    e-mail, its PDF, the payment deadline and the consequences it states."""

    _name = "ar.dunning.level"
    _description = "Dunning Level"
    _order = "company_id, sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    tier_id = fields.Many2one(
        "ar.overdue.tier",
        required=True,
        ondelete="cascade",
        check_company=True,
        help="Customers entering this tier get this letter, once per case.",
    )
    severity = fields.Selection(SEVERITIES, required=True, default="mild")
    payment_days = fields.Integer(
        string="Pay Within (days)",
        default=10,
        help="The letter asks for payment within this many days of its date.",
    )
    consequences = fields.Text(
        translate=True,
        help="What the customer risks if it does not pay by the deadline. Empty: "
        "the standard text of the severity, in the customer's language.",
    )
    template_id = fields.Many2one(
        "mail.template",
        string="E-mail Template",
        domain="[('model', '=', 'ar.dunning.letter')]",
    )

    _sql_constraints = [
        (
            "tier_uniq",
            "unique(company_id, tier_id)",
            "A tier has one dunning letter.",
        )
    ]

    @api.constrains("payment_days")
    def _check_payment_days(self):
        for level in self:
            if level.payment_days < 1:
                raise ValidationError(
                    self.env._("A letter gives the customer at least one day to pay.")
                )

    @api.model
    def _create_defaults(self, companies):
        """One letter per tier of ``companies`` that has none: by the tier's
        rank, a friendly reminder, a dunning letter or a final notice."""
        existing = set(
            self.with_context(active_test=False)
            .sudo()
            .search([("company_id", "in", companies.ids)])
            .tier_id.ids
        )
        specs = self.env["ar.overdue.tier"]._specs_by_company(companies)
        vals_list = []
        for company in companies:
            ranks = tier_policy.rank(specs.get(company.id, []))
            for tier in company.overdue_tier_ids:
                if tier.id in existing or tier.id not in ranks:
                    continue
                severity = SEVERITY_BY_RANK.get(ranks[tier.id], "severe")
                vals_list.append(self._default_vals(company, tier, severity))
        levels = self.sudo().create(vals_list)
        levels._translate_standard_names(installed_langs(self.env))
        return levels

    def _translate_standard_names(self, langs):
        """Default letter names (their severity's) in ``langs`` where they
        are still standard."""
        translate_standard_texts(
            self,
            "name",
            lambda env: dict(self._fields["severity"]._description_selection(env)),
            langs,
        )

    @api.model
    def _default_vals(self, company, tier, severity):
        template = self.env.ref(
            f"ar_overdue_management.mail_template_dunning_{severity}",
            raise_if_not_found=False,
        )
        names = dict(self._fields["severity"]._description_selection(self.env))
        return {
            "name": names[severity],
            "company_id": company.id,
            "tier_id": tier.id,
            "severity": severity,
            "sequence": tier.sequence,
            "payment_days": 10 if severity != "severe" else 7,
            "template_id": template.id if template else False,
        }

    def _consequences_default(self):
        """The standard consequences of this level's severity, in the
        environment's language (a level without its own text uses them)."""
        self.ensure_one()
        consequences = {
            "mild": self.env._(
                "Without payment by the deadline, a formal payment request will follow."
            ),
            "moderate": self.env._(
                "Without payment by the deadline, further deliveries and credit "
                "may be suspended."
            ),
            "severe": self.env._(
                "Without payment by the deadline, your account will be put on "
                "hold and the debt handed to our lawyers or a collection agency, "
                "at your expense where the law allows."
            ),
        }
        return consequences[self.severity]

    @api.model
    def _create_defaults_all(self):
        """Default letters for every company (install and update)."""
        return self._create_defaults(self.env["res.company"].sudo().search([]))
