import io
from urllib.parse import urlencode

import openpyxl
from freezegun import freeze_time

from odoo.tests import tagged

from .common import MARCH, NOW, ReportsHttpCase

# The scenario's dossiers that the test desk received in March, in the order it received
# them (A came in February, I was never received, J and L went to the other desk).
MARCH_AT_DESK = ["B", "C", "F", "G", "D", "H", "M", "E", "K"]


@tagged("post_install", "-at_install")
class TestLogbook(ReportsHttpCase):
    def book(self, user=None, desk=None, period=MARCH):
        return (
            self.env["onestop.logbook.wizard"]
            .with_user(user or self.reception)
            .create(
                {
                    "department_id": (desk or self.desk).id,
                    "period_type": "custom",
                    "date_from": period[0],
                    "date_to": period[1],
                }
            )
        )

    def url(self, **params):
        params = {
            "department_id": self.desk.id,
            "date_from": "2026-03-01",
            "date_to": "2026-03-31",
            **params,
        }
        return "/onestop/reports/logbook.xlsx?%s" % urlencode(params)

    def test_rows_of_the_month(self):
        book = self.book()
        self.assertEqual(book.line_count, len(MARCH_AT_DESK))
        rows = book._logbook_rows()
        self.assertEqual([row["code"] for row in rows], [self.d[k].name for k in MARCH_AT_DESK])
        self.assertEqual([row["sequence"] for row in rows], list(range(1, 10)))
        by_key = {key: row for key, row in zip(MARCH_AT_DESK, rows, strict=True)}
        c = by_key["C"]
        dossier = self.d["C"]
        self.assertEqual(c["procedure"], self.procedure.name)
        self.assertEqual(c["applicant"], "Nguyễn Văn Thử")
        self.assertIn("0912345678", c["contact"])
        self.assertIn("Số 1 đường Thử", c["contact"])
        self.assertEqual(c["agency"], self.agency.name)
        self.assertEqual(c["received"], dossier.received_date)
        self.assertEqual(c["due"], dossier.due_date)
        self.assertEqual(c["resolved"], dossier.resolved_date)
        self.assertEqual(c["returned"], dossier.returned_date)
        self.assertEqual(book._logbook_format(c["received"]), "09:00 02/03/2026")
        self.assertEqual(book._logbook_format(c["returned"]), "10:00 05/03/2026")
        self.assertIn("Received by post", c["note"])
        self.assertIn("Returned by post, item EL000000001VN", c["note"])
        self.assertIn("Submitted online", by_key["B"]["note"])
        self.assertIn("Không đủ điều kiện", by_key["F"]["note"])
        self.assertIn("Rescheduled to 17:00 10/04/2026", by_key["M"]["note"])
        # Still pending at the desk: no result, nothing returned.
        self.assertFalse(by_key["H"]["resolved"])
        self.assertFalse(by_key["H"]["returned"])
        # The handover out of the desk ends the reception line, never before the reception.
        for row in rows:
            if row["sent"]:
                self.assertGreaterEqual(row["sent"], row["received"])

    def test_other_desk_and_record_rules(self):
        rows = self.book(desk=self.other_desk, user=self.manager)._logbook_rows()
        self.assertEqual({row["code"] for row in rows}, {self.d["J"].name, self.d["L"].name})
        # The other desk's officer does not see the first desk's dossiers in its book.
        rows = self.book(user=self.other_reception)._logbook_rows()
        self.assertEqual(rows, [])

    def test_pdf_shows_every_dossier(self):
        book = self.book()
        html = (
            self.env["ir.actions.report"]
            .with_user(self.reception)
            ._render_qweb_html("onestop_reports.action_report_logbook", book.ids)[0]
            .decode()
        )
        for key in MARCH_AT_DESK:
            self.assertIn(self.d[key].name, html)
        self.assertNotIn(self.d["L"].name, html)
        self.assertIn("Mẫu số 06", html)
        self.assertIn("EL000000001VN", html)
        action = book.action_print()
        self.assertEqual(action["report_name"], "onestop_reports.report_onestop_logbook")

    def test_xlsx_reads_back(self):
        self.authenticate("t_reception", "t_reception")
        with freeze_time(NOW):
            response = self.url_open(self.url())
        self.assertEqual(response.status_code, 200, response.text[:300])
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        # Two header rows (the five dates under one merged title), then the column numbers.
        merged = {str(cells) for cells in sheet.merged_cells.ranges}
        self.assertIn("H5:L5", merged)
        self.assertIn("A5:A6", merged)
        titles = dict(
            (key, title)
            for key, title, _width in self.env["onestop.logbook.wizard"]
            .with_context(lang=self.reception.lang)
            ._logbook_columns()
        )
        self.assertEqual(sheet["H6"].value, titles["received"])
        self.assertEqual(sheet["A7"].value, "(1)")
        codes = [sheet.cell(row, 2).value for row in range(8, 8 + len(MARCH_AT_DESK))]
        self.assertEqual(codes, [self.d[k].name for k in MARCH_AT_DESK])
        self.assertEqual(sheet.cell(8, 1).value, 1)
        self.assertEqual(sheet.cell(9, 8).value, "09:00 02/03/2026")  # C received
        self.assertIn("EL000000001VN", sheet.cell(9, 14).value)
        # The wizard's button leads to the same file.
        action = self.book().action_export_xlsx()
        self.assertEqual(action["url"], self.url())

    def test_xlsx_bad_input_and_strangers(self):
        response = self.url_open(self.url())
        self.assertEqual(response.status_code, 403)
        self.authenticate("t_portal", "t_portal")
        self.assertEqual(self.url_open(self.url()).status_code, 403)
        self.authenticate("t_reception", "t_reception")
        for params in (
            {"date_from": "tháng ba"},
            {"date_to": "2026-02-30"},
            {"date_from": "2026-04-01"},  # after its end
            {"department_id": "abc"},
            {"department_id": ""},
            {"department_id": str(2**40)},
            {"department_id": "-3"},
        ):
            with self.subTest(params=params):
                response = self.url_open(self.url(**params))
                self.assertEqual(response.status_code, 400, response.text[:200])
        self.assertEqual(self.url_open(self.url(department_id=999999)).status_code, 404)
