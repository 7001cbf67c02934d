from odoo import api, fields, models
from odoo.exceptions import UserError

INSTALMENT_STATES = [
    ("due", "Due"),
    ("partial", "Partly Paid"),
    ("paid", "Paid"),
    ("missed", "Missed"),
]


class ArCollectionPlanLine(models.Model):
    """One instalment of a repayment plan; its status follows the
    customer's payments."""

    _name = "ar.collection.plan.line"
    _description = "Repayment Plan Instalment"
    _order = "date, id"

    plan_id = fields.Many2one(
        "ar.collection.plan", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="plan_id.company_id", store=True)
    partner_id = fields.Many2one(related="plan_id.partner_id", store=True)
    currency_id = fields.Many2one(related="plan_id.currency_id")
    date = fields.Date(required=True)
    amount = fields.Monetary(required=True, currency_field="currency_id")
    paid_amount = fields.Monetary(readonly=True, currency_field="currency_id")
    state = fields.Selection(
        INSTALMENT_STATES, default="due", required=True, readonly=True
    )
    settled_date = fields.Date(readonly=True, help="Day it was found missed.")

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            for vals in vals_list:
                for name in ("state", "paid_amount", "settled_date"):
                    vals.pop(name, None)
        lines = super().create(vals_list)
        if lines.filtered(lambda line: line.plan_id.state != "draft"):
            raise UserError(
                self.env._("The instalments of an agreed plan cannot be changed.")
            )
        return lines

    def write(self, vals):
        plans = self.plan_id | self.plan_id.browse(vals.get("plan_id"))
        if not self.env.su and (
            set(vals) - {"date", "amount", "plan_id"}
            or plans.filtered(lambda p: p.state != "draft")
        ):
            raise UserError(
                self.env._("The instalments of an agreed plan cannot be changed.")
            )
        return super().write(vals)

    def unlink(self):
        if self.filtered(lambda line: line.plan_id.state != "draft"):
            raise UserError(
                self.env._("The instalments of an agreed plan cannot be deleted.")
            )
        return super().unlink()
