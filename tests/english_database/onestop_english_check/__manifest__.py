{
    "name": "OneStop: checks on a database created in English (tests only)",
    "summary": "Test-only addon of the suite test tests/test_english_database.py",
    "version": "18.0.1.0.0",
    "category": "Hidden/Tests",
    "author": "OneStop",
    "website": "https://github.com/onestop-vn/onestop",
    "license": "LGPL-3",
    "depends": ["onestop_portal", "onestop_reports"],
    "installable": True,
}
