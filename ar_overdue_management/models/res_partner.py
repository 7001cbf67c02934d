from odoo import api, fields, models
from odoo.exceptions import UserError

from .account_move import CUSTOMER_MOVE_TYPES

#: Receivables are private: only invoicing and accounting users read them (as
#: Odoo's own ``credit``); the Sales glue adds salespeople, for their customers.
RECEIVABLE_GROUPS = "account.group_account_invoice,account.group_account_readonly"

AGING_FIELDS = {
    "not_due": "aging_not_due",
    "1_30": "aging_1_30",
    "31_60": "aging_31_60",
    "61_90": "aging_61_90",
    "91_180": "aging_91_180",
    "over_180": "aging_over_180",
}


class ResPartner(models.Model):
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
        [
            ("green", "Green"),
            ("yellow", "Yellow"),
            ("orange", "Orange"),
            ("red", "Red"),
        ],
        string="Traffic Light",
        compute="_compute_overdue_tier",
        groups=RECEIVABLE_GROUPS,
        search="_search_overdue_traffic_light",
    )
    aging_not_due = fields.Monetary(
        string="Not Due",
        compute="_compute_overdue_figures",
        groups=RECEIVABLE_GROUPS,
        currency_field="overdue_currency_id",
    )
    aging_1_30 = fields.Monetary(
        string="1-30 Days",
        compute="_compute_overdue_figures",
        groups=RECEIVABLE_GROUPS,
        currency_field="overdue_currency_id",
    )
    aging_31_60 = fields.Monetary(
        string="31-60 Days",
        compute="_compute_overdue_figures",
        groups=RECEIVABLE_GROUPS,
        currency_field="overdue_currency_id",
    )
    aging_61_90 = fields.Monetary(
        string="61-90 Days",
        compute="_compute_overdue_figures",
        groups=RECEIVABLE_GROUPS,
        currency_field="overdue_currency_id",
    )
    aging_91_180 = fields.Monetary(
        string="91-180 Days",
        compute="_compute_overdue_figures",
        groups=RECEIVABLE_GROUPS,
        currency_field="overdue_currency_id",
    )
    aging_over_180 = fields.Monetary(
        string="Over 180 Days",
        compute="_compute_overdue_figures",
        groups=RECEIVABLE_GROUPS,
        currency_field="overdue_currency_id",
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
            for key, field_name in AGING_FIELDS.items():
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
                for v in ("yellow", "orange", "red")
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
        self.env["ar.partner.credit"]._check_collection_user()
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
