from odoo import fields, models

KINDS = [("debt", "Overdue"), ("credit", "Unapplied Credit")]


class ArDunningLetterLine(models.Model):
    """One open item listed on a dunning letter, as it stood then: an
    overdue amount of an invoice, or a payment or credit note not yet
    applied that the letter deducts; in its own currency, with its value in
    company currency."""

    _name = "ar.dunning.letter.line"
    _description = "Dunning Letter Invoice"
    _order = "kind desc, due_date, id"  # the debts, then the credits

    letter_id = fields.Many2one(
        "ar.dunning.letter", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="letter_id.company_id", store=True)
    move_id = fields.Many2one("account.move", string="Document", readonly=True)
    move_line_id = fields.Many2one(
        "account.move.line", string="Journal Item", readonly=True
    )
    kind = fields.Selection(KINDS, readonly=True, default="debt")
    name = fields.Char(string="Number", readonly=True)
    invoice_date = fields.Date(readonly=True)
    due_date = fields.Date(readonly=True)
    days_overdue = fields.Integer(readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    amount_residual = fields.Monetary(
        string="Open Amount", readonly=True, currency_field="currency_id"
    )
    company_currency_id = fields.Many2one(
        related="letter_id.currency_id", string="Company Currency"
    )
    amount_company = fields.Monetary(
        string="Open Amount (Company Currency)",
        readonly=True,
        currency_field="company_currency_id",
    )
