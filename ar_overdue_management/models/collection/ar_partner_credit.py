from dateutil.relativedelta import relativedelta
from odoo import api, models


class ArPartnerCredit(models.Model):
    """Collection work feeds the credit standing: a running promise relaxes
    the tier hold where the company says so; broken promises and missed
    instalments count against the rating."""

    _inherit = "ar.partner.credit"

    @api.model
    def _credit_tier_hold_relaxed(self, pairs, today):
        pairs = set(pairs)
        relaxed = super()._credit_tier_hold_relaxed(pairs, today)
        active = self.env["ar.collection.promise"]._promise_active_pairs(
            pairs, today, relaxing=True
        )
        companies = self.env["res.company"].browse({c for _p, c in active})
        relaxing = set(companies.filtered("ar_promise_relaxes_hold").ids)
        return relaxed | {pair for pair in active if pair[1] in relaxing}

    @api.model
    def _credit_broken_promises(self, pairs, as_of):
        """Promises broken and instalments missed in the twelve months up
        to ``as_of``, per customer."""
        pairs = set(pairs)
        counts = dict(super()._credit_broken_promises(pairs, as_of))
        since = as_of - relativedelta(months=12)
        partner_ids = list({p for p, _c in pairs})
        for model, domain in (
            ("ar.collection.promise", [("state", "=", "broken")]),
            ("ar.collection.plan.line", [("state", "=", "missed")]),
        ):
            groups = (
                self.env[model]
                .sudo()
                ._read_group(
                    domain
                    + [
                        ("partner_id", "in", partner_ids),
                        ("settled_date", ">", since),
                        ("settled_date", "<=", as_of),
                    ],
                    ["partner_id", "company_id"],
                    ["__count"],
                )
            )
            for partner, company, count in groups:
                pair = (partner.id, company.id)
                if pair in pairs:
                    counts[pair] = counts.get(pair, 0) + count
        return counts
