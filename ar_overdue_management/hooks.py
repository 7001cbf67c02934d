def post_init_hook(env):
    """Give every existing company the default tiers and classify the
    invoices already posted, so the addon is useful right after install."""
    companies = env["res.company"].search([])
    companies.filtered(lambda c: not c.overdue_tier_ids)._overdue_create_default_tiers()
    env["ar.credit.grade.policy"]._create_defaults(companies)
    moves = env["account.move"].search(
        [
            ("move_type", "in", ("out_invoice", "out_refund", "out_receipt")),
            ("state", "=", "posted"),
            ("amount_residual", "!=", 0),
        ]
    )
    moves._overdue_refresh()
