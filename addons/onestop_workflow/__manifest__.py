{
    "name": "OneStop: Workflow",
    "summary": "Internal processes as a stage-based kanban, step deadlines, legal turns, "
    "inter-agency transfer and the control slip",
    "version": "18.0.1.0.0",
    "category": "Services/OneStop",
    "author": "OneStop",
    "website": "https://github.com/onestop-vn/onestop",
    "license": "LGPL-3",
    "depends": ["onestop_base"],
    "data": [],
    "installable": True,
}
