from odoo import fields, models

from .ar_audit_sample_line import BAND_SELECTION


class ArAuditStratum(models.Model):
    """One stratum of an audit's draw: the cases of a tier and amount band,
    how many the period held, how many the proportional allocation gave it
    and how many were drawn from it."""

    _name = "ar.audit.stratum"
    _inherit = ["ar.audit.entry.mixin"]
    _description = "Stratum of an Audit Draw"
    _order = "sample_id, id"
    _record_fields = ("sample_id", "tier_id", "band", "population", "allocated")

    tier_id = fields.Many2one("ar.overdue.tier", readonly=True, ondelete="restrict")
    band = fields.Selection(BAND_SELECTION, string="Amount Band", readonly=True)
    population = fields.Integer(readonly=True, help="Cases of the stratum.")
    allocated = fields.Integer(
        readonly=True,
        help="Its share of the draws, in proportion to its population.",
    )
    drawn_count = fields.Integer(string="Drawn", readonly=True)
