from odoo import fields, models
from odoo.exceptions import UserError

from ..core.ar_customer_documents import count_by_customer, open_for_customer
from ..core.ar_security import DOCUMENT_GROUPS


class ResPartner(models.Model):
    """The customer's collection case, one click away from its form."""

    _inherit = "res.partner"

    ar_case_count = fields.Integer(
        string="Collection Cases",
        compute="_compute_ar_collection_counts",
        groups=DOCUMENT_GROUPS,
    )
    ar_promise_count = fields.Integer(
        string="Promises to Pay",
        compute="_compute_ar_collection_counts",
        groups=DOCUMENT_GROUPS,
    )
    ar_plan_count = fields.Integer(
        string="Repayment Plans",
        compute="_compute_ar_collection_counts",
        groups=DOCUMENT_GROUPS,
    )

    def _compute_ar_collection_counts(self):
        cases = count_by_customer(self.env, "ar.collection.case", self)
        promises = count_by_customer(self.env, "ar.collection.promise", self)
        plans = count_by_customer(self.env, "ar.collection.plan", self)
        for partner in self:
            customer = partner.commercial_partner_id
            partner.ar_case_count = cases.get(customer, 0)
            partner.ar_promise_count = promises.get(customer, 0)
            partner.ar_plan_count = plans.get(customer, 0)

    def action_ar_cases(self):
        self.ensure_one()
        return open_for_customer(
            self.env, "ar_overdue_management.ar_collection_case_action", self
        )

    def action_ar_promises(self):
        self.ensure_one()
        return open_for_customer(
            self.env, "ar_overdue_management.ar_collection_promise_action", self
        )

    def action_ar_plans(self):
        self.ensure_one()
        return open_for_customer(
            self.env, "ar_overdue_management.ar_collection_plan_action", self
        )

    def action_log_collection_contact(self):
        """Log a call on the customer's open collection case (current
        company)."""
        self.ensure_one()
        case = self.env["ar.collection.case"].search(
            [
                ("partner_id", "=", self.commercial_partner_id.id),
                ("company_id", "=", self.env.company.id),
                ("stage", "!=", "closed"),
            ],
            limit=1,
        )
        if not case:
            raise UserError(
                self.env._(
                    "%(customer)s has no open collection case: nothing is overdue.",
                    customer=self.commercial_partner_id.display_name,
                )
            )
        return case.action_log_contact()
