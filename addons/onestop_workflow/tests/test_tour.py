from odoo.tests import HttpCase, tagged

from .common import WorkflowCase


@tagged("post_install", "-at_install")
class TestTour(HttpCase, WorkflowCase):
    def test_specialist_forwards_from_the_kanban(self):
        self.specialist.write({"name": "Tour Specialist", "tz": "Asia/Ho_Chi_Minh"})
        self.head.name = "Tour Head"
        self.partner.name = "Tour Applicant"
        dossier = self.make_dossier()
        dossier._receive()
        dossier.sudo()._onestop_forward(self.steps[1], self.specialist, self.unit)
        self.assertEqual(dossier.stage_id, self.stage["appraisal"])
        self.start_tour(
            "/odoo/action-onestop_workflow.action_dossier_kanban",
            "onestop_workflow_forward_tour",
            login=self.specialist.login,
        )
        self.assertEqual(dossier.stage_id, self.stage["review"])
        self.assertEqual(dossier.user_id, self.head)
        self.assertEqual(dossier.current_step_id.user_from_id, self.specialist)

    def test_control_slip_pdf(self):
        # wkhtmltopdf fetches the report's assets from the test server: an HttpCase.
        dossier = self.receive(2026, 3, 2, 9, 0)
        self.to_signature(dossier)
        pdf, kind = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf("onestop_workflow.action_report_form_control_slip", dossier.ids)
        )
        self.assertEqual(kind, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
