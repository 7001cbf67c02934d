from odoo import models


class ArOverdueTier(models.Model):
    """A tier that starts or stops holding credit applies at once to the
    customers in it."""

    _inherit = "ar.overdue.tier"

    def write(self, vals):
        res = super().write(vals)
        if "hold_customers" in vals:
            self._overdue_refresh_holds()
        return res

    def _overdue_refresh_holds(self):
        """A tier that starts or stops holding credit applies at once to the
        customers in it."""
        credits = (
            self.env["ar.partner.credit"]
            .sudo()
            .search([("hold_tier_id", "in", self.ids)])
        )
        statuses = (
            self.env["ar.partner.status"].sudo().search([("tier_id", "in", self.ids)])
        )
        pairs = {(s.partner_id.id, s.company_id.id) for s in statuses}
        pairs |= {(c.partner_id.id, c.company_id.id) for c in credits}
        self.env["ar.partner.credit"]._credit_refresh_holds_pairs(pairs)
