from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import format_date

from ..core.ar_security import COLLECTION_MANAGER_GROUP
from .ar_overdue_confirmation_line import REASON_FIELDS

STATES = [("to_confirm", "To Confirm"), ("confirmed", "Confirmed"), ("late", "Late")]


class ArOverdueConfirmation(models.Model):
    """An account owner's monthly list of overdue invoices to explain: for
    each, the reason, the amount expected back and its date, confirmed
    within a few working days; what is still unconfirmed after the deadline
    goes to his team leader."""

    _name = "ar.overdue.confirmation"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _description = "Monthly Confirmation of Overdue Reasons"
    _order = "period desc, deadline, id"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name")
    user_id = fields.Many2one("res.users", string="Account Owner", required=True)
    leader_id = fields.Many2one("res.users", string="Team Leader")
    company_id = fields.Many2one("res.company", required=True, index=True)
    period = fields.Date(required=True, help="First day of the month.")
    deadline = fields.Date(required=True)
    state = fields.Selection(STATES, default="to_confirm", required=True, tracking=True)
    confirmed_date = fields.Date(readonly=True)
    line_ids = fields.One2many(
        "ar.overdue.confirmation.line", "confirmation_id", string="Overdue Invoices"
    )
    missing_count = fields.Integer(compute="_compute_missing_count")

    _sql_constraints = [
        (
            "owner_period_uniq",
            "unique(user_id, company_id, period)",
            "One confirmation per owner, company and month.",
        )
    ]

    @api.depends("period", "user_id")
    def _compute_name(self):
        for rec in self:
            month = format_date(self.env, rec.period, date_format="MMMM y")
            rec.name = " ".join(filter(None, (month, rec.user_id.name)))

    @api.depends(
        "line_ids.reason_side", "line_ids.sub_reason", "line_ids.expected_date"
    )
    def _compute_missing_count(self):
        for rec in self:
            rec.missing_count = len(rec.line_ids._missing())

    def write(self, vals):
        if not self.env.su and set(vals) - {"line_ids"}:
            raise UserError(self.env._("The monthly list is made by the system."))
        if not self.env.su and "line_ids" in vals:
            for command in vals["line_ids"]:
                if command[0] != 1 or set(command[2]) - REASON_FIELDS:
                    raise UserError(
                        self.env._(
                            "Invoices are not added to or removed from the list."
                        )
                    )
        return super().write(vals)

    def action_confirm(self):
        """The owner confirms his list: every invoice explained."""
        for rec in self:
            if rec.user_id != self.env.user and not self.env.user.has_group(
                COLLECTION_MANAGER_GROUP
            ):
                raise AccessError(
                    self.env._(
                        "Only %(owner)s confirms this list.", owner=rec.user_id.name
                    )
                )
            missing = rec.line_ids._missing()
            if missing:
                raise UserError(
                    self.env._(
                        "Give the reason, the sub-reason and the expected date of: "
                        "%(invoices)s.",
                        invoices=", ".join(missing.mapped("move_name")),
                    )
                )
            if rec.state == "confirmed":
                continue
            rec.sudo().write(
                {
                    "state": "confirmed",
                    "confirmed_date": fields.Date.context_today(self),
                }
            )
            rec.sudo().activity_ids.action_feedback(
                feedback=self.env._("Overdue reasons confirmed.")
            )
        return True
