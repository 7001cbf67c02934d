import secrets
from datetime import datetime, time, timedelta

from odoo import fields, models

from ...policy import audit as audit_policy


class ArAuditSample(models.Model):
    """The draw: the population of the period read at once, the cases always
    checked, the strata and their allocation, the cases drawn from the
    seed; all written in one create per kind of entry."""

    _inherit = "ar.audit.sample"

    def _audit_draw(self):
        """Draw this draft sample and write its strata and cases."""
        self.ensure_one()
        seed = self.seed or secrets.randbelow(2**31 - 1) + 1
        cases = self._audit_population()
        amounts = {case.id: case._audit_overdue() for case in cases}
        keys = {
            case.id: (case.tier_id.id or 0, audit_policy.band_of(amounts[case.id]))
            for case in cases
        }
        forced = self._audit_forced(cases)
        strata, picked = audit_policy.draw(keys, self.size, seed, forced)
        extra = self.env["ar.collection.case"].sudo().browse(set(forced) - set(keys))
        amounts.update({case.id: case._audit_overdue() for case in extra})
        stratum_of = self._audit_write_strata(strata)
        self.env["ar.audit.sample.line"].sudo().create(
            [
                {
                    "sample_id": self.id,
                    "case_id": case_id,
                    "stratum_id": stratum_of.get(case_id, False),
                    "inclusion": reason,
                    "amount": amounts.get(case_id, 0.0),
                }
                for case_id, reason in sorted(picked.items())
            ]
        )
        self.sudo().write(
            {
                "seed": seed,
                "state": "open",
                "drawn_date": fields.Datetime.now(),
                "population_count": len(cases),
                "forced_count": len(forced),
                "override_threshold": self.company_id.ar_audit_override_threshold,
            }
        )

    def _audit_write_strata(self, strata):
        """Write the strata of the draw (``[(key, population, allocated,
        drawn ids)]``) in the tiers' order, then the bands'; returns
        ``{case id: its stratum's id}``."""
        tiers = (
            self.env["ar.overdue.tier"]
            .sudo()
            .browse({key[0] for key, *_rest in strata} - {0})
        )
        order = {tier.id: tier.days_from for tier in tiers}
        strata = sorted(
            strata,
            key=lambda s: (order.get(s[0][0], 0), audit_policy.BANDS.index(s[0][1])),
        )
        made = (
            self.env["ar.audit.stratum"]
            .sudo()
            .create(
                [
                    {
                        "sample_id": self.id,
                        "tier_id": tier_id or False,
                        "band": band,
                        "population": population,
                        "allocated": allocated,
                        "drawn_count": len(drawn),
                    }
                    for (tier_id, band), population, allocated, drawn in strata
                ]
            )
        )
        return {
            case_id: stratum.id
            for stratum, (_key, _pop, _alloc, drawn) in zip(made, strata, strict=True)
            for case_id in drawn
        }

    def _audit_population(self):
        """The company's cases open at some time in the period."""
        self.ensure_one()
        return (
            self.env["ar.collection.case"]
            .sudo()
            .search(
                [
                    ("company_id", "=", self.company_id.id),
                    ("opened_date", "<=", self.date_to),
                    "|",
                    ("closed_date", "=", False),
                    ("closed_date", ">=", self.date_from),
                ],
                order="id",
            )
        )

    def _audit_period_datetimes(self):
        """The period as ``[start, end)`` datetimes (UTC), for logged events."""
        start = datetime.combine(self.date_from, time.min)
        return start, datetime.combine(self.date_to + timedelta(days=1), time.min)

    def _audit_forced(self, cases):
        """``{case id: reason}`` of the cases always checked: written off in
        the period, or whose customer had a credit hold overridden above the
        company's threshold in it (the case open on the override's day)."""
        self.ensure_one()
        company = self.company_id
        requests = (
            self.env["ar.writeoff.request"]
            .sudo()
            .search(
                [
                    ("company_id", "=", company.id),
                    ("case_id", "!=", False),
                    ("posted_date", ">=", self.date_from),
                    ("posted_date", "<=", self.date_to),
                ]
            )
        )
        start, end = self._audit_period_datetimes()
        events = (
            self.env["ar.credit.hold.event"]
            .sudo()
            .search(
                [
                    ("company_id", "=", company.id),
                    ("kind", "=", "override"),
                    ("date", ">=", start),
                    ("date", "<", end),
                    ("amount", ">", company.ar_audit_override_threshold),
                ]
            )
        )
        forced = {}
        by_partner = {}
        for case in cases:
            by_partner.setdefault(case.partner_id.id, []).append(case)
        for event in events:
            day = event.date.date()
            for case in by_partner.get(event.partner_id.id, []):
                if case.opened_date <= day and (
                    not case.closed_date or case.closed_date >= day
                ):
                    forced[case.id] = audit_policy.OVERRIDE
        forced.update(dict.fromkeys(requests.case_id.ids, audit_policy.WRITTEN_OFF))
        return forced
