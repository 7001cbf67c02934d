from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

from ...policy import tiers as tier_policy
from .ar_overdue_tier import tier_table_bulk
from .standard_texts import installed_langs

DEFAULT_TIERS = (
    # name, days_from, days_to, traffic light, owner role, credit hold
    ("Mild", 1, 30, "yellow", "account_owner", False),
    ("Moderate", 31, 60, "orange", "risk_manager", False),
    ("Severe", 61, 0, "red", "collection_team", True),
)


class ResCompany(models.Model):
    """Overdue tiers of the company and who is warned of them."""

    _inherit = "res.company"

    overdue_tier_ids = fields.One2many(
        "ar.overdue.tier",
        "company_id",
        string="Overdue Tiers",
    )
    overdue_risk_manager_id = fields.Many2one(
        "res.users",
        help="Receives warnings of tiers owned by the risk manager, and those of "
        "account-owner tiers for customers without a salesperson.",
    )
    overdue_collection_user_id = fields.Many2one(
        "res.users",
        string="Collection Team Leader",
        help="Receives warnings of tiers owned by the collection team (falls "
        "back to the risk manager).",
    )
    overdue_warning_deadline_days = fields.Integer(
        string="Warning Activity Deadline (days)",
        default=3,
        help="Days given to the owner to act on a tier warning.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        companies = super().create(vals_list)
        companies.filtered(
            lambda c: not c.overdue_tier_ids
        )._overdue_create_default_tiers()
        return companies

    @api.model
    def _ar_overdue_install_defaults(self):
        """Default tiers for the companies that exist when the addon is
        installed (new companies get them in ``create``); features add their
        own defaults.  Returns the companies."""
        companies = self.sudo().search([])
        companies.filtered(
            lambda c: not c.overdue_tier_ids
        )._overdue_create_default_tiers()
        return companies

    def write(self, vals):
        if "overdue_tier_ids" not in vals:
            return super().write(vals)
        with tier_table_bulk(self.env, self):
            res = super().write(vals)
        self._overdue_check_tier_table()
        return res

    def _overdue_create_default_tiers(self):
        """Give each company the policy's default ladder: mild 1-30,
        moderate 31-60, severe 61+."""
        vals_list = []
        for company in self:
            for seq, (name, days_from, days_to, light, role, hold) in enumerate(
                DEFAULT_TIERS, start=1
            ):
                vals_list.append(
                    {
                        "name": name,
                        "sequence": seq * 10,
                        "days_from": days_from,
                        "days_to": days_to,
                        "traffic_light": light,
                        "owner_role": role,
                        "hold_customers": hold,
                        "company_id": company.id,
                    }
                )
        tiers = self.env["ar.overdue.tier"].sudo().create(vals_list)
        tiers._translate_standard_names(installed_langs(self.env))
        return tiers

    def _ar_overdue_translate_defaults(self, langs):
        """Give the standard texts the addon wrote for these companies (tier
        names; features add theirs) their translation in ``langs``: called
        when a language is loaded."""
        self.env["ar.overdue.tier"].sudo().with_context(active_test=False).search(
            [("company_id", "in", self.ids)]
        )._translate_standard_names(langs)

    def _overdue_check_tier_table(self):
        """Refuse a company tier table with gaps, overlaps or bad ranges."""
        Tier = self.env["ar.overdue.tier"]
        for company in self:
            tiers = Tier.sudo().search([("company_id", "=", company.id)])
            try:
                tier_policy.check_table([tier._to_spec() for tier in tiers])
            except tier_policy.TierTableError as error:
                raise ValidationError(
                    self.env._("Overdue tiers of %(company)s: ", company=company.name)
                    + Tier._policy_error_message(error)
                ) from error

    def _overdue_tiers_changed(self):
        """Re-check every open invoice of these companies at the next run.

        A new tier table can move any invoice, so the check date of every
        open invoice is set to today; the daily run then reclassifies them.
        """
        if not self:
            return
        moves = self.env["account.move"]
        moves.flush_model(["overdue_check_date", "overdue_due_date", "company_id"])
        today = fields.Date.context_today(self)
        self.env.cr.execute(
            SQL(
                """
                UPDATE account_move
                   SET overdue_check_date = %(today)s
                 WHERE company_id = ANY(%(companies)s)
                   AND (overdue_due_date IS NOT NULL OR overdue_tier_id IS NOT NULL)
                   AND (overdue_check_date IS NULL OR overdue_check_date > %(today)s)
                """,
                today=today,
                companies=self.ids,
            )
        )
        moves.invalidate_model(["overdue_check_date"])
