{
    "name": "OneStop: National Portal Sync",
    "summary": "Reports every dossier and step to the National Public Service Portal through an "
    "outbox that loses nothing, the national status codes, catalogue mapping and a daily "
    "reconciliation",
    "version": "18.0.1.0.0",
    "category": "Services/OneStop",
    "author": "OneStop",
    "website": "https://github.com/onestop-vn/onestop",
    "license": "LGPL-3",
    "depends": ["onestop_workflow", "onestop_reports"],
    "external_dependencies": {"python": ["requests"]},
    "data": [
        "security/onestop_sync_security.xml",
        "security/ir.model.access.csv",
        "data/ir_cron_data.xml",
        "views/onestop_sync_event_views.xml",
        "views/onestop_sync_endpoint_views.xml",
        "views/onestop_sync_catalogue_views.xml",
        "views/onestop_dossier_views.xml",
        "views/onestop_dashboard_views.xml",
        "views/onestop_sync_menus.xml",
    ],
    "demo": [
        "demo/onestop_sync_demo.xml",
    ],
    "installable": True,
}
