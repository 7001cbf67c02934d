"""Set-based SQL clones of the seed documents, to reach 100k invoices in seconds.

Posting through the ORM costs tens of milliseconds a document; a clone is an
``INSERT ... SELECT`` of a seed's move, lines and tax many2many rows with a
new customer, shifted dates and a name continuing the journal's sequence.
What a clone keeps and lacks is told in bench/README.md ("Honesty notes").
The column lists are read from the database, so the clones follow whatever
columns the installed modules add.
"""

from datetime import timedelta

from .common import log

NOW = "(now() AT TIME ZONE 'UTC')"

# columns of account_move that a clone must not share with its seed (links to
# other records, hashes, the addon's own state): NULL in the clone
MOVE_COLUMNS_CLEARED = (
    "ref",
    "access_token",
    "reversed_entry_id",
    "inalterable_hash",
    "secure_sequence_number",
    "message_main_attachment_id",
    "statement_line_id",
    "payment_id",
    "origin_payment_id",
    "auto_post_origin_id",
    "tax_cash_basis_rec_id",
    "tax_cash_basis_origin_move_id",
    "invoice_origin",
    "overdue_tier_id",
    "overdue_due_date",
    "overdue_check_date",
)

# same for account_move_line: no reconciliation, statement or payment
LINE_COLUMNS_CLEARED = (
    "full_reconcile_id",
    "matching_number",
    "ref",
    "statement_line_id",
    "payment_id",
    "reconcile_model_id",
    "statement_id",
)


def table_columns(cr, table):
    cr.execute(
        "SELECT column_name FROM information_schema.columns "
        "WHERE table_schema = 'public' AND table_name = %s ORDER BY ordinal_position",
        [table],
    )
    return [row[0] for row in cr.fetchall()]


def insert_select(cr, table, overrides, from_clause, id_expr):
    """INSERT INTO table SELECT <column or override> for every column."""
    cols = [c for c in table_columns(cr, table) if c != "id"]
    exprs = [overrides.get(c, f"src.{c}") for c in cols]
    col_list = ", ".join(f'"{c}"' for c in cols)
    cr.execute(
        f'INSERT INTO "{table}" (id, {col_list}) '
        f"SELECT {id_expr}, {', '.join(exprs)} {from_clause}"
    )
    return cr.rowcount


def clone_moves(cr, rng, seeds, customers, count, ref_date):
    """Clone the seed documents ``count`` times with set-based SQL.

    Each clone copies one seed (chosen at random) with its lines, for a
    random customer (some customers get many more invoices than others),
    shifted by -20..+20 days (kept inside the year before ``ref_date``), with
    a new name continuing the journal's sequence of that year.  Balances,
    residuals, ``reconciled`` flags and payment states are those of the seed;
    the dates of the lines (due dates included) move with the shift.
    """
    if count <= 0:
        return 0
    cr.execute(
        "SELECT id, invoice_date FROM account_move WHERE id = ANY(%s)", [seeds.ids]
    )
    seed_dates = dict(cr.fetchall())
    c_seed, partner_ids, c_date = draw_clones(
        rng, seed_dates, customers, count, ref_date
    )
    create_clone_map(cr, c_seed, partner_ids, c_date)
    n_moves = insert_clone_moves(cr)
    n_lines = insert_clone_lines(cr)
    copy_line_relations(cr)
    log(f"  cloned {n_moves} moves, {n_lines} lines")
    return n_moves


def draw_clones(rng, seed_dates, customers, count, ref_date):
    """(seed, customer, date) of each clone: customers weighted 1/sqrt(rank),
    dates shifted -20..+20 days inside the year before ``ref_date``."""
    seed_ids = sorted(seed_dates)
    weights = [1.0 / (i + 1) ** 0.5 for i in range(len(customers))]
    partner_ids = rng.choices(customers.ids, weights=weights, k=count)
    rng.shuffle(partner_ids)  # the heavy customers are not just the first ones
    window_start = ref_date - timedelta(days=364)
    c_seed, c_date = [], []
    for _i in range(count):
        seed_id = rng.choice(seed_ids)
        new_date = seed_dates[seed_id] + timedelta(days=rng.randint(-20, 20))
        new_date = min(max(new_date, window_start), ref_date)
        c_seed.append(seed_id)
        c_date.append(new_date)
    return c_seed, partner_ids, c_date


def create_clone_map(cr, c_seed, partner_ids, c_date):
    """Temp table ``bench_clone_map``: one row per clone with its new id, date
    shift and name (the journal's sequence of the clone's year, continued in
    date order)."""
    cr.execute("DROP TABLE IF EXISTS bench_clone_map")
    cr.execute(
        """
        CREATE TEMP TABLE bench_clone_map AS
        SELECT v.ord, v.seed_id, v.partner_id, v.new_date,
               nextval('account_move_id_seq')::int AS new_id,
               v.new_date - m.invoice_date AS shift,
               m.journal_id,
               split_part(m.sequence_prefix, '/', 1) || '/'
                   || extract(year FROM v.new_date)::int || '/' AS prefix,
               m.name AS old_name,
               0 AS seqnum, ''::varchar AS new_name
          FROM unnest(%s::int[], %s::int[], %s::int[], %s::date[])
               AS v(ord, seed_id, partner_id, new_date)
          JOIN account_move m ON m.id = v.seed_id
        """,
        [list(range(len(c_seed))), c_seed, partner_ids, c_date],
    )
    # without statistics the planner joins the temp table with itself in a nested loop
    cr.execute("CREATE UNIQUE INDEX ON bench_clone_map (ord)")
    cr.execute("ANALYZE bench_clone_map")
    cr.execute(
        """
        WITH mx AS (
            SELECT journal_id, sequence_prefix, MAX(sequence_number) AS mx
              FROM account_move GROUP BY 1, 2
        ), num AS (
            SELECT c.ord,
                   COALESCE(mx.mx, 0) + ROW_NUMBER() OVER (
                       PARTITION BY c.journal_id, c.prefix
                       ORDER BY c.new_date, c.ord) AS seqnum
              FROM bench_clone_map c
         LEFT JOIN mx ON mx.journal_id = c.journal_id AND mx.sequence_prefix = c.prefix
        )
        UPDATE bench_clone_map c
           SET seqnum = num.seqnum,
               new_name = c.prefix || lpad(num.seqnum::text,
                                           greatest(5, length(num.seqnum::text)), '0')
          FROM num WHERE num.ord = c.ord
        """
    )
    cr.execute("CREATE INDEX ON bench_clone_map (seed_id)")
    cr.execute("ANALYZE bench_clone_map")


def insert_clone_moves(cr):
    """The clones' ``account_move`` rows, from ``bench_clone_map``."""
    move_cols = set(table_columns(cr, "account_move"))
    overrides = {
        "name": "c.new_name",
        "sequence_prefix": "c.prefix",
        "sequence_number": "c.seqnum",
        "payment_reference": "c.new_name",
        "partner_id": "c.partner_id",
        "commercial_partner_id": "c.partner_id",
        "partner_shipping_id": "c.partner_id",
        "invoice_partner_display_name": "p.name",
        "date": "src.date + c.shift",
        "invoice_date": "src.invoice_date + c.shift",
        "invoice_date_due": "src.invoice_date_due + c.shift",
        "create_date": NOW,
        "write_date": NOW,
    }
    for col in MOVE_COLUMNS_CLEARED:
        overrides[col] = "NULL"
    overrides = {k: v for k, v in overrides.items() if k in move_cols}
    return insert_select(
        cr,
        "account_move",
        overrides,
        "FROM bench_clone_map c JOIN account_move src ON src.id = c.seed_id "
        "JOIN res_partner p ON p.id = c.partner_id",
        "c.new_id",
    )


def insert_clone_lines(cr):
    """The clones' ``account_move_line`` rows; temp table ``bench_line_map``
    keeps old line id -> new line id for :func:`copy_line_relations`."""
    cr.execute("DROP TABLE IF EXISTS bench_line_map")
    cr.execute(
        """
        CREATE TEMP TABLE bench_line_map AS
        SELECT nextval('account_move_line_id_seq')::int AS new_id, l.id AS old_id,
               c.new_id AS move_id, c.shift, c.partner_id, c.new_name, c.old_name
          FROM bench_clone_map c JOIN account_move_line l ON l.move_id = c.seed_id
        """
    )
    cr.execute("CREATE INDEX ON bench_line_map (old_id)")
    cr.execute("ANALYZE bench_line_map")
    line_cols = set(table_columns(cr, "account_move_line"))
    overrides = {
        "move_id": "lm.move_id",
        "move_name": "lm.new_name",
        "name": "CASE WHEN src.name = lm.old_name THEN lm.new_name ELSE src.name END",
        "partner_id": "CASE WHEN src.partner_id IS NULL THEN NULL "
        "ELSE lm.partner_id END",
        "date": "src.date + lm.shift",
        "invoice_date": "src.invoice_date + lm.shift",
        "date_maturity": "src.date_maturity + lm.shift",
        "create_date": NOW,
        "write_date": NOW,
    }
    for col in LINE_COLUMNS_CLEARED:
        overrides[col] = "NULL"
    overrides = {k: v for k, v in overrides.items() if k in line_cols}
    return insert_select(
        cr,
        "account_move_line",
        overrides,
        "FROM bench_line_map lm JOIN account_move_line src ON src.id = lm.old_id",
        "lm.new_id",
    )


def copy_line_relations(cr):
    """The many2many rows of the cloned lines (taxes, tax tags)."""
    cr.execute(
        """
        SELECT c.table_name, c.column_name
          FROM information_schema.columns c
         WHERE c.table_schema = 'public'
           AND c.table_name IN ('account_move_line_account_tax_rel',
                                'account_account_tag_account_move_line_rel')
           AND c.column_name <> 'account_move_line_id'
        """
    )
    for table, other in cr.fetchall():
        cr.execute(
            f'INSERT INTO "{table}" (account_move_line_id, "{other}") '
            f'SELECT lm.new_id, r."{other}" FROM bench_line_map lm '
            f'JOIN "{table}" r ON r.account_move_line_id = lm.old_id'
        )
