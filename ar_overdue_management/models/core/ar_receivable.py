"""The open receivable lines of customers: one definition for every reader.

The classification of invoices, the customer figures, the aging analysis and
the credit rating all read "the open receivable lines of a customer in a
company" through :func:`open_lines_sql`, after :func:`flush_open_lines`, so
they cannot disagree on which lines count or on their due date.
"""

from contextlib import contextmanager
from datetime import timedelta

from odoo import fields
from odoo.tools import SQL

from ...policy import aging as aging_policy
from ...policy import habits as habit_policy
from .bulk_rows import insert_notes

#: the move types of customer documents: invoices, credit notes, receipts
CUSTOMER_MOVE_TYPES = ("out_invoice", "out_refund", "out_receipt")
#: Due date of an open line: its due date, or its entry date when it has none
#: (see ``policy.receivable.due_date_of``).
DUE = SQL("COALESCE(l.date_maturity, l.date)")

LINE_FIELDS = [
    "account_id",
    "amount_residual",
    "company_id",
    "date",
    "date_maturity",
    "move_id",
    "parent_state",
    "partner_id",
    "reconciled",
]
MOVE_FIELDS = [
    "commercial_partner_id",
    "company_id",
    "move_type",
    "overdue_disputed",
    "state",
]


def flush_open_lines(env):
    """Write pending ORM changes the open-lines SQL reads."""
    env["account.move.line"].flush_model(LINE_FIELDS)
    env["account.move"].flush_model(MOVE_FIELDS)
    env["res.partner"].flush_model(["commercial_partner_id"])


def open_lines_sql(select, where=None, group_by=None, order_by=None):
    """``SELECT select`` over the open receivable lines, aliased ``l`` (line),
    ``m`` (its entry) and ``p`` (its partner; ``p.commercial_partner_id`` is
    the customer), filtered by ``where`` and grouped by ``group_by``."""
    return SQL(
        """
        SELECT %(select)s
          FROM account_move_line l
          JOIN account_account a
            ON a.id = l.account_id AND a.account_type = 'asset_receivable'
          JOIN account_move m ON m.id = l.move_id
          JOIN res_partner p ON p.id = l.partner_id
         WHERE l.parent_state = 'posted'
           AND l.reconciled IS NOT TRUE
           AND %(where)s
         %(group_by)s
         %(order_by)s
        """,
        select=select,
        where=where or SQL("TRUE"),
        group_by=SQL("GROUP BY %s", group_by) if group_by else SQL(""),
        order_by=SQL("ORDER BY %s", order_by) if order_by else SQL(""),
    )


def customer_pairs_where(pairs):
    """Restrict the open lines to the customers and companies of ``pairs``, a
    set of ``(commercial partner id, company id)``.  Two ``= ANY`` conditions
    (which the planner serves from indexes) rather than a pair test: with
    several companies a row of a partner in another of the companies may come
    back, and callers drop rows of pairs they did not ask for."""
    partner_ids, company_ids = split_pairs(pairs)
    return SQL(
        "p.commercial_partner_id = ANY(%s) AND l.company_id = ANY(%s)",
        partner_ids,
        company_ids,
    )


def chased_lines(env, pairs, as_of):
    """``{pair: [row]}``: what is chased of these customers on ``as_of``,
    one row per open receivable line, oldest due first: the undisputed
    debts past their due date, then the unapplied credits deducted from
    them.  Their company-currency amounts add up to the gross overdue less
    the credits, the customer's overdue (policy.receivable) whenever the
    credits do not cover every overdue debt.  Each row: ``line_id``,
    ``move_id``, ``name``, ``invoice_date``, ``due``, ``credit`` (a credit
    row), ``currency_id`` and ``amount_currency`` (the line's own currency)
    and ``amount`` (company currency)."""
    chased = {pair: [] for pair in pairs}
    if not pairs:
        return chased
    env["account.move.line"].flush_model(["amount_residual_currency", "currency_id"])
    env["account.move"].flush_model(["name", "invoice_date"])
    rows = _chased_rows(
        env,
        pairs,
        as_of,
        SQL(
            """l.id, m.id, m.name, COALESCE(m.invoice_date, l.date), %(due)s,
               l.amount_residual < 0, l.currency_id,
               l.amount_residual_currency, l.amount_residual""",
            due=DUE,
        ),
    )
    keys = "line_id move_id name invoice_date due credit currency_id".split()
    for partner_id, company_id, *row in rows:
        if (partner_id, company_id) in chased:
            values = dict(zip(keys, row[:7], strict=True))
            values["amount_currency"] = float(row[7])
            values["amount"] = float(row[8])
            chased[partner_id, company_id].append(values)
    return chased


