from datetime import timedelta

from odoo import fields, models
from odoo.tools import SQL

from ..core.ar_receivable import DUE, flush_open_at, open_at_rows, open_at_sql

#: the figures gathered, each by one method, one query for every customer
GATHERERS = (
    "_measure_receivables",
    "_measure_credit_sales",
    "_measure_recovery",
    "_measure_written_off",
    "_measure_actions",
    "_measure_promises",
    "_measure_disputes",
    "_measure_letters",
    "_measure_statements",
)


class ArCollectionMeasure(models.TransientModel):
    """The figures of the measures, per customer of one company over one
    period: each method runs one query for every customer and returns
    ``{customer id: {Figures field: value}}``."""

    _inherit = "ar.collection.measure"

    def _measure_gather(self, company, date_from, date_to):
        """``{customer id: {Figures field: value}}`` of every figure."""
        found = {}
        for name in GATHERERS:
            figures = getattr(self, name)(company, date_from, date_to)
            for partner_id, values in figures.items():
                found.setdefault(partner_id, {}).update(values)
        return found

    def _measure_receivables(self, company, date_from, date_to):
        """Open the day before the period, and at its end (in total, and not
        yet due then), net of unapplied credits."""
        found = {}
        opening = open_at_rows(self.env, company.ids, date_from - timedelta(days=1))
        for partner_id, _company_id, _due, amount in opening:
            values = found.setdefault(partner_id, dict.fromkeys(_RECEIVABLES, 0.0))
            values["opening_receivable"] += amount
        for partner_id, _company_id, due, amount in open_at_rows(
            self.env, company.ids, date_to
        ):
            values = found.setdefault(partner_id, dict.fromkeys(_RECEIVABLES, 0.0))
            values["closing_receivable"] += amount
            if due >= date_to:
                values["closing_current"] += amount
        return found

    def _measure_credit_sales(self, company, date_from, date_to):
        """Posted customer invoices less credit notes dated in the period,
        taxes included, in company currency."""
        groups = (
            self.env["account.move"]
            .sudo()
            ._read_group(
                [
                    ("company_id", "=", company.id),
                    ("move_type", "in", ("out_invoice", "out_refund")),
                    ("state", "=", "posted"),
                    ("invoice_date", ">=", date_from),
                    ("invoice_date", "<=", date_to),
                ],
                ["commercial_partner_id"],
                ["amount_total_signed:sum"],
            )
        )
        return {p.id: {"credit_sales": amount} for p, amount in groups}

    def _measure_recovery(self, company, date_from, date_to):
        """Per customer debt (receivable debit line) overdue at some point
        of the period up to today: what was open when it became overdue in it
        (the day before the period, or its due date), and what payments
        settled of it afterwards within the period.  A debt falling due later
        in a period not over yet is not overdue so far."""
        last = min(date_to, fields.Date.context_today(self))
        since = SQL("GREATEST(%s::date, %s)", date_from - timedelta(days=1), DUE)
        flush_open_at(self.env)
        self.env["account.move"].flush_model(["origin_payment_id", "statement_line_id"])
        rows = self.env.execute_query(
            SQL(
                """
                SELECT p.commercial_partner_id,
                       SUM(CASE WHEN %(due)s < %(start)s THEN %(open)s ELSE 0 END),
                       SUM(CASE WHEN %(due)s >= %(start)s THEN %(open)s ELSE 0 END),
                       SUM(COALESCE((
                           SELECT SUM(r.amount) FROM account_partial_reconcile r
                             JOIN account_move_line cl ON cl.id = r.credit_move_id
                             JOIN account_move cm ON cm.id = cl.move_id
                            WHERE r.debit_move_id = l.id
                              AND r.max_date > %(since)s AND r.max_date <= %(end)s
                              AND (cm.origin_payment_id IS NOT NULL
                                   OR cm.statement_line_id IS NOT NULL)), 0))
                  FROM account_move_line l
                  JOIN account_account a
                    ON a.id = l.account_id AND a.account_type = 'asset_receivable'
                  JOIN res_partner p ON p.id = l.partner_id
                 WHERE l.company_id = %(company)s AND l.parent_state = 'posted'
                   AND l.balance > 0 AND l.date <= %(end)s AND %(due)s < %(last)s
                   AND (l.reconciled IS NOT TRUE OR EXISTS (
                        SELECT 1 FROM account_partial_reconcile r
                         WHERE r.debit_move_id = l.id AND r.max_date >= %(start)s))
              GROUP BY 1
                """,
                due=DUE,
                start=date_from,
                end=date_to,
                last=last,
                since=since,
                open=open_at_sql(since),
                company=company.id,
            )
        )
        return {
            partner_id: {
                "overdue_at_start": float(at_start or 0.0),
                "fell_overdue": float(fell or 0.0),
                "overdue_collected": float(collected or 0.0),
            }
            for partner_id, at_start, fell, collected in rows
        }

    def _measure_written_off(self, company, date_from, date_to):
        """Write-offs booked in the period, in company currency."""
        groups = (
            self.env["ar.writeoff.request"]
            .sudo()
            ._read_group(
                [
                    ("company_id", "=", company.id),
                    ("state", "=", "posted"),
                    ("posted_date", ">=", date_from),
                    ("posted_date", "<=", date_to),
                ],
                ["partner_id"],
                ["amount_company:sum"],
            )
        )
        return _by_customer(
            (partner, {"written_off": amount}) for partner, amount in groups
        )

    def _measure_actions(self, company, date_from, date_to):
        """Actions due in the period, up to today: the activities planned on
        cases (done on time: marked done by their deadline, for activity
        types that keep what is done) and the cases' stage deadlines (done on
        time: the stage's first action taken by its deadline; a case closed
        by its deadline without one owed none)."""
        last = min(date_to, fields.Date.context_today(self))
        self.env["mail.activity"].flush_model(
            ["res_model", "res_id", "active", "date_done", "date_deadline"]
        )
        self.env["ar.collection.case"].flush_model(
            [
                "partner_id",
                "company_id",
                "action_deadline",
                "first_action_date",
                "closed_date",
            ]
        )
        rows = self.env.execute_query(
            SQL(
                """
                SELECT partner_id, SUM(due), SUM(on_time) FROM (
                    SELECT c.partner_id, 1 AS due,
                           (NOT act.active AND act.date_done <= act.date_deadline)::int
                           AS on_time
                      FROM mail_activity act
                      JOIN ar_collection_case c
                        ON act.res_model = 'ar.collection.case' AND c.id = act.res_id
                     WHERE c.company_id = %(company)s
                       AND act.date_deadline BETWEEN %(start)s AND %(last)s
                 UNION ALL
                    SELECT c.partner_id, 1,
                           COALESCE(c.first_action_date <= c.action_deadline, FALSE)::int
                      FROM ar_collection_case c
                     WHERE c.company_id = %(company)s
                       AND c.action_deadline BETWEEN %(start)s AND %(last)s
                       AND (c.first_action_date IS NOT NULL
                            OR c.closed_date IS NULL
                            OR c.closed_date > c.action_deadline)
                ) actions
              GROUP BY 1
                """,
                company=company.id,
                start=date_from,
                last=last,
            )
        )
        return {
            partner_id: {"actions_due": int(due), "actions_on_time": int(on_time)}
            for partner_id, due, on_time in rows
        }

    def _measure_promises(self, company, date_from, date_to):
        """Promises to pay due in the period and settled: kept or broken."""
        groups = (
            self.env["ar.collection.promise"]
            .sudo()
            ._read_group(
                [
                    ("company_id", "=", company.id),
                    ("kind", "=", "promise"),
                    ("state", "in", ("kept", "broken")),
                    ("date", ">=", date_from),
                    ("date", "<=", date_to),
                ],
                ["partner_id", "state"],
                ["__count"],
            )
        )
        return _by_customer(
            (partner, {f"promises_{state}": count}) for partner, state, count in groups
        )

    def _measure_disputes(self, company, date_from, date_to):
        """Customer invoices of the period and those of them disputed; the
        disputes still open that began by the period's end, with their age
        at its end (or today, if sooner)."""
        last = min(date_to, fields.Date.context_today(self))
        self.env["account.move"].flush_model(
            [
                "commercial_partner_id",
                "company_id",
                "move_type",
                "state",
                "invoice_date",
                "overdue_disputed",
                "overdue_dispute_date",
            ]
        )
        rows = self.env.execute_query(
            SQL(
                """
                SELECT m.commercial_partner_id,
                       COUNT(*) FILTER (WHERE m.invoice_date BETWEEN %(start)s AND %(end)s),
                       COUNT(*) FILTER (WHERE m.invoice_date BETWEEN %(start)s AND %(end)s
                                          AND m.overdue_disputed),
                       COUNT(*) FILTER (WHERE m.overdue_disputed
                                          AND m.overdue_dispute_date <= %(last)s),
                       COALESCE(SUM(%(last)s::date - m.overdue_dispute_date)
                                FILTER (WHERE m.overdue_disputed
                                          AND m.overdue_dispute_date <= %(last)s), 0)
                  FROM account_move m
                 WHERE m.company_id = %(company)s AND m.move_type = 'out_invoice'
                   AND m.state = 'posted'
                   AND (m.invoice_date BETWEEN %(start)s AND %(end)s
                        OR m.overdue_disputed)
              GROUP BY 1
                """,
                company=company.id,
                start=date_from,
                end=date_to,
                last=last,
            )
        )
        return {
            partner_id: {
                "invoices": invoices,
                "disputed_invoices": disputed,
                "open_disputes": open_disputes,
                "open_dispute_days": days,
            }
            for partner_id, invoices, disputed, open_disputes, days in rows
        }

    def _measure_letters(self, company, date_from, date_to):
        """Dunning letters of the period sent, and not sent."""
        groups = self._measure_documents(
            "ar.dunning.letter", company, date_from, date_to
        )
        return _by_customer(
            (partner, {f"letters_{state}": count})
            for partner, state, _answer, count in groups
            if state in ("sent", "failed")
        )

    def _measure_statements(self, company, date_from, date_to):
        """Statements of the period that left: confirmed, disputed, or not
        answered (yet)."""
        names = {
            "confirmed": "statements_confirmed",
            "disputed": "statements_disputed",
            "none": "statements_unanswered",
        }
        groups = self._measure_documents("ar.statement", company, date_from, date_to)
        return _by_customer(
            (partner, {names[answer]: count})
            for partner, state, answer, count in groups
            if state == "sent"
        )

    def _measure_documents(self, model, company, date_from, date_to):
        """``[(customer, state, answer or None, count)]`` of the documents of
        ``model`` dated in the period."""
        has_answer = "answer" in self.env[model]._fields
        groups = (
            self.env[model]
            .sudo()
            ._read_group(
                [
                    ("company_id", "=", company.id),
                    ("date", ">=", date_from),
                    ("date", "<=", date_to),
                ],
                ["partner_id", "state"] + (["answer"] if has_answer else []),
                ["__count"],
            )
        )
        if has_answer:
            return groups
        return [(partner, state, None, count) for partner, state, count in groups]


_RECEIVABLES = ("opening_receivable", "closing_receivable", "closing_current")


def _by_customer(pairs):
    """``{customer id: values}`` from ``(partner, values)``: contacts count
    for their commercial entity; values of one customer are added up."""
    found = {}
    for partner, values in pairs:
        into = found.setdefault(partner.commercial_partner_id.id, {})
        for key, value in values.items():
            into[key] = into.get(key, 0) + value
    return found
