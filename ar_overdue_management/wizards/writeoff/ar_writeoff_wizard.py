from odoo import api, fields, models


class ArWriteoffWizard(models.TransientModel):
    """Ask for a write-off of an invoice (from the invoice or its case):
    the amount (all or part of what is open), the reason, the evidence."""

    _name = "ar.writeoff.wizard"
    _description = "Request a Write-Off"

    move_id = fields.Many2one(
        "account.move",
        string="Invoice",
        required=True,
        domain="[('move_type', '=', 'out_invoice'), ('state', '=', 'posted'), "
        "('payment_state', 'in', ('not_paid', 'partial'))]",
    )
    currency_id = fields.Many2one(related="move_id.currency_id")
    residual = fields.Monetary(related="move_id.amount_residual", string="Open Amount")
    amount = fields.Monetary(required=True)
    reason = fields.Text(required=True)
    attachment_ids = fields.Many2many("ir.attachment", string="Evidence")

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        model = self.env.context.get("active_model")
        active_id = self.env.context.get("active_id")
        move = self.env["account.move"]
        if model == "account.move" and active_id:
            move = move.browse(active_id)
        elif model == "ar.collection.case" and active_id:
            move = self.env["ar.collection.case"].browse(active_id).invoice_ids[:1]
        if move:
            values.update({"move_id": move.id, "amount": move.amount_residual})
        return values

    @api.onchange("move_id")
    def _onchange_move_id(self):
        self.amount = self.move_id.amount_residual

    def action_request(self):
        self.ensure_one()
        requests = self.env["ar.writeoff.request"]
        request = requests.create(
            {
                "move_id": self.move_id.id,
                "case_id": requests._case_of(self.move_id).id,
                "amount": self.amount,
                "reason": self.reason,
                "attachment_ids": [(6, 0, self.attachment_ids.ids)],
            }
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "ar.writeoff.request",
            "res_id": request.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }
