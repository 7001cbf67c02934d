{
    "name": "AR Overdue Management - Sales",
    "summary": "Credit holds on sale orders: refuse confirmation, banner, prepayment",
    "version": "18.0.1.1.0",
    "category": "Sales/Sales",
    "license": "AGPL-3",
    "author": "ar_overdue_management developers",
    "website": "https://github.com/ar-overdue-management/ar_overdue_management",
    "maintainers": ["ar-overdue-management"],
    "depends": ["ar_overdue_management", "sale"],
    "data": [
        "security/ir.model.access.csv",
        "security/ar_overdue_sale_security.xml",
        "views/sale_order_views.xml",
        "views/ar_receivable_snapshot_views.xml",
        "views/ar_collection_target_views.xml",
    ],
    "auto_install": True,
}
