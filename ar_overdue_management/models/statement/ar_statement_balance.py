from odoo import fields, models


class ArStatementBalance(models.Model):
    """A statement's balances in one currency the customer was invoiced in:
    what was owed in that currency when the period began and when it ended.
    The movements of that currency lead from one to the other."""

    _name = "ar.statement.balance"
    _description = "Statement of Account Balance per Currency"
    _order = "statement_id, sequence, id"

    statement_id = fields.Many2one(
        "ar.statement", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="statement_id.company_id", store=True)
    sequence = fields.Integer(readonly=True)
    currency_id = fields.Many2one("res.currency", required=True, readonly=True)
    opening_balance = fields.Monetary(readonly=True)
    closing_balance = fields.Monetary(readonly=True)
