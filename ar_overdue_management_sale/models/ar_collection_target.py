from odoo import api, fields, models
from odoo.exceptions import ValidationError

#: the scope of a sales team's target
SALES_TEAM = "sales_team"


class ArCollectionTarget(models.Model):
    """With Sales, a target may be set on a sales team: what it reached is
    the collection measure of its customers (those whose salesperson is in
    the team, as the measures per sales team group them), and its leader is
    alerted."""

    _inherit = "ar.collection.target"

    scope = fields.Selection(
        selection_add=[(SALES_TEAM, "Sales Team")],
        ondelete={SALES_TEAM: "cascade"},
    )
    leader_id = fields.Many2one(
        help="Who is alerted: the sales team's leader for a sales team's target, "
        "else the company's collection team leader (else its risk manager)."
    )
    team_id = fields.Many2one(
        "crm.team",
        string="Sales Team",
        check_company=True,
        index="btree_not_null",
        help="The sales team whose customers' collection is measured; its "
        "leader is alerted when it is under target.",
    )

    @api.depends("team_id.name")
    def _compute_name(self):
        return super()._compute_name()

    @api.depends("scope", "team_id.user_id")
    def _compute_leader_id(self):
        """A sales team's leader is alerted (the collection team leader when
        the team has none)."""
        result = super()._compute_leader_id()
        for target in self:
            if target.scope == SALES_TEAM and target.team_id.user_id:
                target.leader_id = target.team_id.user_id
        return result

    @api.constrains("scope", "team_id")
    def _check_sales_team(self):
        for target in self:
            if (target.scope == SALES_TEAM) != bool(target.team_id):
                raise ValidationError(
                    self.env._(
                        "A sales team's target names the sales team; the other "
                        "targets name none."
                    )
                )

    @api.model
    def _target_unit_fields(self):
        return [*super()._target_unit_fields(), "team_id"]

    @api.model
    def _target_unit_dimensions(self):
        return {**super()._target_unit_dimensions(), SALES_TEAM: "team"}

    def _target_unit_key(self):
        if self.scope == SALES_TEAM:
            return (SALES_TEAM, self.team_id.id)
        return super()._target_unit_key()

    def _target_unit_name(self):
        if self.scope == SALES_TEAM:
            return self.team_id.name or ""
        return super()._target_unit_name()
