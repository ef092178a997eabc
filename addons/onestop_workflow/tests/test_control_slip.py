from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from odoo.addons.onestop_base.tests.common import local

from .common import WorkflowCase


@tagged("post_install", "-at_install")
class TestControlSlip(WorkflowCase):
    def setUp(self):
        super().setUp()
        self.dossier = self.receive(2026, 3, 2, 9, 0)
        self.forward(self.dossier, self.reception, (2026, 3, 2, 9, 30), to=self.specialist)
        self.ended, self.open = self.dossier.step_ids.sorted("sequence")

    def test_lines_are_not_written_by_hand(self):
        Line = self.env["onestop.dossier.step"]
        for user in (self.specialist, self.head, self.admin):
            with self.subTest(user=user.login):
                with self.assertRaises(UserError):
                    self.ended.with_user(user).write({"note": "sửa"})
                with self.assertRaises(UserError):
                    self.open.with_user(user).write({"date_due": local(2026, 3, 9, 17, 0)})
                with self.assertRaises(AccessError):
                    self.ended.with_user(user).unlink()
                with self.assertRaises(UserError):
                    Line.with_user(user).create(
                        {
                            "dossier_id": self.dossier.id,
                            "kind": "handover",
                            "name": "Giả",
                            "date_start": local(2026, 3, 2, 9, 0),
                        }
                    )
        # Not even the superuser.
        with self.assertRaisesRegex(UserError, "cannot be changed"):
            self.ended.sudo().write({"result": "early"})
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            self.open.sudo().unlink()
        with self.assertRaisesRegex(UserError, "never by hand"):
            Line.sudo().create(
                {
                    "dossier_id": self.dossier.id,
                    "kind": "handover",
                    "name": "Giả",
                    "date_start": local(2026, 3, 2, 9, 0),
                }
            )
        # An ended line is final, even for the actions.
        flagged = self.ended.sudo().with_context(onestop_step_action=True)
        with self.assertRaisesRegex(UserError, "has ended"):
            flagged.write({"note": "sửa"})
        self.assertFalse(self.ended.note)
        self.assertEqual(self.ended.result, "on_time")

    def test_lines_are_readable_by_those_who_see_the_dossier(self):
        self.assertEqual(
            self.dossier.with_user(self.specialist).step_ids.mapped("kind"),
            ["reception", "handover"],
        )
        Line = self.env["onestop.dossier.step"]
        self.assertFalse(
            Line.with_user(self.other_reception).search([("dossier_id", "=", self.dossier.id)])
        )

    def test_control_slip_shows_in_the_dossier(self):
        form = self.env.ref("onestop_workflow.onestop_dossier_view_form")
        self.assertIn('name="step_ids"', form.arch_db)
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html(
                "onestop_workflow.action_report_form_control_slip", self.dossier.ids
            )[0]
            .decode()
        )
        self.assertIn("PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ", html)
        self.assertIn(self.dossier.name, html)
        self.assertIn("Thẩm định", html)
        self.assertIn("Đúng hạn", html)
        self.assertIn("09:30 02/03/2026", html)
