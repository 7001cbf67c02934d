def post_init_hook(env):
    """Classify the invoices already posted, so the addon is useful right
    after install (the default tiers come from data/, before any demo).

    The tiers found are recorded as already warned: a live database with
    thousands of overdue customers gets no flood of activities, only the
    entries that happen from now on.  Holds are computed but enforced only
    once the company switches them on."""
    env["res.company"]._ar_overdue_install_defaults()
    moves = env["account.move"].search(
        [
            ("move_type", "in", ("out_invoice", "out_refund", "out_receipt")),
            ("state", "=", "posted"),
            ("amount_residual", "!=", 0),
        ]
    )
    moves._overdue_refresh(warn=False)
