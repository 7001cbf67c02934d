from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from ...policy import aging as aging_policy
from ...policy import statement as statement_policy
from ..core.ar_receivable import (
    DUE,
    aging_field_names,
    flush_open_at,
    flush_open_lines,
    open_at_sql,
    open_at_where,
)


def pair_lines(pairs):
    """``FROM`` the receivable lines of the customers and companies of
    ``pairs``, aliased ``w`` (the pair), ``l``, ``m`` and ``p``."""
    return SQL(
        """
        FROM unnest(%s::int[], %s::int[]) AS w(partner_id, company_id)
        JOIN res_partner p ON p.commercial_partner_id = w.partner_id
        JOIN account_move_line l
          ON l.partner_id = p.id AND l.company_id = w.company_id
        JOIN account_account a
          ON a.id = l.account_id AND a.account_type = 'asset_receivable'
        JOIN account_move m ON m.id = l.move_id
        """,
        [p for p, _c in pairs],
        [c for _p, c in pairs],
    )


class ArStatement(models.Model):
    """Statements read from the ledger: one query per figure for all the
    customers of a batch (the balance before the period, the period's
    entries, what was open at its end), then the rules of the statement."""

    _inherit = "ar.statement"

    @api.model
    def _statement_build(self, pairs, date_from, date_to, scheduled=False):
        """Create the statements of ``pairs`` (``(customer, company)``) for
        the period; returns them in the order of ``pairs``."""
        try:
            statement_policy.check_period(date_from, date_to)
        except ValueError as error:
            raise UserError(
                self.env._("Give a period whose first day is not after its last day.")
            ) from error
        pairs = list(dict.fromkeys(pairs))
        if not pairs:
            return self.browse()
        ledger = self._statement_ledger(pairs, date_from, date_to)
        cases = self.env["ar.collection.case"]._of_pairs(
            pairs, [("stage", "!=", "closed")]
        )
        partners = self.env["res.partner"].browse([p for p, _c in pairs])
        companies = self.env["res.company"].browse([c for _p, c in pairs])
        today = fields.Date.context_today(self)
        vals_list = []
        for partner_id, company_id in pairs:
            partner = partners.browse(partner_id)
            company = companies.browse(company_id)
            case = cases.get((partner_id, company_id))
            vals_list.append(
                {
                    "partner_id": partner_id,
                    "company_id": company_id,
                    "case_id": case.id if case else False,
                    "user_id": (case.user_id if case else partner.user_id).id,
                    "scheduled": scheduled,
                    "date": today,
                    "date_from": date_from,
                    "date_to": date_to,
                    "lang": partner.lang or company.partner_id.lang or "en_US",
                    "state": "draft",
                    **self._statement_figures_vals(
                        ledger, (partner_id, company_id), company.currency_id
                    ),
                }
            )
        return self.sudo().create(vals_list)

    def _statement_figures_vals(self, ledger, pair, currency):
        """The statement's stored figures, movements and balances per
        currency from the ledger rows: the figures in company currency, each
        movement and balance in its own currency."""
        openings = ledger["opening"].get(pair, {})
        moves = ledger["moves"].get(pair, [])
        figures = statement_policy.statement_figures(
            sum(company for company, _amount in openings.values()),
            [(row["kind"], row["amount"]) for row in moves],
            currency.decimal_places,
        )
        # an exchange difference moves no amount in the invoice's currency
        listed = [
            row
            for row in moves
            if row["currency_id"] == currency.id or row["amount_currency"]
        ]
        rows, balances = statement_policy.balances_by_currency(
            {key: amount for key, (_company, amount) in openings.items()},
            [(row["currency_id"], row["amount_currency"]) for row in listed],
            ledger["digits"],
        )
        aging = aging_policy.aggregate(ledger["open"].get(pair, []), ledger["as_of"])
        vals = {
            "opening_balance": figures.opening,
            "invoiced": figures.invoiced,
            "credited": figures.credited,
            "paid": figures.paid,
            "other_amount": figures.other,
            "closing_balance": figures.closing,
            "line_ids": [
                (0, 0, self._statement_line_vals(index, row, balance))
                for index, (row, balance) in enumerate(zip(listed, rows, strict=True))
            ],
            "balance_ids": [
                (
                    0,
                    0,
                    {
                        "sequence": index,
                        "currency_id": currency_id,
                        "opening_balance": opening,
                        "closing_balance": closing,
                    },
                )
                for index, (currency_id, opening, closing) in enumerate(balances)
            ],
        }
        for key, field_name in aging_field_names("aging").items():
            vals[field_name] = currency.round(aging[key])
        return vals

    @api.model
    def _statement_line_vals(self, index, row, balance):
        return {
            "sequence": index,
            "move_id": row["move_id"],
            "date": row["date"],
            "name": row["name"],
            "kind": row["kind"],
            "due_date": row["due_date"],
            "currency_id": row["currency_id"],
            "debit": max(row["amount_currency"], 0.0),
            "credit": max(-row["amount_currency"], 0.0),
            "balance": balance,
            "amount_company": row["amount"],
        }

    @api.model
    def _statement_ledger(self, pairs, date_from, date_to):
        """``{"opening": {pair: {currency: (company amount, amount)}},
        "moves": {pair: [row]}, "open": {pair: [(due date, amount)]}}``, each
        amount in company currency and, for the opening and the movements,
        in the entries' own currency too."""
        flush_open_at(self.env)
        self.env["account.move.line"].flush_model(["amount_currency", "currency_id"])
        self.env["account.move"].flush_model(
            ["name", "origin_payment_id", "statement_line_id"]
        )
        lines = pair_lines(pairs)
        wanted = set(pairs)
        currencies = self.env["res.currency"].search_fetch(
            [("active", "in", (True, False))], ["decimal_places"]
        )
        return {
            "as_of": date_to,
            "digits": {c.id: c.decimal_places for c in currencies},
            "opening": self._statement_opening(lines, date_from, wanted),
            "moves": self._statement_moves(lines, date_from, date_to, wanted),
            "open": self._statement_open(lines, date_to, wanted),
        }

    def _statement_opening(self, lines, date_from, wanted):
        rows = self.env.execute_query(
            SQL(
                """
                SELECT w.partner_id, w.company_id, l.currency_id,
                       SUM(l.balance), SUM(l.amount_currency) %s
                 WHERE l.parent_state = 'posted' AND l.date < %s
              GROUP BY 1, 2, 3
                """,
                lines,
                date_from,
            )
        )
        opening = {}
        for partner_id, company_id, currency_id, balance, amount in rows:
            if (partner_id, company_id) in wanted:
                opening.setdefault((partner_id, company_id), {})[currency_id] = (
                    float(balance),
                    float(amount),
                )
        return opening

    def _statement_moves(self, lines, date_from, date_to, wanted):
        rows = self.env.execute_query(
            SQL(
                """
                SELECT w.partner_id, w.company_id, m.id, MIN(l.date), m.name,
                       m.move_type,
                       (m.origin_payment_id IS NOT NULL
                        OR m.statement_line_id IS NOT NULL),
                       MIN(COALESCE(l.date_maturity, l.date)), SUM(l.balance),
                       l.currency_id, SUM(l.amount_currency)
                %s
                 WHERE l.parent_state = 'posted' AND l.date BETWEEN %s AND %s
              GROUP BY w.partner_id, w.company_id, m.id, l.currency_id
              ORDER BY MIN(l.date), m.name, m.id
                """,
                lines,
                date_from,
                date_to,
            )
        )
        moves = {}
        for row in rows:
            partner_id, company_id, move_id, day, name, kind, pay, due, amount = row[:9]
            if (partner_id, company_id) not in wanted:
                continue
            moves.setdefault((partner_id, company_id), []).append(
                {
                    "move_id": move_id,
                    "date": day,
                    "name": name,
                    "kind": statement_policy.kind_of(kind, pay),
                    "due_date": due if kind in ("out_invoice", "out_refund") else False,
                    "amount": float(amount),
                    "currency_id": row[9],
                    "amount_currency": float(row[10]),
                }
            )
        return moves

    def _statement_open(self, lines, date_to, wanted):
        """What was open on the period's last day, by due date, debts and
        credits apart."""
        rows = self.env.execute_query(
            SQL(
                """
                SELECT o.partner_id, o.company_id, o.due, SUM(o.amount)
                  FROM (SELECT w.partner_id, w.company_id, %s AS due, %s AS amount
                        %s
                         WHERE %s) o
              GROUP BY 1, 2, 3, o.amount > 0
                """,
                DUE,
                open_at_sql(date_to),
                lines,
                open_at_where(date_to),
            )
        )
        open_rows = {}
        for partner_id, company_id, due, amount in rows:
            if (partner_id, company_id) in wanted and amount:
                open_rows.setdefault((partner_id, company_id), []).append(
                    (due, float(amount))
                )
        return open_rows

    @api.model
    def _statement_customers(self, company_ids, date_from, date_to, frequency=None):
        """``(customer, company)`` pairs with a balance at the period's end
        or an entry in it; with ``frequency``, only the customers asking it
        that have no scheduled statement of the period yet."""
        flush_open_lines(self.env)
        self.env["res.partner"].flush_model(["ar_statement_frequency"])
        self.flush_model(
            ["partner_id", "company_id", "date_from", "date_to", "scheduled"]
        )
        asking = SQL("TRUE")
        if frequency:
            asking = SQL(
                """
                COALESCE(cp.ar_statement_frequency, 'monthly') = %(frequency)s
                AND NOT EXISTS (
                    SELECT 1 FROM ar_statement s
                     WHERE s.scheduled AND s.partner_id = b.partner_id
                       AND s.company_id = b.company_id
                       AND s.date_from = %(first)s AND s.date_to = %(last)s)
                """,
                frequency=frequency,
                first=date_from,
                last=date_to,
            )
        # grouped first, filtered per customer after: the filters run once
        # per customer, not once per ledger line
        rows = self.env.execute_query(
            SQL(
                """
                WITH balances AS (
                    SELECT p.commercial_partner_id AS partner_id, l.company_id
                      FROM account_move_line l
                      JOIN account_account a
                        ON a.id = l.account_id AND a.account_type = 'asset_receivable'
                      JOIN res_partner p ON p.id = l.partner_id
                     WHERE l.parent_state = 'posted' AND l.date <= %(last)s
                       AND l.company_id = ANY(%(companies)s)
                  GROUP BY 1, 2
                    HAVING ROUND(SUM(l.balance), 2) != 0 OR BOOL_OR(l.date >= %(first)s)
                )
                SELECT b.partner_id, b.company_id
                  FROM balances b
                  JOIN res_partner cp ON cp.id = b.partner_id
                 WHERE %(asking)s
              ORDER BY 1, 2
                """,
                last=date_to,
                companies=list(company_ids),
                first=date_from,
                asking=asking,
            )
        )
        return [tuple(row) for row in rows]
