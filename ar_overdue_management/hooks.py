def post_init_hook(env):
    """Classify the invoices already posted, so the addon is useful right
    after install (the default tiers come from data/, before any demo)."""
    env["res.company"]._ar_overdue_install_defaults()
    moves = env["account.move"].search(
        [
            ("move_type", "in", ("out_invoice", "out_refund", "out_receipt")),
            ("state", "=", "posted"),
            ("amount_residual", "!=", 0),
        ]
    )
    moves._overdue_refresh()
