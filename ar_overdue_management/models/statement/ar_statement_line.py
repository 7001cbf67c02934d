from odoo import fields, models

KINDS = [
    ("invoice", "Invoice"),
    ("refund", "Credit Note"),
    ("payment", "Payment"),
    ("other", "Other Entry"),
]
LINE_ANSWERS = [("confirmed", "Confirmed"), ("disputed", "Disputed")]


class ArStatementLine(models.Model):
    """One movement of a statement's period: an invoice, a credit note, a
    payment or another entry on the customer's receivable, with the balance
    after it."""

    _name = "ar.statement.line"
    _description = "Statement of Account Movement"
    _order = "statement_id, sequence, id"

    statement_id = fields.Many2one(
        "ar.statement", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="statement_id.company_id", store=True)
    # the movement's own currency: debit, credit and balance are in it
    currency_id = fields.Many2one("res.currency", readonly=True)
    company_currency_id = fields.Many2one(
        related="statement_id.currency_id", string="Company Currency"
    )
    amount_company = fields.Monetary(
        string="Amount (Company Currency)",
        readonly=True,
        currency_field="company_currency_id",
    )
    sequence = fields.Integer(readonly=True)
    move_id = fields.Many2one("account.move", string="Entry", readonly=True)
    date = fields.Date(readonly=True)
    name = fields.Char(string="Reference", readonly=True)
    kind = fields.Selection(KINDS, readonly=True)
    due_date = fields.Date(readonly=True)
    # "Debits" / "Credits": the ledger columns, apart from "Credit" (a
    # customer's creditworthiness), which reads differently in Chinese
    debit = fields.Monetary(string="Debits", readonly=True)
    credit = fields.Monetary(string="Credits", readonly=True)
    balance = fields.Monetary(
        readonly=True,
        help="The balance in the movement's currency after this movement.",
    )
    answer = fields.Selection(LINE_ANSWERS, readonly=True)
    answer_comment = fields.Text(string="Customer's Comment", readonly=True)
