from odoo import api, fields, models


class ArWriteoffRecoveryWizard(models.TransientModel):
    """Book money received after a write-off as recovery income."""

    _name = "ar.writeoff.recovery.wizard"
    _description = "Record a Bad-Debt Recovery"

    request_id = fields.Many2one("ar.writeoff.request", required=True)
    partner_id = fields.Many2one(related="request_id.partner_id")
    company_id = fields.Many2one(related="request_id.company_id")
    currency_id = fields.Many2one(related="request_id.company_currency_id")
    payment_line_id = fields.Many2one(
        "account.move.line",
        string="Payment",
        required=True,
        domain="[('partner_id.commercial_partner_id', '=', partner_id), "
        "('company_id', '=', company_id), ('account_id.account_type', '=', 'asset_receivable'), "
        "('parent_state', '=', 'posted'), ('reconciled', '=', False), ('balance', '<', 0)]",
    )
    amount = fields.Monetary(required=True)

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        request = self.env["ar.writeoff.request"].browse(
            self.env.context.get("active_id")
        )
        if request.exists():
            values["request_id"] = request.id
            payment = request._ar_open_payments()[:1]
            if payment and "payment_line_id" not in values:
                left = request.amount_company - request.recovered_amount
                values["payment_line_id"] = payment.id
                values["amount"] = min(-payment.amount_residual, left)
        return values

    def action_record(self):
        self.ensure_one()
        self.env["ar.writeoff.recovery"]._record(
            self.request_id, self.payment_line_id, self.amount
        )
        return {"type": "ir.actions.act_window_close"}
