from dateutil.relativedelta import relativedelta
from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import date_utils, format_date

from ...policy import measures as measure_policy

DIMENSIONS = [
    ("company", "Company"),
    ("collector", "Collector"),
    ("country", "Country"),
    ("region", "State / Region"),
]
#: how each measure reads: decimals and unit
MEASURE_FORMATS = {
    "dso": (2, ""),
    "best_dso": (2, ""),
    "add": (2, ""),
    "cei": (2, " %"),
    "recovery_rate": (2, " %"),
    "bad_debt_rate": (2, " %"),
    "on_time_rate": (2, " %"),
    "promise_kept_rate": (2, " %"),
    "dispute_rate": (2, " %"),
    "dispute_age": (1, ""),
}
#: figures shown beside the measures, as they are
SHOWN_FIGURES = (
    "credit_sales",
    "closing_receivable",
    "overdue_collected",
    "written_off",
    "letters_sent",
    "letters_failed",
    "statements_confirmed",
    "statements_disputed",
    "statements_unanswered",
)


def _last_month_start(today):
    return date_utils.start_of(today - relativedelta(months=1), "month")


class ArCollectionMeasure(models.TransientModel):
    """The measures of the collection work of one company over a period,
    one row per unit of a dimension.  The figures are gathered for every
    customer at once (``_measure_gather``), added up per unit, and the
    rules of ``policy.measures`` make the measures of them."""

    _name = "ar.collection.measure"
    _description = "Collection Measures"
    _check_company_auto = True

    company_id = fields.Many2one(
        "res.company",
        required=True,
        default=lambda self: self.env.company,
        domain=lambda self: [("id", "in", self.env.user.company_ids.ids)],
    )
    date_from = fields.Date(
        string="From",
        required=True,
        default=lambda self: _last_month_start(fields.Date.context_today(self)),
    )
    date_to = fields.Date(
        string="To",
        required=True,
        default=lambda self: date_utils.end_of(
            _last_month_start(fields.Date.context_today(self)), "month"
        ),
    )
    dimension = fields.Selection(
        DIMENSIONS, string="Per", required=True, default="collector"
    )
    line_ids = fields.One2many(
        "ar.collection.measure.line", "measure_id", string="Units", readonly=True
    )

    @api.depends("date_from", "date_to")
    @api.depends_context("lang")
    def _compute_display_name(self):
        """The screen's title in its breadcrumb: what and which period."""
        for measure in self:
            measure.display_name = self.env._(
                "Collection Measures %(first)s - %(last)s",
                first=format_date(self.env, measure.date_from),
                last=format_date(self.env, measure.date_to),
            )

    @api.constrains("date_from", "date_to")
    def _check_period(self):
        for measure in self:
            if measure.date_to < measure.date_from:
                raise UserError(
                    self.env._("The period ends before it begins: correct its dates.")
                )

    def action_compute(self):
        """Compute the measures and show them, one row per unit."""
        self.ensure_one()
        rows = self.measure_figures()
        commands = [fields.Command.clear()]
        for sequence, row in enumerate(rows):
            values = {"sequence": sequence, "name": row["name"]}
            values.update({key: row[key] for key in SHOWN_FIGURES})
            values.update(
                {
                    key: measure_policy.display(row[key], *shown)
                    for key, shown in MEASURE_FORMATS.items()
                }
            )
            commands.append(fields.Command.create(values))
        self.line_ids = commands
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "current",
            "name": self.env._("Collection Measures"),
        }

    def measure_figures(self):
        """``[{key, name, figures..., measures...}]``: one dict per unit,
        the company's total first when grouped by company; a measure is
        ``None`` when undefined.  What a dashboard reads."""
        self.ensure_one()
        by_customer = self._measure_gather(
            self.company_id, self.date_from, self.date_to
        )
        return self._measure_rows(by_customer)

    def _measure_rows(self, by_customer):
        """The rows of ``measure_figures`` in this record's dimension, from
        the figures gathered per customer (``_measure_gather``): one
        gathering read in several dimensions."""
        self.ensure_one()
        units = self._measure_units(self.dimension, list(by_customer))
        totals = {}
        for partner_id, values in by_customer.items():
            key, name = units.get(partner_id, (False, ""))
            figures = measure_policy.Figures(**values)
            if key in totals:
                figures = totals[key][1] + figures
            totals[key] = (name or self._measure_unset_name(), figures)
        days = (self.date_to - self.date_from).days + 1
        rows = []
        for key, (name, figures) in totals.items():
            row = {"key": key, "name": name}
            row.update(vars(figures))
            row.update(measure_policy.measures(figures, days))
            rows.append(row)
        return sorted(rows, key=lambda r: (not r["key"], r["name"]))

    def _measure_unset_name(self):
        names = {
            "collector": self.env._("No Collector"),
            "country": self.env._("No Country"),
            "region": self.env._("No State"),
        }
        return names.get(self.dimension, self.company_id.name)

    def _measure_units(self, dimension, partner_ids):
        """``{customer id: (unit key, unit name)}`` in ``dimension``; glue
        addons add dimensions by extending it."""
        partners = self.env["res.partner"].sudo().browse(partner_ids)
        if dimension == "company":
            unit = (self.company_id.id, self.company_id.name)
            return dict.fromkeys(partner_ids, unit)
        if dimension == "collector":
            return self._measure_collectors(partner_ids)
        field = {"country": "country_id", "region": "state_id"}[dimension]
        return {
            partner.id: (partner[field].id, partner[field].display_name)
            for partner in partners
        }

    def _measure_collectors(self, partner_ids):
        """The collector of a customer: the owner of its open case in the
        company, else of its latest case."""
        cases = (
            self.env["ar.collection.case"]
            .sudo()
            .search(
                [
                    ("company_id", "=", self.company_id.id),
                    ("partner_id", "in", partner_ids),
                ],
                order="id desc",
            )
        )
        owners = {}
        for case in cases.sorted(lambda c: c.stage == "closed"):
            owners.setdefault(
                case.partner_id.id, (case.user_id.id, case.user_id.name or "")
            )
        return owners
