from collections import namedtuple

from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import SQL

from ...policy import receivable as receivable_policy
from ...policy import tiers as tier_policy
from .ar_receivable import DUE, customer_pairs_where, flush_open_lines, open_lines_sql

#: What one refresh of customers changed, handed to ``_overdue_after_refresh``.
#: ``rose`` / ``fell``: ``{pair: (old tier id, new tier id)}``; ``summaries``:
#: ``{pair: policy.receivable.Summary}`` of every customer refreshed.
OverdueChanges = namedtuple("OverdueChanges", "as_of pairs summaries rose fell")


class ArPartnerStatus(models.Model):
    """Overdue state of one customer in one company, kept between runs.

    Only what changes on events is stored: the worst tier reached and the
    tier its owners were last warned about, so a re-run never warns twice
    and a customer that really leaves a tier and comes back is warned again.
    """

    _name = "ar.partner.status"
    _inherit = ["ar.customer.company.mixin"]
    _description = "Customer Overdue Status"
    _rec_name = "partner_id"
    _order = "company_id, partner_id"

    tier_id = fields.Many2one(
        "ar.overdue.tier",
        string="Worst Tier",
        index="btree_not_null",
        ondelete="set null",
        check_company=True,
    )
    traffic_light = fields.Selection(
        list(tier_policy.TRAFFIC_LIGHTS),
        compute="_compute_traffic_light",
        store=True,
    )
    tier_date = fields.Date(string="In Tier Since")
    notified_tier_id = fields.Many2one(
        "ar.overdue.tier",
        string="Last Warned Tier",
        ondelete="set null",
        check_company=True,
    )
    below_since = fields.Date(
        string="Below Warned Tier Since",
        help="First day the customer was found below the tier it was last warned "
        "about. It is warned about that tier again only if it comes back after "
        "at least one night below it.",
    )

    _sql_constraints = [
        (
            "partner_company_uniq",
            "unique(partner_id, company_id)",
            "A customer has one overdue status per company.",
        )
    ]

    @api.depends("tier_id.traffic_light")
    def _compute_traffic_light(self):
        for status in self:
            status.traffic_light = status.tier_id.traffic_light or "green"

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        self._check_internal_write()
        return super().create(vals_list)

    def write(self, vals):
        self._check_internal_write()
        return super().write(vals)

    @api.model
    def _check_internal_write(self):
        """The status is what the daily run found: only the addon's own code
        (running as superuser) writes it, never a user or an RPC call."""
        if not self.env.su:
            raise AccessError(
                self.env._(
                    "The overdue status of customers is computed; it cannot be edited."
                )
            )

    # ------------------------------------------------------------------
    # Figures
    # ------------------------------------------------------------------
    @api.model
    def _overdue_summaries(self, pairs, as_of, buckets=False):
        """``{(partner id, company id): policy.receivable.Summary}`` of these
        customers' open receivable lines in company currency (customers with
        nothing open get an empty summary).  One row per customer: only the
        undisputed debts already due are listed; with ``buckets``, one row
        per due date, for the aging buckets of the customer form."""
        pairs = set(pairs)
        if buckets:
            return self._overdue_detailed_summaries(pairs, as_of)
        totals = {}
        if pairs:
            flush_open_lines(self.env)
            overdue_debt = SQL(
                "l.amount_residual > 0 AND m.overdue_disputed IS NOT TRUE AND %s < %s",
                DUE,
                as_of,
            )
            rows = self.env.execute_query(
                open_lines_sql(
                    SQL(
                        """p.commercial_partner_id, l.company_id,
                           SUM(l.amount_residual),
                           -SUM(LEAST(l.amount_residual, 0)),
                           SUM(l.amount_residual) FILTER (WHERE m.overdue_disputed),
                           COUNT(DISTINCT m.id) FILTER (WHERE m.overdue_disputed),
                           ARRAY_AGG(%(due)s) FILTER (WHERE %(debt)s),
                           ARRAY_AGG(l.amount_residual::float8)
                               FILTER (WHERE %(debt)s)""",
                        due=DUE,
                        debt=overdue_debt,
                    ),
                    where=customer_pairs_where(pairs),
                    group_by=SQL("1, 2"),
                )
            )
            totals = {(row[0], row[1]): row[2:] for row in rows}
        digits = self._overdue_digits(pairs)
        summaries = {}
        for pair in pairs:
            open_, credit, disputed, count, dues, amounts = totals.get(
                pair, (0.0, 0.0, 0.0, 0, None, None)
            )
            summaries[pair] = receivable_policy.summarize_totals(
                open_ or 0.0,
                credit or 0.0,
                list(zip(dues or (), amounts or (), strict=True)),
                as_of,
                disputed_amount=disputed or 0.0,
                disputed_count=count or 0,
                rounding=digits[pair[1]],
            )
        return summaries

    @api.model
    def _overdue_detailed_summaries(self, pairs, as_of):
        """Summaries with aging buckets, from one row per customer, due date,
        disputed or not, debit or credit."""
        items = {pair: [] for pair in pairs}
        if pairs:
            flush_open_lines(self.env)
            rows = self.env.execute_query(
                open_lines_sql(
                    SQL(
                        """p.commercial_partner_id, l.company_id, %(due)s,
                           m.overdue_disputed IS TRUE, SUM(l.amount_residual),
                           ARRAY_AGG(DISTINCT m.id) FILTER (WHERE m.overdue_disputed)""",
                        due=DUE,
                    ),
                    where=customer_pairs_where(pairs),
                    group_by=SQL("1, 2, 3, 4, l.amount_residual > 0"),
                )
            )
            for partner_id, company_id, due, disputed, amount, moves in rows:
                if (partner_id, company_id) in items:
                    items[partner_id, company_id].append(
                        receivable_policy.OpenItem(
                            due, amount or 0.0, disputed, frozenset(moves or ())
                        )
                    )
        digits = self._overdue_digits(pairs)
        return {
            pair: receivable_policy.summarize(lines, as_of, digits[pair[1]])
            for pair, lines in items.items()
        }

    @api.model
    def _overdue_digits(self, pairs):
        """``{company id: decimal places of its currency}``."""
        companies = self.env["res.company"].browse({c for _p, c in pairs})
        return {c.id: c.currency_id.decimal_places for c in companies}

    # ------------------------------------------------------------------
    # Refresh
    # ------------------------------------------------------------------
    @api.model
    def _overdue_refresh_partners(self, pairs, as_of=None, warn=True):
        """Recompute the worst tier of these customers and warn the owners of
        any tier newly entered (``warn=False`` records the tiers as already
        warned: used at install, where the past is no news).  ``pairs`` is
        a set of ``(commercial partner id, company id)``."""
        if not pairs:
            return self.browse()
        as_of = as_of or fields.Date.context_today(self)
        self = self.sudo()
        pairs = set(pairs)
        by_pair = self._get_or_create(pairs)
        summaries = self._overdue_summaries(pairs, as_of)
        companies = self.env["res.company"].browse({c for _p, c in pairs})
        specs = self.env["ar.overdue.tier"]._specs_by_company(companies)
        writes = {}  # frozen vals -> statuses
        to_warn = {}  # status id -> new tier id
        moves = {"rose": {}, "fell": {}}
        left = {}  # status id -> tier still warned about, once it really left one
        for pair in pairs:
            status = by_pair[pair]
            vals, do_warn, direction = status._overdue_next_state(
                summaries[pair], specs[pair[1]], as_of, warn
            )
            if do_warn:
                to_warn[status.id] = vals["tier_id"]
            if direction:
                moves[direction][pair] = (status.tier_id.id, vals["tier_id"])
            current = {
                "tier_id": status.tier_id.id,
                "notified_tier_id": status.notified_tier_id.id,
                "below_since": status.below_since or False,
            }
            if {key: vals[key] for key in current} != current:
                key = tuple(sorted(vals.items()))
                writes[key] = writes.get(key, self.browse()) | status
            warned, stored = status.notified_tier_id, status.tier_id
            if (
                warned
                and status.below_since
                and status.below_since < as_of
                and (not stored or stored.days_from < warned.days_from)
            ):
                # really left the warned tier (below it over a night): its
                # warnings are stale, whatever comes next
                left[status.id] = stored
        self._overdue_close_left_warnings(left, summaries, as_of)
        self.browse(list(to_warn))._overdue_notify(to_warn, summaries, as_of)
        for key, group in writes.items():
            group.write(dict(key))
        self._overdue_after_refresh(
            OverdueChanges(
                as_of, frozenset(pairs), summaries, moves["rose"], moves["fell"]
            )
        )
        return self.browse([s.id for s in by_pair.values()])

    def _overdue_next_state(self, summary, specs, as_of, warn=True):
        """The tier this customer is in now and what its warning record
        becomes.  Returns ``(vals, warn, "rose"|"fell"|None)``."""
        self.ensure_one()
        worst = tier_policy.customer_tier_of(
            summary.days_overdue(as_of), summary.ratio, specs
        )
        new_tier = worst.key if worst else False
        ranks = tier_policy.rank(specs)
        tier_of_rank = {rank: key for key, rank in ranks.items()}
        old_tier = self.tier_id.id
        do_warn, notified_rank, below_since = tier_policy.warning_step(
            ranks.get(new_tier, 0),
            ranks.get(self.notified_tier_id.id, 0),
            ranks.get(old_tier, 0),
            self.below_since or None,
            as_of,
        )
        if not warn:
            do_warn, notified_rank, below_since = False, ranks.get(new_tier, 0), None
        vals = {
            "tier_id": new_tier,
            "notified_tier_id": tier_of_rank.get(notified_rank, False),
            "below_since": below_since or False,
        }
        direction = None
        if new_tier != old_tier:
            vals["tier_date"] = as_of if new_tier else False
            rising = ranks.get(new_tier, 0) > ranks.get(old_tier, 0)
            direction = "rose" if rising else "fell"
        return vals, do_warn, direction

    # ------------------------------------------------------------------
    # Extension points of the daily run
    # ------------------------------------------------------------------
    # Features subscribe by overriding these methods, calling ``super()``
    # first and then doing their own work, so they run in the order the
    # addon loads them (``models/__init__.py``): credit (holds), then
    # collection (cases), then any later feature.  Dunning letters and
    # statements have scheduled actions of their own and read what the run
    # stored.
    @api.model
    def _overdue_after_refresh(self, changes):
        """Called after every refresh of customers with what changed
        (:data:`OverdueChanges`): a batch of the daily run, a button, a
        payment.  Returns ``changes``."""
        return changes

    @api.model
    def _overdue_after_run(self, as_of):
        """Called once a day, when the daily run has classified its last
        batch: the day's work of the features that is not tied to one
        refresh (promises, plans, deadlines).  The core's own: customers
        that stayed below a warned tier over a night (they paid, were
        written off, disputed) are refreshed, so that the warnings of the
        tier they left are closed."""
        self.flush_model(["below_since", "notified_tier_id"])
        rows = self.env.execute_query(
            SQL(
                """
                SELECT partner_id, company_id FROM ar_partner_status
                 WHERE below_since < %s AND notified_tier_id IS NOT NULL
                """,
                as_of,
            )
        )
        if rows:
            self._overdue_refresh_partners({tuple(r) for r in rows}, as_of)
        return None
