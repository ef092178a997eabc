import json
from datetime import datetime
from urllib.parse import urlencode

import xlsxwriter

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL
from odoo.tools.sql import create_index

# Rows fetched from the server-side cursor at a time, in an export.
EXPORT_BATCH = 2000
# Data rows per worksheet: an XLSX sheet holds 1,048,576 rows, the first is the header.
XLSX_ROWS = 1048575
EXPORT_TYPES = ("char", "selection", "datetime", "date", "many2one", "integer")

# Indexes the period statistics use, beyond onestop_base's own (received_date, resolved_date,
# ended_date, returned_date, department_id on dossiers; dossier_id, date_start and date_end on
# pauses; dossier_id and date on deadline changes). A year's statistics read most dossiers in
# one sequential scan, which no index beats; what they look up row by row is the due date in
# force at a past moment: the last change of a dossier dated at or before it.
STATISTICS_INDEXES = [
    (
        "onestop_dossier_deadline",
        "onestop_dossier_deadline_dossier_date_index",
        ["dossier_id", "date"],
        "",
    ),
]


# The history looked up by the statistics for the few dossiers whose stored facts do not give
# the answer (onestop.statistics: _statistics_paused_sql, _statistics_due_sql): functions
# rather than subqueries, so that PostgreSQL may still scan the dossiers in parallel (a
# correlated subquery keeps the whole scan in one process). Their parameters are given in
# SQL's way, $1 and $2.
STATISTICS_FUNCTIONS = [
    """CREATE OR REPLACE FUNCTION onestop_paused_at(dossier integer, moment timestamp)
       RETURNS boolean LANGUAGE sql STABLE PARALLEL SAFE AS $$
           SELECT EXISTS (SELECT 1 FROM onestop_dossier_pause p
                           WHERE p.dossier_id = $1 AND p.date_start < $2
                             AND (p.date_end IS NULL OR p.date_end >= $2))
       $$""",
    """CREATE OR REPLACE FUNCTION onestop_due_at(dossier integer, moment timestamp)
       RETURNS timestamp LANGUAGE sql STABLE PARALLEL SAFE AS $$
           SELECT c.due_after FROM onestop_dossier_deadline c
            WHERE c.dossier_id = $1 AND c.date <= $2
            ORDER BY c.date DESC, c.id DESC LIMIT 1
       $$""",
]


