from odoo import fields, models

from ...policy import provision as provision_policy

BUCKETS = list(provision_policy.BUCKET_SELECTION)
ORIGINS = list(provision_policy.ORIGIN_SELECTION)


class ArProvisionRunBucket(models.Model):
    """The rates one aging bucket of a provision run used and where they
    came from: the policy's fixed rate, the learned rate, or the fixed rate
    in place of a learned rate with too little history behind it."""

    _name = "ar.provision.run.bucket"
    _description = "Bad-Debt Provision Rate by Bucket"
    _order = "run_id, sequence"

    run_id = fields.Many2one(
        "ar.provision.run", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="run_id.company_id", store=True)
    currency_id = fields.Many2one(related="run_id.currency_id")
    sequence = fields.Integer(readonly=True)
    bucket = fields.Selection(BUCKETS, readonly=True)
    amount = fields.Monetary(string="Open Amount", readonly=True)
    rate = fields.Float(
        string="Rate Used (%)",
        digits=(5, 2),
        readonly=True,
        help="The rate of the allowance, before an industry's surcharge.",
    )
    rate_origin = fields.Selection(ORIGINS, string="Source", readonly=True)
    required = fields.Monetary(string="Required Allowance", readonly=True)
    learned_rate = fields.Float(string="Learned Rate (%)", digits=(5, 2), readonly=True)
    history_months = fields.Integer(string="History (Months)", readonly=True)
    history_invoices = fields.Integer(string="History (Invoices)", readonly=True)
    loss_rate = fields.Float(
        string="Expected-Loss Rate (%)",
        digits=(5, 2),
        readonly=True,
        help="The rate of the expected loss: the learned rate, or the fixed rate "
        "where the learned one has too little history behind it.",
    )
    loss_origin = fields.Selection(
        ORIGINS, string="Expected-Loss Source", readonly=True
    )
    note = fields.Char(readonly=True)
