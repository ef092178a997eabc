{
    "name": "OneStop: Digital",
    "summary": "Citizens' store of digitised documents reused across dossiers, and PAdES "
    "signatures (pyHanko) on the forms and results the agency issues",
    "version": "18.0.1.0.0",
    "category": "Services/OneStop",
    "author": "OneStop",
    "website": "https://github.com/onestop-vn/onestop",
    "license": "LGPL-3",
    "depends": ["onestop_portal", "onestop_reports"],
    "external_dependencies": {"python": ["pyhanko", "pyhanko_certvalidator", "asn1crypto"]},
    "data": [
        "security/onestop_digital_security.xml",
        "security/ir.model.access.csv",
        "data/onestop_document_kind_data.xml",
        "data/ir_cron_data.xml",
        "views/onestop_document_kind_views.xml",
        "views/onestop_citizen_document_views.xml",
        "views/onestop_signer_views.xml",
        "views/onestop_dossier_views.xml",
        "views/onestop_procedure_views.xml",
        "views/onestop_dashboard_views.xml",
        "views/onestop_portal_templates.xml",
        "views/onestop_verify_templates.xml",
        "views/onestop_digital_menus.xml",
    ],
    "demo": [
        "demo/onestop_digital_demo.xml",
    ],
    "assets": {
        "web.assets_frontend": [
            "onestop_digital/static/src/scss/onestop_digital.scss",
        ],
        "web.assets_tests": [
            "onestop_digital/static/tests/tours/**/*",
        ],
    },
    "installable": True,
}
