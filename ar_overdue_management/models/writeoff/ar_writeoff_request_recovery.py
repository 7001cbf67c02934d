from odoo import api, fields, models

from ...policy import writeoff as writeoff_policy


class ArWriteoffRequest(models.Model):
    """What was recovered of a written-off debt, and the way to book it."""

    _inherit = "ar.writeoff.request"

    recovery_ids = fields.One2many("ar.writeoff.recovery", "request_id", readonly=True)
    recovered_amount = fields.Monetary(
        compute="_compute_recovered",
        store=True,
        currency_field="company_currency_id",
        string="Recovered",
    )
    recovery_rate = fields.Float(
        compute="_compute_recovered",
        store=True,
        digits=(5, 1),
        string="Recovery (%)",
        aggregator="avg",
    )

    @api.depends("recovery_ids.amount", "amount_company")
    def _compute_recovered(self):
        for request in self:
            recovered = sum(request.recovery_ids.mapped("amount"))
            request.recovered_amount = recovered
            request.recovery_rate = (
                writeoff_policy.recovery_rate(recovered, request.amount_company) or 0.0
            )

    def _ar_open_payments(self):
        """The customer's payments (money received: a payment or a bank
        statement line) still open on its receivable."""
        self.ensure_one()
        return self.env["account.move.line"].search(
            [
                ("partner_id.commercial_partner_id", "=", self.partner_id.id),
                ("company_id", "=", self.company_id.id),
                ("account_id.account_type", "=", "asset_receivable"),
                ("parent_state", "=", "posted"),
                ("reconciled", "=", False),
                ("balance", "<", 0),
                "|",
                ("move_id.origin_payment_id", "!=", False),
                ("move_id.statement_line_id", "!=", False),
            ]
        )

    def action_open_recovery(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "ar_overdue_management.ar_writeoff_recovery_wizard_action"
        )
        action["context"] = {"active_id": self.id, "active_model": self._name}
        return action