def chased_line_ids(env, pairs, as_of):
    """``{pair: [line id]}``: the lines of :func:`chased_lines`, in its
    order, without their figures: what a list that reads its own columns
    needs."""
    chased = {pair: [] for pair in pairs}
    if not pairs:
        return chased
    for partner_id, company_id, line_id in _chased_rows(env, pairs, as_of, SQL("l.id")):
        if (partner_id, company_id) in chased:
            chased[partner_id, company_id].append(line_id)
    return chased


def _chased_rows(env, pairs, as_of, columns):
    """The rows of the lines chased of ``pairs`` on ``as_of``: the customer,
    the company, then ``columns``; oldest due debts first, credits last."""
    flush_open_lines(env)
    return env.execute_query(
        open_lines_sql(
            SQL("p.commercial_partner_id, l.company_id, %s", columns),
            where=SQL(
                """%(pairs)s AND (l.amount_residual < 0 OR (
                       l.amount_residual > 0 AND m.overdue_disputed IS NOT TRUE
                       AND %(due)s < %(as_of)s))""",
                pairs=customer_pairs_where(pairs),
                due=DUE,
                as_of=as_of,
            ),
            order_by=SQL("l.amount_residual < 0, %s, l.id", DUE),
        )
    )


def log_on_customers(env, bodies, sanitized=False):
    """Log ``bodies``, ``{(partner id, company id): body}``, on the customers'
    chatter: one note per customer and company, never merged, all in one
    statement (a month's rating logs a grade on thousands of customers);
    ``sanitized``: the bodies are stored as they are."""
    insert_notes(
        env["res.partner"],
        [(partner_id, body) for (partner_id, _c), body in sorted(bodies.items())],
        sanitized=sanitized,
    )


def split_pairs(pairs):
    """``(partner ids, company ids)`` of ``(partner id, company id)`` pairs."""
    return list({p for p, _c in pairs}), list({c for _p, c in pairs})


def _received_rows(env, windows, by_day):
    """``[(index in windows, day or None, amount)]``: what customers paid
    in date windows (``windows``: ``[(partner id, company id, first day,
    last day)]``), in company currency: the credit on their receivable
    accounts from payments and bank statement lines (not from credit notes,
    write-offs or other journal entries), reversals netted, matched with an
    invoice or not; per window, or per window and day."""
    flush_open_lines(env)
    env["account.move.line"].flush_model(["balance"])
    env["account.move"].flush_model(["origin_payment_id", "statement_line_id"])
    day = SQL("l.date") if by_day else SQL("NULL::date")
    # the days the windows span, stated apart: the ledger is then read on
    # those days only, instead of every payment line being compared with
    # every window
    firsts = [w[2] for w in windows if w[2]]
    lasts = [w[3] for w in windows if w[3]]
    return env.execute_query(
        SQL(
            """
            SELECT w.key, %(day)s, -SUM(l.balance)
              FROM unnest(%(keys)s::int[], %(partners)s::int[], %(companies)s::int[],
                          %(firsts)s::date[], %(lasts)s::date[])
                   AS w(key, partner_id, company_id, first_day, last_day)
              JOIN res_partner p ON p.commercial_partner_id = w.partner_id
              JOIN account_move_line l
                ON l.partner_id = p.id AND l.company_id = w.company_id
               AND l.date BETWEEN w.first_day AND w.last_day
              JOIN account_account a
                ON a.id = l.account_id AND a.account_type = 'asset_receivable'
              JOIN account_move m ON m.id = l.move_id AND m.move_type = 'entry'
               AND (m.origin_payment_id IS NOT NULL OR m.statement_line_id IS NOT NULL)
             WHERE l.parent_state = 'posted'
               AND l.date BETWEEN %(span_first)s AND %(span_last)s
          GROUP BY 1, 2
          ORDER BY 1, 2
            """,
            day=day,
            span_first=min(firsts, default=None),
            span_last=max(lasts, default=None),
            keys=list(range(len(windows))),
            partners=[w[0] for w in windows],
            companies=[w[1] for w in windows],
            firsts=[w[2] for w in windows],
            lasts=[w[3] for w in windows],
        )
    )


