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
    "data": [],
    "installable": True,
}
