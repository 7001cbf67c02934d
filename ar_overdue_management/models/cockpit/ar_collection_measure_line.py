from odoo import fields, models


class ArCollectionMeasureLine(models.TransientModel):
    """One unit (the company, a collector, a country...) of the collection
    measures: its figures, and its measures as they read ("—" when
    undefined)."""

    _name = "ar.collection.measure.line"
    _description = "Collection Measures of a Unit"
    _order = "sequence, id"

    measure_id = fields.Many2one(
        "ar.collection.measure", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="measure_id.company_id", store=True)
    currency_id = fields.Many2one(related="measure_id.company_id.currency_id")
    sequence = fields.Integer()
    name = fields.Char(string="Unit", required=True)
    credit_sales = fields.Monetary(help="Invoices less credit notes of the period.")
    closing_receivable = fields.Monetary(string="Receivable at End")
    overdue_collected = fields.Monetary()
    written_off = fields.Monetary()
    dso = fields.Char(string="DSO (days)")
    best_dso = fields.Char(string="Best Possible DSO (days)")
    add = fields.Char(string="Average Days Delinquent")
    cei = fields.Char(string="CEI (%)")
    recovery_rate = fields.Char()
    bad_debt_rate = fields.Char()
    on_time_rate = fields.Char(string="Actions on Time")
    promise_kept_rate = fields.Char(string="Promises Kept")
    dispute_rate = fields.Char()
    dispute_age = fields.Char(string="Average Dispute Age (days)")
    letters_sent = fields.Integer()
    letters_failed = fields.Integer(string="Letters Not Sent")
    statements_confirmed = fields.Integer()
    statements_disputed = fields.Integer()
    statements_unanswered = fields.Integer()
