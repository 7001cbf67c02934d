from odoo import fields, models


class ArWriteoffReviewLog(models.Model):
    """One decision on a write-off request: which submission, which level,
    who, approved or rejected, with the comment.  Kept when the request is
    corrected and submitted again."""

    _name = "ar.writeoff.review.log"
    _description = "Write-Off Approval History"
    _order = "request_id, id"

    request_id = fields.Many2one(
        "ar.writeoff.request", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="request_id.company_id", store=True)
    currency_id = fields.Many2one(related="request_id.currency_id")
    round = fields.Integer(string="Submission", readonly=True)
    sequence = fields.Integer(string="Order", readonly=True)
    level = fields.Char(readonly=True)
    decision = fields.Selection(
        [("approved", "Approved"), ("rejected", "Rejected")], readonly=True
    )
    user_id = fields.Many2one("res.users", string="By", readonly=True)
    date = fields.Datetime(default=fields.Datetime.now, readonly=True)
    comment = fields.Char(readonly=True)
    amount = fields.Monetary(readonly=True)
