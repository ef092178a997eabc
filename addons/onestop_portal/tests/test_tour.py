from odoo.tests import tagged

from .common import PortalHttpCase, decode_qr_codes


@tagged("post_install", "-at_install")
class TestTours(PortalHttpCase):
    def test_citizen_submits_online_and_finds_it(self):
        self.procedure.name = "Tour khai sinh"
        self.start_tour("/onestop/procedures", "onestop_portal_submit_tour", login="t_citizen")
        dossier = self.env["onestop.dossier"].search(
            [("partner_id", "=", self.applicant.id), ("channel", "=", "online")]
        )
        self.assertEqual(len(dossier), 1)
        self.assertEqual(dossier.state, "draft")
        mandatory = dossier.document_line_ids.filtered("mandatory")
        self.assertTrue(all(mandatory.mapped("is_submitted")))
        self.assertEqual(set(mandatory.attachment_ids.mapped("mimetype")), {"application/pdf"})

    def test_visitor_opens_the_tracking_page_from_the_qr_code(self):
        self.applicant.name = "Tour Applicant"
        dossier = self.received_dossier()
        dossier.sudo()._onestop_forward(self.steps[1], self.specialist, self.unit)
        pdf, _kind = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf("onestop_portal.action_report_form_receipt", dossier.ids)
        )
        [url] = decode_qr_codes(pdf)
        self.start_tour(self.path(url), "onestop_portal_tracking_tour")