def received_between(env, windows):
    """Money received from customers in date windows: ``windows`` is
    ``{key: (partner id, company id, first day, last day)}``; returns
    ``{key: amount}`` (see :func:`_received_rows` for what counts)."""
    if not windows:
        return {}
    keys = list(windows)
    received = dict.fromkeys(keys, 0.0)
    for index, _day, amount in _received_rows(env, [windows[k] for k in keys], False):
        received[keys[index]] = max(float(amount or 0.0), 0.0)
    return received


def payments_by_day(env, windows):
    """What customers paid, day by day, in date windows: ``windows`` is
    ``{(partner id, company id): (first day, last day)}``; returns ``{pair:
    [(date, amount)]}``, reversals netted within the day."""
    pairs = list(windows)
    paid = {pair: [] for pair in pairs}
    if not pairs:
        return paid
    rows = _received_rows(env, [(*pair, *windows[pair]) for pair in pairs], True)
    for index, day, amount in rows:
        paid[pairs[index]].append((day, float(amount or 0.0)))
    return paid


def paid_invoice_dates(env, pairs, since, as_of):
    """``{pair: [(due date, paid date)]}``: the customer invoices' receivable
    lines fully paid between ``since`` and ``as_of`` (paid date: the last
    reconciliation that settled them), in one query."""
    partner_ids, company_ids = split_pairs(pairs)
    flush_open_lines(env)
    env["account.partial.reconcile"].flush_model(["debit_move_id", "max_date"])
    rows = env.execute_query(
        SQL(
            """
            SELECT p.commercial_partner_id, l.company_id, %(due)s, MAX(r.max_date)
              FROM account_move_line l
              JOIN account_account a
                ON a.id = l.account_id AND a.account_type = 'asset_receivable'
              JOIN account_move m ON m.id = l.move_id AND m.move_type = 'out_invoice'
              JOIN res_partner p ON p.id = l.partner_id
              JOIN account_partial_reconcile r ON r.debit_move_id = l.id
             WHERE l.parent_state = 'posted' AND l.reconciled
               AND p.commercial_partner_id = ANY(%(partners)s)
               AND l.company_id = ANY(%(companies)s)
          GROUP BY l.id, p.commercial_partner_id, l.company_id
            HAVING MAX(r.max_date) > %(since)s AND MAX(r.max_date) <= %(as_of)s
            """,
            due=DUE,
            partners=partner_ids,
            companies=company_ids,
            since=since,
            as_of=as_of,
        )
    )
    paid = {}
    for partner_id, company_id, due, day in rows:
        if (partner_id, company_id) in pairs:
            paid.setdefault((partner_id, company_id), []).append((due, day))
    return paid


def open_at_sql(as_of):
    """What was left of receivable line ``l`` on ``as_of``: its amount less
    what was reconciled with it up to that day (both sides)."""
    return SQL(
        """
        l.balance
        - COALESCE((SELECT SUM(r.amount) FROM account_partial_reconcile r
                     WHERE r.debit_move_id = l.id AND r.max_date <= %(day)s), 0)
        + COALESCE((SELECT SUM(r.amount) FROM account_partial_reconcile r
                     WHERE r.credit_move_id = l.id AND r.max_date <= %(day)s), 0)
        """,
        day=as_of,
    )