class OnestopDossier(models.Model):
    _inherit = "onestop.dossier"

    report_working_days = fields.Float(
        string="Working days taken",
        compute="_compute_report_durations",
        store=True,
        digits=(16, 2),
        help="Working time from reception to the result (or to the end without a result), "
        "less the time paused, in working days.",
    )
    report_days_late = fields.Float(
        string="Working days late",
        compute="_compute_report_durations",
        store=True,
        digits=(16, 2),
        help="Working time from the due time to the result, for a result given late.",
    )
    report_paused_days = fields.Float(
        string="Days paused",
        compute="_compute_report_durations",
        store=True,
        digits=(16, 2),
        help="Working time spent waiting for supplements, in working days.",
    )
    onestop_statistics_filter = fields.Char(
        string="Statistics figure",
        compute="_compute_onestop_statistics_filter",
        search="_search_onestop_statistics_filter",
        help="Technical: selects the dossiers that one figure of the period statistics counts.",
    )

    def init(self):
        res = super().init()
        for table, name, expressions, where in STATISTICS_INDEXES:
            create_index(self.env.cr, name, table, expressions, where=where)
        for function in STATISTICS_FUNCTIONS:
            self.env.cr.execute(function)
        return res

    @api.depends("received_date", "resolved_date", "ended_date", "due_date", "paused_hours")
    def _compute_report_durations(self):
        for dossier in self:
            end = dossier.resolved_date or dossier.ended_date
            if not dossier.received_date or not dossier.department_id:
                dossier.report_working_days = 0.0
                dossier.report_days_late = 0.0
                dossier.report_paused_days = 0.0
                continue
            working_time = dossier._onestop_working_time()
            per_day = working_time.hours_per_day
            dossier.report_paused_days = dossier.paused_hours / per_day
            taken = 0.0
            if end:
                taken = working_time.working_hours_between(dossier.received_date, end)
                taken = max(taken - dossier.paused_hours, 0.0)
            dossier.report_working_days = taken / per_day
            late = 0.0
            if (
                dossier.resolved_date
                and dossier.due_date
                and dossier.resolved_date > dossier.due_date
            ):
                late = working_time.working_hours_between(dossier.due_date, dossier.resolved_date)
            dossier.report_days_late = late / per_day

    def _compute_onestop_statistics_filter(self):
        self.onestop_statistics_filter = False

    def _search_onestop_statistics_filter(self, operator, value):
        """``value`` is JSON: ``{"date_from", "date_to", "figure", "groupby", "group",
        "domain"}``; the dossiers that the figure counts for the group (all groups without
        ``group``)."""
        spec = None
        if operator == "=" and isinstance(value, str):
            try:
                spec = json.loads(value)
            except ValueError:
                spec = None
        if not isinstance(spec, dict) or not {"date_from", "date_to", "figure"} <= set(spec):
            raise UserError(
                self.env._(
                    "Search on a statistics figure with = and its description "
                    '{"date_from", "date_to", "figure", ...}.'
                )
            )
        domain = spec.get("domain") or []
        if not isinstance(domain, list):
            raise UserError(self.env._("The dossier filter is not valid: %(error)s", error=domain))
        sql = self.env["onestop.statistics"]._statistics_dossier_query(
            spec["date_from"],
            spec["date_to"],
            spec["figure"],
            groupby=spec.get("groupby") or None,
            group=spec.get("group", "__all__"),
            domain=domain,
        )
        return [("id", "in", sql)]

    # ------------------------------------------------------------------ XLSX export
    def _onestop_export_columns(self):
        """(header, field path, kind) of the columns of a dossier list export."""
        return [
            (self.env._("Code"), "name", "text"),
            (self.env._("Procedure"), "procedure_id.name", "text"),
            (self.env._("Field"), "field_id.name", "text"),
            (self.env._("Receiving unit"), "department_id.complete_name", "text"),
            (self.env._("Channel"), "channel", "selection"),
            (self.env._("Applicant"), "partner_id.name", "text"),
            (self.env._("Received on"), "received_date", "datetime"),
            (self.env._("Appointment date"), "due_date", "datetime"),
            (self.env._("Resolved on"), "resolved_date", "datetime"),
            (self.env._("Result"), "result_timing", "selection"),
            (self.env._("Returned on"), "returned_date", "datetime"),
            (self.env._("Status"), "state", "selection"),
        ]

    @api.model
    def _onestop_export_xlsx(self, domain, fileobj):
        """Write the dossiers of ``domain`` that the user may read to ``fileobj`` as XLSX, in
        constant memory: rows come from a server-side cursor in batches and xlsxwriter keeps
        only the current row. Returns the number of dossiers written."""
        Statistics = self.env["onestop.statistics"]
        columns = self._onestop_export_columns()
        query = self._search(domain or [], order="id")
        tz = Statistics._statistics_tz().zone
        selects, selections = [], {}
        for index, (_label, path, kind) in enumerate(columns):
            sql, field = Statistics._statistics_path(path, query, types=EXPORT_TYPES)
            if kind == "datetime":
                sql = SQL("timezone(%s, timezone('UTC', %s))", tz, sql)
            elif kind == "selection":
                selections[index] = dict(field._description_selection(self.env))
            selects.append(sql)

        workbook = xlsxwriter.Workbook(fileobj, {"constant_memory": True})
        header = workbook.add_format({"bold": True, "bg_color": "#DCE6F1", "border": 1})
        moment = workbook.add_format({"num_format": "dd/mm/yyyy hh:mm"})
        sheet, row, count = None, 0, 0

        def new_sheet():
            page = workbook.add_worksheet(
                self.env._("Dossiers")
                if sheet is None
                else "%s %d" % (self.env._("Dossiers"), count // XLSX_ROWS + 1)
            )
            for col, (label, _path, kind) in enumerate(columns):
                page.write_string(0, col, label, header)
                page.set_column(col, col, 18 if kind == "datetime" else 24)
            page.set_column(0, 0, 28)
            return page

        sheet = new_sheet()
        if not query.is_empty():
            self.env.flush_all()
            cr = self.env.cr
            cursor = SQL.identifier("onestop_dossier_export")
            cr.execute(SQL("DECLARE %s NO SCROLL CURSOR FOR %s", cursor, query.select(*selects)))
            while True:
                cr.execute(SQL("FETCH FORWARD %s FROM %s", EXPORT_BATCH, cursor))
                rows = cr.fetchall()
                if not rows:
                    break
                for values in rows:
                    row += 1
                    if row > XLSX_ROWS:
                        sheet, row = new_sheet(), 1
                    for col, value in enumerate(values):
                        if value is None or value is False:
                            continue
                        if col in selections:
                            sheet.write_string(row, col, selections[col].get(value, value))
                        elif isinstance(value, datetime):
                            sheet.write_datetime(row, col, value, moment)
                        else:
                            sheet.write_string(row, col, str(value))
                    count += 1
            cr.execute(SQL("CLOSE %s", cursor))
        workbook.close()
        return count

    def action_onestop_export_xlsx(self):
        """Download the selected dossiers, or all those of the list's filter when the whole
        list is selected, as XLSX. A list longer than the setting
        onestop_reports.export_sync_limit (20,000 dossiers) is exported in the background: the
        user finds the file in the inbox and under Dossiers > My exports."""
        context = self.env.context
        ids = context.get("active_ids") or self.ids
        domain = context.get("active_domain")
        limit = int(self.env["ir.config_parameter"].sudo().get_param("web.active_ids_limit", 20000))
        count = len(ids)
        if isinstance(domain, list) and len(ids) >= limit:
            count = self.search_count(domain)
        elif not isinstance(domain, list) or self.search_count(domain) != len(ids):
            domain = [("id", "in", ids)]
        Job = self.env["onestop.export.job"]
        if count > Job._onestop_sync_limit():
            job = Job._onestop_queue(domain, count)
            return {
                "type": "ir.actions.client",
                "tag": "display_notification",
                "params": {
                    "type": "info",
                    "title": self.env._("Export in preparation"),
                    "message": self.env._(
                        "The %(count)s dossiers are being exported in the background. You will "
                        "find the file in your inbox and under Dossiers > My exports (%(job)s).",
                        count=count,
                        job=job.name,
                    ),
                    "sticky": False,
                },
            }
        return {
            "type": "ir.actions.act_url",
            "url": "/onestop/reports/dossiers.xlsx?%s" % urlencode({"domain": json.dumps(domain)}),
            "target": "download",
        }
