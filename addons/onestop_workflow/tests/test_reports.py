from odoo.tests import tagged

from odoo.addons.onestop_base.tests.common import local

from .common import WorkflowCase


@tagged("post_install", "-at_install")
class TestReports(WorkflowCase):
    def html(self, report, records):
        return self.env["ir.actions.report"]._render_qweb_html(report, records.ids)[0].decode()

    def test_forms_render(self):
        dossier = self.receive(2026, 3, 2, 9, 0)
        self.forward(dossier, self.reception, (2026, 3, 2, 9, 30), to=self.specialist)
        with self.at(2026, 3, 2, 10, 0):
            self.wizard(
                "onestop.supplement.wizard",
                self.specialist,
                dossier,
                missing="- Bản sao Giấy chứng sinh",
            ).action_confirm()
        html = self.html("onestop_workflow.action_report_form_supplement", dossier.pause_ids)
        for text in (
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc",
            "Mẫu số 02",
            "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ",
            "UBND XÃ THỬ NGHIỆM",
            "Bản sao Giấy chứng sinh",
            "ngày 02 tháng 03 năm 2026",
            dossier.name,
        ):
            self.assertIn(text, html)
        with self.at(2026, 3, 2, 11, 0):
            dossier.with_user(self.reception).action_supplement_received()
            apology = self.env["onestop.dossier.apology"].create(
                {
                    "dossier_id": dossier.id,
                    "new_due_date": local(2026, 3, 6, 17, 0),
                    "reason": "Chờ xác minh",
                }
            )
            apology.with_user(self.specialist).action_confirm()
        html = self.html("onestop_workflow.action_report_form_apology", apology)
        self.assertIn("PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ", html)
        self.assertIn("Mẫu số 04", html)
        self.assertIn("17:00 06/03/2026", html)
        self.assertIn("Chờ xác minh", html)
        with self.at(2026, 3, 2, 14, 0):
            self.wizard(
                "onestop.close.wizard",
                self.specialist,
                dossier,
                close_state="refused",
                reason="Không đủ điều kiện",
            ).action_confirm()
        html = self.html("onestop_workflow.action_report_form_refusal", dossier)
        self.assertIn("PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ", html)
        self.assertIn("Mẫu số 03", html)
        self.assertIn("Không đủ điều kiện", html)
        html = self.html("onestop_workflow.action_report_form_control_slip", dossier)
        self.assertIn("Mẫu số 05", html)
        for text in ("Thẩm định", "Tiếp nhận", "Đúng hạn", "Không đủ điều kiện"):
            self.assertIn(text, html)
        # The print buttons point at the right records.
        action = dossier.with_user(self.specialist).action_print_supplement()
        self.assertEqual(action["context"]["active_ids"], dossier.pause_ids.ids)
        action = dossier.with_user(self.specialist).action_print_refusal()
        self.assertEqual(action["report_name"], "onestop_workflow.report_form_refusal")
