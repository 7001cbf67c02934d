from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ...policy import provision as provision_policy

BUCKETS = list(provision_policy.BUCKET_SELECTION)


class ArProvisionRate(models.Model):
    """The bad-debt provision rate of an aging bucket in a company: the
    policy's fixed rate, and beside it the rate learned from the company's
    own history, so finance chooses which to book."""

    _name = "ar.provision.rate"
    _description = "Bad-Debt Provision Rate"
    _order = "company_id, sequence"
    _check_company_auto = True

    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda s: s.env.company
    )
    bucket = fields.Selection(BUCKETS, required=True, readonly=True)
    sequence = fields.Integer(readonly=True)
    rate = fields.Float(
        string="Policy Rate (%)",
        digits=(5, 2),
        required=True,
        help="Share of the bucket's open amount the allowance must cover.",
    )
    learned_rate = fields.Float(
        string="Learned Rate (%)",
        digits=(5, 2),
        readonly=True,
        help="Expected loss of the bucket from the roll rates of the last twelve "
        "months (Learn from History).",
    )
    learned_date = fields.Date(string="Learned On", readonly=True)
    learned_months = fields.Integer(
        string="History (Months)",
        readonly=True,
        help="Months in which the history saw amounts leave this bucket.",
    )
    learned_invoices = fields.Integer(
        string="History (Invoices)",
        readonly=True,
        help="Invoices the history saw leave this bucket.",
    )

    _sql_constraints = [
        (
            "company_bucket_uniq",
            "unique(company_id, bucket)",
            "A company has one rate per aging bucket.",
        )
    ]

    @api.constrains("rate", "company_id")
    def _check_rates(self):
        for company in self.company_id:
            rates = self.search([("company_id", "=", company.id)])
            try:
                provision_policy.check_rates({r.bucket: r.rate for r in rates})
            except provision_policy.ProvisionPolicyError as error:
                raise ValidationError(self._rate_error(error)) from error

    def _rate_error(self, error):
        if error.code == "rate_order":
            labels = dict(BUCKETS)
            return self.env._(
                "The rate of %(older)s cannot be lower than that of %(younger)s: "
                "an older debt is not safer.",
                older=labels[error.params["older"]],
                younger=labels[error.params["younger"]],
            )
        if error.code == "rate_missing":
            return self.env._("Every aging bucket needs a rate.")
        return self.env._("A provision rate is a percentage between 0 and 100.")

    @api.model
    def _create_defaults(self, companies):
        """The policy's rates for the companies that have none."""
        have = set(
            self.sudo().search([("company_id", "in", companies.ids)]).company_id.ids
        )
        vals = [
            {
                "company_id": company.id,
                "bucket": bucket,
                "sequence": index,
                "rate": provision_policy.DEFAULT_RATES[bucket],
            }
            for company in companies
            if company.id not in have
            for index, bucket in enumerate(provision_policy.BUCKETS)
        ]
        return self.sudo().create(vals)

    @api.model
    def _create_defaults_all(self):
        return self._create_defaults(self.env["res.company"].search([]))

    @api.model
    def _history_of(self, company):
        """``{bucket: policy.provision.History}`` behind the learned rates
        of ``company``."""
        rates = self.sudo().search([("company_id", "=", company.id)])
        return {
            r.bucket: provision_policy.History(r.learned_months, r.learned_invoices)
            for r in rates
        }

    @api.model
    def _rates_of(self, company, source="fixed"):
        """``{bucket: rate}`` of ``company``, fixed or learned."""
        rates = self.sudo().search([("company_id", "=", company.id)])
        field = "learned_rate" if source == "learned" else "rate"
        return {r.bucket: r[field] for r in rates}

    def action_learn(self):
        """Learn the rates of the companies shown from their history."""
        self.env["ar.provision.run"]._check_provision_manager()
        today = fields.Date.context_today(self)
        for company in self.company_id or self.env.company:
            self._provision_learn(company, today)
        return True
