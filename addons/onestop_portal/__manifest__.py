{
    "name": "OneStop: Portal",
    "summary": "QR-coded receipts, public tracking, citizens' portal, online submission and "
    "satisfaction ratings",
    "version": "18.0.1.0.0",
    "category": "Services/OneStop",
    "author": "OneStop",
    "website": "https://github.com/onestop-vn/onestop",
    "license": "LGPL-3",
    "depends": ["onestop_workflow", "portal"],
    "data": [
        "security/onestop_portal_security.xml",
        "security/ir.model.access.csv",
        "data/ir_config_parameter_data.xml",
        "data/ir_cron_data.xml",
        "data/mail_template_data.xml",
        "report/onestop_form_receipt.xml",
        "report/onestop_portal_reports.xml",
        "views/onestop_dossier_views.xml",
        "views/onestop_portal_throttle_views.xml",
        "views/onestop_portal_layout_templates.xml",
        "views/onestop_tracking_templates.xml",
        "views/onestop_catalogue_templates.xml",
        "views/onestop_portal_templates.xml",
        "views/onestop_submission_templates.xml",
    ],
    "demo": [
        "demo/res_users_demo.xml",
    ],
    "assets": {
        "web.assets_frontend": [
            "onestop_portal/static/src/scss/onestop_portal.scss",
        ],
        "web.assets_tests": [
            "onestop_portal/static/tests/tours/**/*",
        ],
    },
    "post_init_hook": "post_init_hook",
    "installable": True,
}
