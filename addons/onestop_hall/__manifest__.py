{
    "name": "OneStop: Hall",
    "summary": "Queue tickets at a kiosk, counters that call them, the hall's screen with "
    'spoken calls, "4 tại chỗ" at the counter, online booking and the hall\'s reports',
    "version": "18.0.1.0.0",
    "category": "Services/OneStop",
    "author": "OneStop",
    "website": "https://github.com/onestop-vn/onestop",
    "license": "LGPL-3",
    "depends": ["onestop_workflow", "onestop_portal", "onestop_reports", "bus"],
    "external_dependencies": {"python": ["xlsxwriter", "pytz"]},
    "data": [
        "security/onestop_hall_security.xml",
        "security/ir.model.access.csv",
        "data/ir_config_parameter_data.xml",
        "data/ir_cron_data.xml",
        "wizard/onestop_ticket_transfer_wizard_views.xml",
        "views/onestop_hall_service_views.xml",
        "views/onestop_counter_views.xml",
        "views/onestop_ticket_views.xml",
        "views/onestop_procedure_views.xml",
        "views/onestop_dossier_views.xml",
        "views/onestop_kiosk_templates.xml",
        "views/onestop_hall_screen_templates.xml",
        "views/onestop_booking_templates.xml",
        "views/onestop_hall_portal_templates.xml",
        "views/onestop_dashboard_views.xml",
        "views/onestop_hall_menus.xml",
        "views/onestop_hall_booking_views.xml",
    ],
    "demo": [
        "demo/onestop_hall_demo.xml",
    ],
    "assets": {
        "web.assets_frontend": [
            "onestop_hall/static/src/js/hall_screen.js",
            "onestop_hall/static/src/scss/onestop_hall.scss",
        ],
        "web.assets_tests": [
            "onestop_hall/static/tests/tours/*.js",
        ],
    },
    "installable": True,
}
