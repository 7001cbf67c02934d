from odoo import fields, models

from .ar_provision_rate import BUCKETS


class ArProvisionLine(models.Model):
    """What one customer requires in one aging bucket of a provision run."""

    _name = "ar.provision.line"
    _description = "Bad-Debt Provision by Customer and Bucket"
    _order = "run_id, partner_id, bucket"

    run_id = fields.Many2one(
        "ar.provision.run", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="run_id.company_id", store=True)
    currency_id = fields.Many2one(related="run_id.currency_id")
    date = fields.Date(related="run_id.date", store=True)
    partner_id = fields.Many2one(
        "res.partner", string="Customer", readonly=True, index=True
    )
    industry_id = fields.Many2one(related="partner_id.industry_id")
    bucket = fields.Selection(BUCKETS, readonly=True)
    amount = fields.Monetary(string="Open Amount", readonly=True)
    rate = fields.Float(
        string="Rate (%)", digits=(5, 2), readonly=True, aggregator="avg"
    )
    required = fields.Monetary(string="Required Allowance", readonly=True)
    capped = fields.Boolean(
        readonly=True,
        help="Less than the rate asks: the customer's allowance is capped at what "
        "it owes net of its unmatched payments and credit notes.",
    )
