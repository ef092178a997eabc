import io

from odoo import Command
from odoo.tests import tagged

from odoo.addons.onestop_portal.tests.common import PDF

from .common import DigitalHttpCase


@tagged("post_install", "-at_install")
class TestDigitalReports(DigitalHttpCase):
    """March 2026 at the desk of the test agency: three dossiers received, one reusing the
    applicant's identity card, one that could have and did not, one with nothing to reuse and
    every document scanned; one resolved with its result stored."""

    def setUp(self):
        super().setUp()
        self.store()
        Attachment = self.env["ir.attachment"]
        # 1: reuses the identity card.
        self.reused = self.make_citizen_dossier(submit=False)
        self.reused.document_line_ids.filtered("mandatory").is_submitted = True
        self.id_card_line(self.reused).is_submitted = False
        self.reused.with_user(self.reception).action_onestop_reuse_documents()
        # 2: could reuse it, the desk took a paper copy instead.
        self.not_reused = self.make_citizen_dossier()
        # 3: another applicant, nothing to reuse, everything scanned.
        self.scanned = self.make_dossier(partner_id=self.citizen2.partner_id.id, submit=False)
        for line in self.scanned.document_line_ids.filtered("mandatory"):
            line.attachment_ids = [
                Command.link(Attachment.create({"name": "x.pdf", "raw": PDF}).id)
            ]
        with self.at(2026, 3, 2, 9):
            for dossier in (self.reused, self.not_reused, self.scanned):
                dossier.with_user(self.reception).action_receive()
        with self.at(2026, 3, 3, 9):
            result = Attachment.create({"name": "kq.pdf", "raw": PDF})
            self.scanned.sudo()._onestop_record_result(note="Xong", attachments=result)
            self.not_reused.sudo()._onestop_record_result(note="Xong")

    def test_rates_per_unit(self):
        rows, total = self.env["onestop.statistics"].compute_digital(
            "2026-03-01", "2026-03-31", domain=[("department_id", "child_of", self.agency.id)]
        )
        self.assertEqual([row["department_id"] for row in rows], [self.desk])
        self.assertEqual(total["received"], 3)
        # Dossier 3 is fully digitised; 1 has reused its card but its other lines are paper.
        self.assertEqual(total["digitised_dossiers"], 1)
        self.assertAlmostEqual(total["digitisation_rate"], 1 / 3)
        # Lines: 3 mandatory per dossier; offered: the card in 1 and 2; reused: 1.
        self.assertEqual(total["lines"], 9)
        self.assertEqual((total["lines_offered"], total["lines_reused"]), (2, 1))
        self.assertAlmostEqual(total["reuse_rate"], 0.5)
        # Lines digitised: 3 scanned + 1 reused.
        self.assertEqual(total["lines_digitised"], 4)
        self.assertEqual((total["resolved"], total["results_stored"]), (2, 1))
        self.assertAlmostEqual(total["result_digitisation_rate"], 0.5)
        # Another period: nothing, rates undefined.
        empty = self.env["onestop.statistics"].compute_digital(
            "2026-01-01", "2026-01-31", domain=[("department_id", "child_of", self.agency.id)]
        )[1]
        self.assertEqual(empty["received"], 0)
        self.assertIsNone(empty["reuse_rate"])

    def test_dashboard_and_xlsx(self):
        dashboard = (
            self.env["onestop.dashboard"]
            .with_user(self.manager)
            .create(
                {
                    "period_type": "month",
                    "period_year": 2026,
                    "period_month": "3",
                    "department_ids": [Command.set(self.agency.ids)],
                }
            )
        )
        self.assertTrue(dashboard.has_reuse_rate)
        self.assertAlmostEqual(dashboard.reuse_rate, 50.0)
        self.assertFalse(dashboard.has_reuse_rate_previous)
        self.assertAlmostEqual(dashboard.result_digitisation_rate, 50.0)
        self.assertAlmostEqual(dashboard.digitisation_rate, 100 / 3, places=2)
        indicators = self.env["onestop.statistics"].compute_indicators(
            "2026-03-01", "2026-03-31", [("department_id", "child_of", self.agency.id)]
        )
        self.assertAlmostEqual(indicators["reuse_rate"], 0.5)
        action = dashboard.action_onestop_digital_xlsx()
        self.assertIn("/onestop/reports/digital.xlsx?date_from=2026-03-01", action["url"])
        self.authenticate(self.manager.login, self.manager.login)
        response = self.url_open(action["url"])
        self.assertEqual(response.status_code, 200)
        import openpyxl

        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
        self.assertIn("Tỷ lệ tái sử dụng", rows[3])
        unit = next(row for row in rows if row[1] and self.desk.name in str(row[1]))
        column = rows[3].index("Tỷ lệ tái sử dụng")
        self.assertAlmostEqual(unit[column], 0.5)
        total = next(row for row in rows if row[1] == "Tổng cộng")
        self.assertEqual(total[rows[3].index("Hồ sơ tiếp nhận")], 3)
        # Citizens and visitors get nothing; a bad date is a 400.
        self.authenticate(self.citizen.login, self.citizen.login)
        self.assertEqual(self.url_open(action["url"]).status_code, 403)
        self.authenticate(self.manager.login, self.manager.login)
        self.assertEqual(
            self.url_open("/onestop/reports/digital.xlsx?date_from=x&date_to=y").status_code, 400
        )
