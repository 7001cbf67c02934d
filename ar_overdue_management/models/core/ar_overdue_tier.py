from contextlib import contextmanager

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ...policy import tiers as tier_policy
from .standard_texts import translate_standard_texts

TRAFFIC_LIGHTS = list(tier_policy.TRAFFIC_LIGHTS)

OWNER_ROLES = [
    ("account_owner", "Account owner (salesperson)"),
    ("risk_manager", "Risk manager"),
    ("collection_team", "Collection team"),
]


BULK_KEY = "ar_overdue_tier_bulk"


@contextmanager
def tier_table_bulk(env, companies):
    """While a company saves several tiers at once, their one-by-one table
    check is skipped; the caller checks the final table.  The marker lives on
    the cursor, out of reach of a context sent over RPC."""
    marked = env.cr.cache.setdefault(BULK_KEY, set())
    added = set(companies.ids) - marked
    marked |= added
    try:
        yield
    finally:
        marked -= added


def in_bulk(env, companies):
    return bool(companies) and set(companies.ids) <= env.cr.cache.get(BULK_KEY, set())


class ArOverdueTier(models.Model):
    """A step on a company's overdue ladder (mild, moderate, severe...).

    The table of a company must cover days overdue from day 1 without gaps or
    overlaps; the rules live in ``policy.tiers`` so the same checks serve the
    form, the company o2m and the tests.
    """

    _name = "ar.overdue.tier"
    _description = "Overdue Tier"
    _order = "company_id, days_from, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    days_from = fields.Integer(
        string="From (days overdue)",
        required=True,
        default=1,
        help="First day overdue that falls into this tier (1 = the day after "
        "the due date).",
    )
    days_to = fields.Integer(
        string="To (days overdue)",
        help="Last day overdue of this tier. Leave empty (0) for no upper limit; "
        "only the last tier may be open-ended.",
    )
    ratio_threshold = fields.Float(
        string="Overdue Ratio Threshold (%)",
        digits=(5, 2),
        help="Optional. A customer whose overdue amount reaches this percentage "
        "of its open receivable is lifted into this tier whatever the days "
        "overdue. 0 disables the threshold.",
    )
    traffic_light = fields.Selection(
        TRAFFIC_LIGHTS,
        required=True,
        default="yellow",
        help="Colour shown for customers and invoices in this tier.",
    )
    owner_role = fields.Selection(
        OWNER_ROLES,
        required=True,
        default="account_owner",
        help="Who receives the warning activity when a customer enters this tier.",
    )
    hold_customers = fields.Boolean(
        string="Credit Hold",
        help="Customers whose worst tier is this one are put on credit hold "
        "until they fall back below it.",
    )
    grace_max_days = fields.Integer(
        string="Grace Period (max days)",
        default=15,
        help="Longest grace period the case owner may grant a customer in this "
        "tier; 0: none.",
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    range_display = fields.Char(string="Days Overdue", compute="_compute_range_display")

    @api.depends("days_from", "days_to")
    def _compute_range_display(self):
        for tier in self:
            if tier.days_to:
                tier.range_display = f"{tier.days_from}-{tier.days_to}"
            else:
                tier.range_display = f"{tier.days_from}+"

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------
    def _to_spec(self):
        """Return the policy view of this tier."""
        self.ensure_one()
        return tier_policy.TierSpec(
            key=self.id,
            name=self.name or "",
            days_from=self.days_from,
            days_to=self.days_to or None,
            ratio=self.ratio_threshold or 0.0,
        )

    @api.model
    def _policy_error_message(self, error):
        """Translate a :class:`TierTableError` into a message saying what to fix."""
        params = error.params
        # built lazily: each message only gets the parameters of its own code
        messages = {
            "days_from_positive": lambda: self.env._(
                "Tier “%(name)s” must start at day 1 or later: days overdue "
                "start the day after the due date.",
                **params,
            ),
            "reversed": lambda: self.env._(
                "Tier “%(name)s” ends (day %(days_to)s) before it starts "
                "(day %(days_from)s): set “To” to %(days_from)s or more, or leave "
                "it empty for no upper limit.",
                **params,
            ),
            "ratio_range": lambda: self.env._(
                "Tier “%(name)s” has an overdue ratio threshold of %(ratio)s%%: "
                "use a value between 0 and 100 (0 disables it).",
                **params,
            ),
            "first_from_one": lambda: self.env._(
                "The first tier, “%(name)s”, starts at day %(days_from)s: it must "
                "start at day 1 so that every overdue day has a tier.",
                **params,
            ),
            "overlap": lambda: self.env._(
                "Tier “%(name)s” (from day %(days_from)s) overlaps tier "
                "“%(other)s”: make “%(other)s” end before day %(days_from)s and "
                "give it an upper limit, since only the last tier may be "
                "open-ended.",
                **params,
            ),
            "gap": lambda: self.env._(
                "Days %(gap_from)s to %(gap_to)s have no tier between “%(other)s” "
                "and “%(name)s”: make “%(name)s” start at day %(gap_from)s or "
                "extend “%(other)s”.",
                **params,
            ),
        }
        message = messages.get(error.code)
        return message() if message else str(error)

    @api.constrains("days_from", "days_to", "ratio_threshold")
    def _check_days_range(self):
        """Each tier on its own: positive, ordered, ratio in 0-100%."""
        for tier in self:
            try:
                tier_policy.check_tier(tier._to_spec())
            except tier_policy.TierTableError as error:
                raise ValidationError(self._policy_error_message(error)) from error

    @api.constrains("days_from", "days_to", "active", "company_id")
    def _check_company_table(self):
        """The whole table of each company: one gapless chain from day 1.

        Skipped while the company form saves several tiers at once; the
        company then checks the final table itself.
        """
        if in_bulk(self.env, self.company_id):
            return
        self.company_id._overdue_check_tier_table()

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        tiers = super().create(vals_list)
        tiers.company_id._overdue_tiers_changed()
        return tiers

    def write(self, vals):
        companies = self.company_id
        if (
            len(self) == 1
            and {"days_from", "days_to"} & set(vals)
            and not in_bulk(self.env, companies)
        ):
            # moving one boundary moves the neighbour's with it; the whole
            # table is checked once both are written
            neighbours = self._overdue_neighbours()
            with tier_table_bulk(self.env, companies):
                res = super().write(vals)
                self._overdue_move_neighbours(vals, *neighbours)
            companies._overdue_check_tier_table()
        else:
            res = super().write(vals)
        if {"days_from", "days_to", "ratio_threshold", "active", "company_id"} & set(
            vals
        ):
            (companies | self.company_id)._overdue_tiers_changed()
        return res

    def _overdue_neighbours(self):
        """``(previous, following)``: the tiers of the same company that end
        the day before this one starts, and start the day after it ends."""
        self.ensure_one()
        siblings = self.search(
            [("company_id", "=", self.company_id.id), ("id", "!=", self.id)]
        )
        previous = siblings.filtered(
            lambda t: t.days_to and t.days_to == self.days_from - 1
        )
        following = siblings.filtered(
            lambda t: self.days_to and t.days_from == self.days_to + 1
        )
        return previous[:1], following[:1]

    def _overdue_move_neighbours(self, vals, previous, following):
        """Move the shared boundary of the neighbours with this tier's new
        range, so that "moderate from 46" also makes "mild end at 45":
        editing one tier at a time could otherwise never move a boundary
        without a gap or an overlap in between."""
        if previous and "days_from" in vals and self.days_from > 1:
            previous.write({"days_to": self.days_from - 1})
        if following and "days_to" in vals and self.days_to:
            following.write({"days_from": self.days_to + 1})

    def unlink(self):
        companies = self.company_id
        res = super().unlink()
        if not in_bulk(self.env, companies):
            companies._overdue_check_tier_table()
        companies._overdue_tiers_changed()
        return res

    # ------------------------------------------------------------------
    # Business
    # ------------------------------------------------------------------
    @api.model
    def _standard_names(self):
        """The names of the default tiers, in the environment's language."""
        return {
            "mild": self.env._("Mild"),
            "moderate": self.env._("Moderate"),
            "severe": self.env._("Severe"),
        }

    def _translate_standard_names(self, langs):
        """Default tier names in ``langs`` where they are still standard."""
        translate_standard_texts(
            self, "name", lambda env: env["ar.overdue.tier"]._standard_names(), langs
        )

    @api.model
    def _specs_by_company(self, companies):
        """Return ``{company_id: [TierSpec, ...]}`` for the active tiers."""
        result = {company.id: [] for company in companies}
        tiers = self.sudo().search([("company_id", "in", companies.ids)])
        for tier in tiers:
            result[tier.company_id.id].append(tier._to_spec())
        return result