def open_at_where(as_of):
    """The receivable lines that may still have been open on ``as_of``:
    posted by then, and not reconciled for good before it.  One EXISTS per
    side of the reconciliation, so that each reads its index: a single one
    on ``debit OR credit`` scans every reconciliation for every line."""
    return SQL(
        """
        l.parent_state = 'posted' AND l.date <= %(day)s
        AND (l.reconciled IS NOT TRUE
             OR EXISTS (SELECT 1 FROM account_partial_reconcile r
                         WHERE r.debit_move_id = l.id AND r.max_date > %(day)s)
             OR EXISTS (SELECT 1 FROM account_partial_reconcile r
                         WHERE r.credit_move_id = l.id AND r.max_date > %(day)s))
        """,
        day=as_of,
    )


@contextmanager
def without_jit(cr):
    """Run the statements of the block without PostgreSQL's JIT compilation,
    then restore the setting: the correlated sums of :func:`open_at_sql`
    make the planner's estimate of a query over a whole ledger high enough
    to compile it, which costs more than the query itself (about 0.65 s of
    1 s at 20,000 invoices)."""
    cr.execute(SQL("SELECT current_setting('jit')"))
    [(before,)] = cr.fetchall()
    cr.execute(SQL("SELECT set_config('jit', 'off', true)"))
    try:
        yield
    finally:
        cr.execute(SQL("SELECT set_config('jit', %s, true)", before))


def flush_open_at(env):
    flush_open_lines(env)
    env["account.move.line"].flush_model(["balance"])
    env["account.partial.reconcile"].flush_model(
        ["amount", "debit_move_id", "credit_move_id", "max_date"]
    )


def open_at_rows(env, company_ids, as_of):
    """``[(customer, company, due date, amount)]``: what the customers of
    ``company_ids`` owed on ``as_of`` (a past day: later payments do not
    count), by due date, in company currency, in one query."""
    flush_open_at(env)
    with without_jit(env.cr):
        rows = _open_at_query(env, company_ids, as_of)
    return [(p, c, due, float(amount)) for p, c, due, amount in rows if amount]


def _open_at_query(env, company_ids, as_of):
    return env.execute_query(
        SQL(
            """
            SELECT p.commercial_partner_id, l.company_id, %(due)s, SUM(%(open)s)
              FROM account_move_line l
              JOIN account_account a
                ON a.id = l.account_id AND a.account_type = 'asset_receivable'
              JOIN res_partner p ON p.id = l.partner_id
             WHERE l.company_id = ANY(%(companies)s) AND %(where)s
          GROUP BY 1, 2, 3
            """,
            due=DUE,
            open=open_at_sql(as_of),
            companies=list(company_ids),
            where=open_at_where(as_of),
        )
    )


def payment_habits(env, pairs, as_of):
    """``{pair: policy.habits.Habit}`` of these customers, from their last
    twelve months of payments, in one query; read by the rating and the
    letters alike."""
    since = as_of - timedelta(days=365)
    paid = paid_invoice_dates(env, set(pairs), since, as_of)
    return {
        pair: habit_policy.payment_habit(dates, as_of) for pair, dates in paid.items()
    }


def aging_field_names(prefix):
    """``{column key: field name}`` of the policy's aging columns: the
    buckets, then the unapplied credits."""
    return {column.key: f"{prefix}_{column.key}" for column in aging_policy.COLUMNS}


def aging_fields(prefix, **kwargs):
    """One Monetary field per aging column of the policy, labelled as the
    column: ``{"<prefix>_<key>": field}``, for a model's class body."""
    return {
        name: fields.Monetary(string=column.label, **kwargs)
        for column, name in zip(
            aging_policy.COLUMNS, aging_field_names(prefix).values(), strict=True
        )
    }
