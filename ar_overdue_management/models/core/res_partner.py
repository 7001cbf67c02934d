from odoo import api, fields, models

from ...policy import tiers as tier_policy
from .ar_receivable import (
    CUSTOMER_MOVE_TYPES,
    aging_field_names,
    aging_fields,
)
from .ar_security import RECEIVABLE_GROUPS, check_collection_user


class ResPartner(models.Model):
    """The customer's overdue figures in the current company: open and
    overdue amounts, aging buckets, worst tier and traffic light."""

    _inherit = "res.partner"

    ar_status_ids = fields.One2many(
        "ar.partner.status",
        "partner_id",
        string="Overdue Statuses",
        readonly=True,
        groups=RECEIVABLE_GROUPS,
    )
    overdue_currency_id = fields.Many2one(
        "res.currency",
        compute="_compute_overdue_figures",
        groups=RECEIVABLE_GROUPS,
    )
    overdue_open_amount = fields.Monetary(
        string="Open Receivable",
        compute="_compute_overdue_figures",
        groups=RECEIVABLE_GROUPS,
        currency_field="overdue_currency_id",
    )
    overdue_amount = fields.Monetary(
        compute="_compute_overdue_figures",
        groups=RECEIVABLE_GROUPS,
        currency_field="overdue_currency_id",
        help="Receivable past due, disputed invoices excluded and unmatched "
        "payments and credit notes deducted (oldest debts first).",
    )
    overdue_unapplied_amount = fields.Monetary(
        string="Unmatched Payments",
        compute="_compute_overdue_figures",
        groups=RECEIVABLE_GROUPS,
        currency_field="overdue_currency_id",
        help="Customer payments and credit notes not matched with invoices yet: "
        "already deducted from the overdue amount; reconcile them.",
    )
    overdue_disputed_amount = fields.Monetary(
        string="Disputed Amount",
        compute="_compute_overdue_figures",
        groups=RECEIVABLE_GROUPS,
        currency_field="overdue_currency_id",
    )
    overdue_ratio = fields.Float(
        string="Overdue Ratio (%)",
        compute="_compute_overdue_figures",
        groups=RECEIVABLE_GROUPS,
        digits=(5, 2),
    )
    overdue_max_days = fields.Integer(
        string="Max Days Overdue",
        compute="_compute_overdue_figures",
        groups=RECEIVABLE_GROUPS,
    )
    overdue_tier_id = fields.Many2one(
        "ar.overdue.tier",
        string="Worst Overdue Tier",
        compute="_compute_overdue_tier",
        groups=RECEIVABLE_GROUPS,
        search="_search_overdue_tier_id",
    )
    overdue_traffic_light = fields.Selection(
        list(tier_policy.TRAFFIC_LIGHTS),
        string="Traffic Light",
        compute="_compute_overdue_tier",
        groups=RECEIVABLE_GROUPS,
        search="_search_overdue_traffic_light",
    )
    # one amount per aging bucket of the policy: aging_not_due, aging_1_30...
    locals().update(
        aging_fields(
            "aging",
            compute="_compute_overdue_figures",
            groups=RECEIVABLE_GROUPS,
            currency_field="overdue_currency_id",
        )
    )

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends_context("company")
    def _compute_overdue_figures(self):
        """Figures of the commercial entity in the current company, from the
        same summary of open receivable lines the daily run and the holds
        read."""
        company = self.env.company
        today = fields.Date.context_today(self)
        pairs = {(p.id, company.id) for p in self.commercial_partner_id}
        summaries = self.env["ar.partner.status"]._overdue_summaries(
            pairs, today, buckets=True
        )
        round_ = company.currency_id.round
        for partner in self:
            summary = summaries[(partner.commercial_partner_id.id, company.id)]
            partner.overdue_currency_id = company.currency_id
            partner.overdue_open_amount = round_(summary.open_amount)
            partner.overdue_amount = round_(summary.overdue_amount)
            partner.overdue_unapplied_amount = round_(summary.unapplied_credit)
            partner.overdue_disputed_amount = round_(summary.disputed_amount)
            partner.overdue_ratio = summary.ratio
            partner.overdue_max_days = summary.days_overdue(today)
            for key, field_name in aging_field_names("aging").items():
                partner[field_name] = round_(summary.buckets[key])

    @api.depends_context("company")
    @api.depends("ar_status_ids.tier_id", "commercial_partner_id")
    def _compute_overdue_tier(self):
        company = self.env.company
        by_partner = {
            partner_id: status
            for (partner_id, _c), status in self.env["ar.partner.status"]
            ._of_pairs({(p.id, company.id) for p in self.commercial_partner_id})
            .items()
        }
        for partner in self:
            status = by_partner.get(partner.commercial_partner_id.id)
            partner.overdue_tier_id = status.tier_id if status else False
            partner.overdue_traffic_light = status.traffic_light if status else "green"

    def _search_overdue_tier_id(self, operator, value):
        return self._search_overdue_status("tier_id", operator, value)

    def _search_overdue_traffic_light(self, operator, value):
        if (
            operator == "="
            and value == "green"
            or operator == "in"
            and "green" in value
        ):
            non_green = [
                v
                for v, _label in tier_policy.TRAFFIC_LIGHTS[1:]
                if v not in ([value] if isinstance(value, str) else value)
            ]
            return [
                "!",
                (
                    "commercial_partner_id.ar_status_ids",
                    "any",
                    [
                        ("company_id", "=", self.env.company.id),
                        ("traffic_light", "in", non_green),
                    ],
                ),
            ]
        return self._search_overdue_status("traffic_light", operator, value)

    def _search_overdue_status(self, field_name, operator, value):
        """Search a status field of the commercial entity in the current company."""
        return [
            (
                "commercial_partner_id.ar_status_ids",
                "any",
                [
                    ("company_id", "=", self.env.company.id),
                    (field_name, operator, value),
                ],
            )
        ]

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_overdue_refresh(self):
        """Reclassify the open invoices of these customers and update their
        overdue status now."""
        check_collection_user(self.env)
        commercial = self.commercial_partner_id
        moves = (
            self.env["account.move"]
            .sudo()
            .search(
                [
                    ("commercial_partner_id", "in", commercial.ids),
                    ("company_id", "in", self.env.companies.ids),
                    ("move_type", "in", CUSTOMER_MOVE_TYPES),
                    "|",
                    "|",
                    ("amount_residual", "!=", 0),
                    ("overdue_due_date", "!=", False),
                    ("overdue_tier_id", "!=", False),
                ]
            )
        )
        pairs = moves._overdue_classify()
        pairs |= {(p.id, c.id) for p in commercial for c in self.env.companies}
        self.env["ar.partner.status"]._overdue_refresh_partners(pairs)
        return True

    def action_overdue_open_invoices(self):
        """Open the overdue invoices of this customer."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account.action_move_out_invoice_type"
        )
        action["domain"] = [
            ("commercial_partner_id", "=", self.commercial_partner_id.id),
            ("overdue_days", ">", 0),
        ]
        action["context"] = {"search_default_group_by_overdue_tier": 1}
        action["name"] = self.env._("Overdue Invoices")
        return action
