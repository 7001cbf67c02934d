from datetime import timedelta

from odoo import models
from odoo.tools import SQL

from ...policy import forecast as forecast_policy
from ...policy import provision as provision_policy
from ..core.ar_receivable import (
    DUE,
    flush_open_at,
    open_at_sql,
    open_at_where,
    payment_habits,
    without_jit,
)
from ..core.bulk_rows import insert_rows


class ArForecastRun(models.Model):
    """How a forecast is made: the open invoices and what is known of their
    customers read set-wise, the policy's expected dates and chances, the
    lines written in one statement."""

    _inherit = "ar.forecast.run"

    def _forecast_compute(self):
        """Make the lines and the accuracy weeks of this (new) forecast."""
        self.ensure_one()
        items = self._forecast_items()
        customers = self._forecast_customers({item.partner for item in items})
        expected = forecast_policy.forecast(
            items,
            customers,
            self._forecast_rates(),
            self.date,
            precision=self.currency_id.decimal_places,
        )
        rows = forecast_policy.summarize(expected, self.date)
        self._forecast_insert_lines(rows)
        weekly = forecast_policy.by_week(expected, self.date)
        naive = forecast_policy.naive_by_week(items, self.date)
        self.env["ar.forecast.accuracy"].create(
            [
                {
                    "run_id": self.id,
                    "company_id": self.company_id.id,
                    "horizon": index + 1,
                    "week_start": self.date + timedelta(weeks=index),
                    "forecast_amount": weekly[index],
                    "naive_amount": naive[index],
                }
                for index in range(forecast_policy.WEEKS)
            ]
        )
        self.write(
            {
                "state": "done",
                "open_amount": sum(item.amount for item in items),
                "expected_amount": sum(weekly),
                "naive_amount": sum(naive),
                "line_count": len(rows),
            }
        )
        self._forecast_mark_latest()

    def _forecast_items(self):
        """``[policy.forecast.OpenItem]``: the receivable lines of the
        company's customer invoices open on the forecast date, for what was
        then open, in company currency, in one query.  Credit notes and
        unapplied payments are left out: they bring no cash."""
        flush_open_at(self.env)
        with without_jit(self.env.cr):
            rows = self.env.execute_query(
                SQL(
                    """
                    SELECT l.id, p.commercial_partner_id, %(due)s, %(open)s
                      FROM account_move_line l
                      JOIN account_account a
                        ON a.id = l.account_id AND a.account_type = 'asset_receivable'
                      JOIN account_move m
                        ON m.id = l.move_id AND m.move_type = 'out_invoice'
                      JOIN res_partner p ON p.id = l.partner_id
                     WHERE l.company_id = %(company)s AND l.balance > 0
                       AND %(where)s
                    """,
                    due=DUE,
                    open=open_at_sql(self.date),
                    company=self.company_id.id,
                    where=open_at_where(self.date),
                )
            )
        return [
            forecast_policy.OpenItem(key, partner, due, float(amount))
            for key, partner, due, amount in rows
            if amount and amount > 0
        ]

    def _forecast_customers(self, partner_ids):
        """``{customer: policy.forecast.Customer}``: habits as of the
        forecast date, plans and promises pending then, industry surcharge."""
        company = self.company_id
        pairs = {(partner_id, company.id) for partner_id in partner_ids}
        habits = payment_habits(self.env, pairs, self.date) if pairs else {}
        instalments = self._forecast_instalments()
        promises = self._forecast_promises()
        surcharges = {
            partner["id"]: partner["industry_id"]
            for partner in self.env["res.partner"].search_read(
                [("id", "in", list(partner_ids)), ("industry_id", "!=", False)],
                ["industry_id"],
                load=None,
            )
        }
        industries = {
            industry["id"]: industry["ar_provision_surcharge"]
            for industry in self.env["res.partner.industry"].search_read(
                [("id", "in", list(set(surcharges.values())))],
                ["ar_provision_surcharge"],
            )
        }
        return {
            partner_id: forecast_policy.Customer(
                instalments=tuple(instalments.get(partner_id, ())),
                promises=tuple(promises.get(partner_id, ())),
                habit=habits.get((partner_id, company.id)),
                surcharge=industries.get(surcharges.get(partner_id), 0.0),
            )
            for partner_id in partner_ids
        }

    def _forecast_instalments(self):
        """``{customer: [Settlement]}``: the instalments still to pay of the
        plans active on the forecast date (agreed by then, not yet paid nor
        broken), in one read."""
        lines = self.env["ar.collection.plan.line"].search_read(
            [
                ("company_id", "=", self.company_id.id),
                ("plan_id.start_date", "<=", self.date),
                "|",
                ("plan_id.state", "=", "active"),
                "&",
                ("plan_id.state", "in", ("done", "broken")),
                ("plan_id.settled_date", ">", self.date),
            ],
            ["partner_id", "date", "amount", "paid_amount", "state"],
            load=None,
        )
        found = {}
        for line in lines:
            if line["state"] in ("due", "partial"):
                left = line["amount"] - line["paid_amount"]
            elif line["date"] >= self.date:
                left = line["amount"]  # paid or missed after the forecast date
            else:
                continue
            found.setdefault(line["partner_id"], []).append(
                forecast_policy.Settlement(line["date"], left)
            )
        return found

    def _forecast_promises(self):
        """``{customer: [Settlement]}``: the promises to pay pending on the
        forecast date (given by then, not settled before), in one read."""
        promises = self.env["ar.collection.promise"].search_read(
            [
                ("company_id", "=", self.company_id.id),
                ("kind", "=", "promise"),
                ("given_date", "<=", self.date),
                "|",
                ("state", "=", "open"),
                ("settled_date", ">", self.date),
            ],
            ["partner_id", "date", "amount", "paid_amount", "state"],
            load=None,
        )
        found = {}
        for promise in promises:
            left = promise["amount"]
            if promise["state"] == "open":
                left -= promise["paid_amount"]
            found.setdefault(promise["partner_id"], []).append(
                forecast_policy.Settlement(promise["date"], left)
            )
        return found

    def _forecast_rates(self):
        """``{provision bucket: loss rate}`` the provision uses for expected
        losses: the learned rate where enough history is behind it, else
        the fixed one."""
        rate_model = self.env["ar.provision.rate"]
        company = self.company_id
        fixed = rate_model._rates_of(company, "fixed")
        if set(fixed) != set(provision_policy.BUCKETS):
            return dict(provision_policy.DEFAULT_RATES)
        learned = rate_model._rates_of(company, "learned")
        thin = provision_policy.thin_history(
            rate_model._history_of(company),
            company.ar_provision_min_history_months,
            company.ar_provision_min_history_invoices,
        )
        rates, _origins = provision_policy.rates_in_use(fixed, learned, thin, "learned")
        return rates

    def _forecast_insert_lines(self, rows):
        """Write ``{(customer, week, month, source): [open, expected]}`` in
        one statement."""
        insert_rows(
            self.env["ar.forecast.line"],
            [
                {
                    "run_id": self.id,
                    "company_id": self.company_id.id,
                    "partner_id": partner,
                    "week_start": week,
                    "month_start": month,
                    "week_index": forecast_policy.week_index(week, self.date),
                    "source": source,
                    "open_amount": amounts[0],
                    "expected_amount": amounts[1],
                    "latest": False,
                }
                for (partner, week, month, source), amounts in rows.items()
            ],
        )

    def _forecast_mark_latest(self):
        """Mark the lines of the company's latest forecast, and only them,
        in one statement."""
        self.flush_model(["company_id", "date", "state"])
        self.env["ar.forecast.line"].flush_model(["latest"])
        self.env.cr.execute(
            SQL(
                """
                WITH newest AS (
                    SELECT id FROM ar_forecast_run
                     WHERE company_id = %(company)s AND state = 'done'
                  ORDER BY date DESC LIMIT 1
                )
                UPDATE ar_forecast_line l
                   SET latest = (l.run_id = newest.id)
                  FROM newest
                 WHERE l.company_id = %(company)s
                   AND l.latest IS DISTINCT FROM (l.run_id = newest.id)
                """,
                company=self.company_id.id,
            )
        )
        self.env["ar.forecast.line"].invalidate_model(["latest"])
