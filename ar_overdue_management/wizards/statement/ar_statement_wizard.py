from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from ...models.core.ar_security import COLLECTION_USER_GROUP
from ...policy import statement as statement_policy


class ArStatementWizard(models.TransientModel):
    """A statement of account for any period, on demand, for the selected
    customers: made to check, or made and e-mailed at once."""

    _name = "ar.statement.wizard"
    _description = "Make Statements of Account"

    partner_ids = fields.Many2many("res.partner", string="Customers", required=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    date_from = fields.Date(string="From", required=True)
    date_to = fields.Date(string="To", required=True)
    statement_ids = fields.Many2many("ar.statement", string="Statements", readonly=True)

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        today = fields.Date.context_today(self)
        first, last = statement_policy.previous_period("monthly", today)
        values.setdefault("date_from", first)
        values.setdefault("date_to", last)
        if self.env.context.get("active_model") == "res.partner":
            partners = self.env["res.partner"].browse(
                self.env.context.get("active_ids") or []
            )
            values["partner_ids"] = [(6, 0, partners.commercial_partner_id.ids)]
        return values

    def _make(self):
        self.ensure_one()
        if not self.env.su and not self.env.user.has_group(COLLECTION_USER_GROUP):
            raise AccessError(
                self.env._("Only collection users make statements of account.")
            )
        if not self.env.su and self.company_id not in self.env.user.company_ids:
            raise AccessError(self.env._("You do not work in this company."))
        if self.date_from > self.date_to:
            raise UserError(
                self.env._("Give a period whose first day is not after its last day.")
            )
        customers = self.partner_ids.commercial_partner_id
        customers.check_access("read")
        pairs = [(partner.id, self.company_id.id) for partner in customers]
        statements = self.env["ar.statement"]._statement_build(
            pairs, self.date_from, self.date_to
        )
        self.statement_ids = statements
        return statements

    def _open(self, statements):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "ar_overdue_management.action_ar_statement"
        )
        action["domain"] = [("id", "in", statements.ids)]
        action["context"] = {}
        if len(statements) == 1:
            action.update({"views": [(False, "form")], "res_id": statements.id})
        return action

    def action_make(self):
        return self._open(self._make())

    def action_make_send(self):
        statements = self._make()
        statements.action_send()
        return self._open(statements)
