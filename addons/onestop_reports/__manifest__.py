{
    "name": "OneStop: Reports",
    "summary": "Period statistics, analysis views, XLSX exports, service-quality "
    "indicators and a public board",
    "version": "18.0.1.0.0",
    "category": "Services/OneStop",
    "author": "OneStop",
    "website": "https://github.com/onestop-vn/onestop",
    "license": "LGPL-3",
    "depends": ["onestop_workflow"],
    "external_dependencies": {"python": ["xlsxwriter", "pytz"]},
    "data": [
        "security/onestop_reports_security.xml",
        "security/ir.model.access.csv",
        "data/ir_cron_data.xml",
        "report/onestop_dossier_report_views.xml",
        "wizard/onestop_statistics_wizard_views.xml",
        "wizard/onestop_dashboard_views.xml",
        "wizard/onestop_logbook_wizard_views.xml",
        "report/onestop_logbook_report.xml",
        "views/onestop_dossier_views.xml",
        "views/onestop_department_views.xml",
        "views/onestop_board_templates.xml",
        "views/onestop_export_job_views.xml",
        "views/onestop_reports_menus.xml",
    ],
    "assets": {
        "web.assets_backend": [
            "onestop_reports/static/src/js/*.js",
            "onestop_reports/static/src/xml/*.xml",
            "onestop_reports/static/src/scss/*.scss",
        ],
        "web.assets_tests": [
            "onestop_reports/static/tests/tours/*.js",
        ],
    },
    "post_init_hook": "post_init_hook",
    "installable": True,
}
