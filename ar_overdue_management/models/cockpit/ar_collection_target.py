from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import date_utils

from ...policy import measures as measure_policy
from ...policy import targets as targets_policy

SCOPES = [
    ("collector", "Collector"),
    ("team", "Collection Team"),
]
MEASURES = [
    (targets_policy.MEASURE_AMOUNT, "Overdue Collected"),
    (targets_policy.MEASURE_RATE, "Recovery Rate (%)"),
]


class ArCollectionTarget(models.Model):
    """What a collector, or the company's collection team, should recover in
    a month: an amount of overdue collected or a recovery rate, at a base
    and a stretch level.  What the unit reached is read from the collection
    measures of the month, never stored: it changes with every payment."""

    _name = "ar.collection.target"
    _description = "Collection Target"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "month desc, scope desc, user_id, measure"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name")
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    month = fields.Date(
        required=True,
        default=lambda self: date_utils.start_of(
            fields.Date.context_today(self), "month"
        ),
        help="The first day of the month of the target.",
    )
    scope = fields.Selection(
        SCOPES,
        string="Unit",
        required=True,
        default="collector",
        help="A collector (the owner of the customers' cases), or the "
        "company's collection team as a whole, led by its collection team "
        "leader.",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Collector",
        domain="[('share', '=', False), ('company_ids', 'in', company_id)]",
    )
    leader_id = fields.Many2one(
        "res.users",
        string="Team Leader",
        compute="_compute_leader_id",
        store=True,
        help="Who is alerted: the company's collection team leader (else its "
        "risk manager).",
    )
    measure = fields.Selection(
        MEASURES, required=True, default=targets_policy.MEASURE_AMOUNT
    )
    base_target = fields.Float(
        string="Base", required=True, digits=(16, 2), tracking=True
    )
    stretch_target = fields.Float(string="Stretch", digits=(16, 2), tracking=True)
    reached = fields.Float(
        compute="_compute_reached",
        digits=(16, 2),
        help="Overdue collected in the month (company currency), or the "
        "month's recovery rate, so far.",
    )
    attainment = fields.Float(
        string="Attainment (%)",
        compute="_compute_reached",
        digits=(16, 2),
        help="Reached / base x 100 (0 while nothing can be measured).",
    )
    stretch_reached = fields.Boolean(compute="_compute_reached")
    alert_date = fields.Date(
        string="Alerted On",
        readonly=True,
        copy=False,
        help="The day the leader was alerted that the unit is under target; "
        "one alert a month.",
    )
    alert_checked_date = fields.Date(
        string="Checked On",
        readonly=True,
        copy=False,
        help="The day the unit was checked against the alert share: the alert "
        "day, or the first run of the scheduled action after it.  Checked once "
        "a month; above the alert share that day, it is not alerted later.",
    )

    @api.depends("scope", "user_id", "measure", "month")
    def _compute_name(self):
        labels = dict(self._fields["measure"]._description_selection(self.env))
        for target in self:
            month = target.month.strftime("%Y-%m") if target.month else ""
            target.name = ", ".join(
                (target._target_unit_name(), month, labels.get(target.measure, ""))
            )

    @api.depends(
        "company_id.overdue_collection_user_id", "company_id.overdue_risk_manager_id"
    )
    def _compute_leader_id(self):
        for target in self:
            company = target.company_id
            target.leader_id = (
                company.overdue_collection_user_id or company.overdue_risk_manager_id
            )

    def _compute_reached(self):
        found = self._target_reached()
        for target in self:
            reached, attainment = found.get(target.id, (None, None))
            target.reached = reached or 0.0
            target.attainment = attainment or 0.0
            target.stretch_reached = targets_policy.stretch_reached(
                reached, target.stretch_target
            )

    @api.constrains("scope", "user_id", "base_target", "stretch_target", "month")
    def _check_target(self):
        for target in self:
            if (target.scope == "collector") != bool(target.user_id):
                raise ValidationError(
                    self.env._(
                        "A collector's target names the collector; a team's "
                        "target names none."
                    )
                )
            if target.base_target <= 0:
                raise ValidationError(self.env._("The base target must be above 0."))
            if target.stretch_target and target.stretch_target < target.base_target:
                raise ValidationError(
                    self.env._("The stretch target cannot be under the base target.")
                )
        self._check_one_per_unit()

    def _check_one_per_unit(self):
        """One target per unit, measure and month."""
        groups = self.sudo()._read_group(
            [
                ("company_id", "in", self.company_id.ids),
                ("month", "in", list(set(self.mapped("month")))),
            ],
            ["company_id", "month:day", *self._target_unit_fields(), "measure"],
            ["__count"],
        )
        if any(count > 1 for *_keys, count in groups):
            raise ValidationError(
                self.env._(
                    "This unit already has a target of this kind for the month: "
                    "change that one instead."
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._target_first_of_month(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._target_first_of_month(vals)
        return super().write(vals)

    def _target_first_of_month(self, vals):
        """A target is for a month: its date is the month's first day."""
        if vals.get("month"):
            month = fields.Date.to_date(vals["month"])
            vals["month"] = date_utils.start_of(month, "month")

    def _target_reached(self):
        """``{target id: (reached, attainment)}``, ``None`` when it cannot
        be measured; the measures are gathered once per company and month."""
        found = {}
        for (company, month), targets in self._target_by_company_month().items():
            units = self._target_unit_figures(company, month)
            for target in targets:
                row = units.get(target._target_unit_key(), {})
                reached = targets_policy.actual(
                    target.measure,
                    row.get("overdue_collected", 0.0),
                    row.get("recovery_rate"),
                )
                found[target.id] = (
                    reached,
                    targets_policy.attainment(reached, target.base_target),
                )
        return found

    def _target_by_company_month(self):
        groups = {}
        for target in self:
            if target.company_id and target.month:
                key = (target.company_id, target.month)
                groups[key] = groups.get(key, self.browse()) | target
        return groups

    # ------------------------------------------------------------------
    # The units: glue addons add scopes through these hooks
    # ------------------------------------------------------------------
    @api.model
    def _target_unit_fields(self):
        """The fields that name a target's unit besides its scope: one
        target per unit, measure and month."""
        return ["scope", "user_id"]

    @api.model
    def _target_unit_dimensions(self):
        """``{scope: dimension of the collection measures}`` of the scopes
        whose units are measured one by one; the collection team is the
        company's total."""
        return {"collector": "collector"}

    def _target_unit_key(self):
        """The key of the target's unit in ``_target_unit_figures``."""
        self.ensure_one()
        return (self.scope, self.user_id.id)

    def _target_unit_name(self):
        """The unit's name, as the target's name and its alert give it."""
        self.ensure_one()
        if self.scope == "collector":
            return self.user_id.name or ""
        return self.env._("Collection Team")

    @api.model
    def _target_unit_figures(self, company, month):
        """``{(scope, unit key or False): figures and measures}`` of every
        unit of each scope and of the company's team over ``month``, from
        one gathering of the collection measures."""
        month_end = date_utils.end_of(month, "month")
        measures = self.env["ar.collection.measure"].sudo().with_company(company)
        by_customer = measures._measure_gather(company, month, month_end)
        units = {}
        for scope, dimension in self._target_unit_dimensions().items():
            measure = measures.create(
                {
                    "company_id": company.id,
                    "date_from": month,
                    "date_to": month_end,
                    "dimension": dimension,
                }
            )
            for row in measure._measure_rows(by_customer):
                if row["key"]:
                    units[(scope, row["key"])] = row
        team = measure_policy.Figures()
        for values in by_customer.values():
            team += measure_policy.Figures(**values)
        days = (month_end - month).days + 1
        units[("team", False)] = dict(vars(team), **measure_policy.measures(team, days))
        return units
