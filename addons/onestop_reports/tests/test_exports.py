import io
import json
from datetime import datetime
from urllib.parse import urlencode

import openpyxl

from odoo.tests import tagged

from ..controllers.main import XLSX_MIMETYPE
from ..models.onestop_statistics import (
    RATES,
    XLSX_FIRST_DATA_ROW,
    XLSX_GROUP_HEADERS,
    XLSX_HEADER_ROW,
    XLSX_LAYOUT,
    XLSX_TITLE,
)
from .common import MARCH, ReportsHttpCase

COLUMNS = [key for _group, subs in XLSX_LAYOUT for key, _label in subs]


@tagged("post_install", "-at_install")
class TestExports(ReportsHttpCase):
    def statistics_url(self, **params):
        params = {
            "date_from": "2026-03-01",
            "date_to": "2026-03-31",
            "groupby": "department_id",
            "domain": json.dumps(self.scope),
            **params,
        }
        return "/onestop/reports/statistics.xlsx?%s" % urlencode(params)

    def dossiers_url(self, domain):
        return "/onestop/reports/dossiers.xlsx?%s" % urlencode({"domain": json.dumps(domain)})

    def open_xlsx(self, url):
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200, response.text[:500])
        self.assertEqual(response.headers["Content-Type"], XLSX_MIMETYPE)
        self.assertIn("attachment", response.headers["Content-Disposition"])
        return openpyxl.load_workbook(io.BytesIO(response.content))

    def assertLineEqual(self, sheet, row, label, values):
        self.assertEqual(sheet.cell(row, 2).value, label)
        for offset, key in enumerate(COLUMNS):
            cell = sheet.cell(row, 3 + offset).value
            if key in RATES:
                if values[key] is None:
                    self.assertIsNone(cell, key)
                else:
                    self.assertAlmostEqual(cell, values[key], msg=key)
            else:
                self.assertEqual(cell, values[key], "%s, %s" % (label, key))

    def test_statistics_xlsx_reads_back_as_compute(self):
        self.authenticate("t_manager", "t_manager")
        sheet = self.open_xlsx(self.statistics_url()).active
        groups, total = (
            self.env["onestop.statistics"]
            .with_user(self.manager)
            .compute_with_total(*MARCH, groupby="department_id", domain=self.scope)
        )
        # The title, the period and the time of printing.
        self.assertEqual(sheet.cell(1, 1).value, XLSX_TITLE)
        self.assertEqual(
            sheet.cell(2, 1).value, "Kỳ báo cáo: từ ngày 01/03/2026 đến ngày 31/03/2026"
        )
        self.assertIn("Thời điểm in:", sheet.cell(3, 1).value)
        # Two header rows with merged cells, in Vietnamese.
        top, sub = XLSX_HEADER_ROW + 1, XLSX_HEADER_ROW + 2
        merged = {str(cells) for cells in sheet.merged_cells.ranges}
        self.assertIn("A%d:A%d" % (top, sub), merged)
        self.assertIn("B%d:B%d" % (top, sub), merged)
        self.assertEqual(sheet.cell(top, 1).value, "STT")
        self.assertEqual(sheet.cell(top, 2).value, XLSX_GROUP_HEADERS["department_id"])
        # The result timings and the ends without a result: onestop_base's labels.
        vi = self.env["onestop.statistics"]
        if self.env["res.lang"]._lang_get("vi_VN"):
            vi = vi.with_context(lang="vi_VN")
            self.assertEqual(vi._statistics_xlsx_label(("result_timing", "early")), "Trước hạn")
        col = 3
        for group, subs in XLSX_LAYOUT:
            self.assertEqual(sheet.cell(top, col).value, group)
            if len(subs) > 1:
                first = sheet.cell(top, col).coordinate
                last = sheet.cell(top, col + len(subs) - 1).coordinate
                self.assertIn("%s:%s" % (first, last), merged)
                for offset, (_key, label) in enumerate(subs):
                    self.assertEqual(
                        sheet.cell(sub, col + offset).value, vi._statistics_xlsx_label(label)
                    )
            col += len(subs)
        self.assertEqual(sheet.cell(top, 3).value, "Số hồ sơ phải giải quyết")
        self.assertEqual(sheet.cell(sub, 4).value, "Kỳ trước chuyển sang")
        # One line per unit, then the totals, equal to compute().
        row = XLSX_FIRST_DATA_ROW + 1
        self.assertEqual(len(groups), 2)
        for serial, values in enumerate(groups, start=1):
            self.assertEqual(sheet.cell(row, 1).value, serial)
            self.assertLineEqual(sheet, row, values["department_id"][1], values)
            row += 1
        self.assertLineEqual(sheet, row, "Tổng cộng", total)
        self.assertEqual(sheet.cell(row, 3).value, 11)  # to_handle
        self.assertIsNone(sheet.cell(row + 1, 2).value)

    def test_statistics_xlsx_without_grouping(self):
        self.authenticate("t_manager", "t_manager")
        sheet = self.open_xlsx(self.statistics_url(groupby="none")).active
        [total] = (
            self.env["onestop.statistics"]
            .with_user(self.manager)
            .compute(*MARCH, domain=self.scope)
        )
        self.assertLineEqual(sheet, XLSX_FIRST_DATA_ROW + 1, "Tổng cộng", total)

    def test_statistics_xlsx_bad_input(self):
        self.authenticate("t_manager", "t_manager")
        for url in (
            self.statistics_url(date_from="2026-04-01"),
            self.statistics_url(date_to="yesterday"),
            self.statistics_url(groupby="pause_ids"),
            self.statistics_url(domain="[("),
            self.statistics_url(domain='{"a": 1}'),
            self.statistics_url(department_ids="x"),
        ):
            response = self.url_open(url)
            self.assertEqual(response.status_code, 400, url)
            self.assertNotIn("Traceback", response.text)

    def test_dossier_list_xlsx(self):
        self.authenticate("t_manager", "t_manager")
        sheet = self.open_xlsx(self.dossiers_url(self.scope)).active
        rows = list(sheet.iter_rows(values_only=True))
        expected = (
            self.env["onestop.dossier"].with_user(self.manager).search(self.scope, order="id")
        )
        self.assertEqual([row[0] for row in rows[1:]], expected.mapped("name"))
        # Headers and labels in the user's language.
        Dossier = self.env["onestop.dossier"].with_context(lang=self.manager.lang)
        self.assertEqual(
            list(rows[0]), [label for label, _path, _kind in Dossier._onestop_export_columns()]
        )
        by_code = {row[0]: row for row in rows[1:]}
        b = by_code[self.d["B"].name]
        self.assertEqual(b[1], self.procedure.name)
        channels = dict(Dossier._fields["channel"]._description_selection(Dossier.env))
        timings = dict(Dossier._fields["result_timing"]._description_selection(Dossier.env))
        self.assertEqual(b[4], channels["online"])
        self.assertEqual(b[5], self.partner.name)
        # Dates in the agency's time zone.
        self.assertEqual(b[6], datetime(2026, 3, 2, 9, 0))
        self.assertEqual(b[7], datetime(2026, 3, 3, 11, 30))
        self.assertEqual(b[9], timings["early"])

    def test_dossier_list_xlsx_of_a_figure(self):
        """The dossiers behind a figure, exported: the list a click on it opens."""
        self.authenticate("t_manager", "t_manager")
        spec = {
            "date_from": "2026-03-01",
            "date_to": "2026-03-31",
            "figure": "pending_within",
            "domain": self.scope,
        }
        domain = [["onestop_statistics_filter", "=", json.dumps(spec)]]
        sheet = self.open_xlsx(self.dossiers_url(domain)).active
        codes = {row[0] for row in sheet.iter_rows(min_row=2, values_only=True)}
        self.assertEqual(codes, {self.d["K"].name, self.d["M"].name})

    def test_dossier_list_respects_record_rules(self):
        self.authenticate("t_other_reception", "t_other_reception")
        sheet = self.open_xlsx(self.dossiers_url(self.scope)).active
        codes = {row[0] for row in sheet.iter_rows(min_row=2, values_only=True)}
        self.assertEqual(codes, {self.d["L"].name, self.d["J"].name})

    def test_exports_refused_to_visitors_and_portal_users(self):
        urls = (self.statistics_url(), self.dossiers_url(self.scope))
        for url in urls:
            response = self.url_open(url)
            self.assertEqual(response.status_code, 403, url)
        self.authenticate("t_portal", "t_portal")
        for url in urls:
            response = self.url_open(url)
            self.assertEqual(response.status_code, 403, url)
            self.assertNotIn(self.d["B"].name, response.text)

    def test_dossier_list_bad_domain(self):
        self.authenticate("t_manager", "t_manager")
        for domain in ("[(", '{"a": 1}', '[["no_such_field", "=", 1]]'):
            url = "/onestop/reports/dossiers.xlsx?%s" % urlencode({"domain": domain})
            response = self.url_open(url)
            self.assertEqual(response.status_code, 400, domain)

    def test_export_action_of_the_list(self):
        Dossier = self.env["onestop.dossier"].with_user(self.manager)
        selected = self.dossiers("BC").with_user(self.manager)
        action = selected.with_context(
            active_ids=selected.ids, active_domain=self.scope
        ).action_onestop_export_xlsx()
        self.assertEqual(action["type"], "ir.actions.act_url")
        self.assertIn(
            urlencode({"domain": json.dumps([["id", "in", selected.ids]])}), action["url"]
        )
        # The whole list selected: its filter, not its ids.
        everything = Dossier.search(self.scope)
        action = everything.with_context(
            active_ids=everything.ids, active_domain=self.scope
        ).action_onestop_export_xlsx()
        self.assertIn(urlencode({"domain": json.dumps(self.scope)}), action["url"])

    def test_compute_over_json_rpc(self):
        """Outside tools call compute() like any model method, with dates as strings."""
        self.authenticate("t_manager", "t_manager")
        result = self.make_jsonrpc_request(
            "/web/dataset/call_kw/onestop.statistics/compute",
            {
                "model": "onestop.statistics",
                "method": "compute",
                "args": ["2026-03-01", "2026-03-31"],
                "kwargs": {"groupby": "channel", "domain": self.scope},
            },
        )
        expected = (
            self.env["onestop.statistics"]
            .with_user(self.manager)
            .compute(*MARCH, groupby="channel", domain=self.scope)
        )
        self.assertEqual(result, expected)
        self.assertEqual({row["channel"] for row in result}, {"online", "in_person", "postal"})
