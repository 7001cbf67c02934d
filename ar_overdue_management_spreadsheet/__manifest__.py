{
    "name": "AR Overdue Management - Dashboard",
    "summary": "Collections dashboard in the Dashboards app: aging, overdue, cases",
    "version": "18.0.1.0.0",
    "category": "Hidden",
    "license": "AGPL-3",
    "author": "ar_overdue_management developers",
    "website": "https://github.com/ar-overdue-management/ar_overdue_management",
    "maintainers": ["ar-overdue-management"],
    "depends": ["ar_overdue_management", "spreadsheet_dashboard"],
    "data": [
        "data/dashboards.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "ar_overdue_management_spreadsheet/static/tests/tours/*.js",
        ],
    },
    "auto_install": True,
}
