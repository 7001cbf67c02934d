{
    "name": "AR Overdue Management - Job Workers",
    "summary": "The daily run and the month-end as batches on OCA queue_job's workers",
    "version": "18.0.1.0.0",
    "category": "Hidden",
    "license": "AGPL-3",
    "author": "ar_overdue_management developers",
    "website": "https://github.com/ar-overdue-management/ar_overdue_management",
    "maintainers": ["ar-overdue-management"],
    "depends": ["ar_overdue_management", "queue_job"],
    "data": [
        "security/ir.model.access.csv",
        "security/ar_overdue_queue_security.xml",
        "data/queue_job_data.xml",
        "views/queue_job_views.xml",
        "views/res_config_settings_views.xml",
    ],
    "auto_install": True,
}
