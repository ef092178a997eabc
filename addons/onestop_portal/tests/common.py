import re
from urllib.parse import urlparse

from odoo import Command
from odoo.tests import HttpCase, new_test_user

from odoo.addons.onestop_workflow.tests.common import WorkflowCase

# Smallest files whose first bytes say what they are.
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32
HTML = b"<html><script>alert(1)</script></html>"
CSRF_RE = re.compile(r'(?:name="csrf_token"\s+value=|csrf_token:\s*)"([^"]+)"')


def decode_qr_codes(pdf):
    """The texts of the QR codes on the first page of a PDF: rasterised with pypdfium2,
    decoded with zxing-cpp."""
    import pypdfium2
    import zxingcpp

    document = pypdfium2.PdfDocument(pdf)
    try:
        image = document[0].render(scale=3).to_pil()
    finally:
        document.close()
    return [
        result.text
        for result in zxingcpp.read_barcodes(image)
        if result.format == zxingcpp.BarcodeFormat.QRCode
    ]


class PortalCase(WorkflowCase):
    """Workflow's small agency, its one-day procedure offered fully online, and two citizens
    with portal accounts: ``citizen`` (the applicant of the dossiers made here) and
    ``citizen2``."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.procedure.online_level = "full"
        cls.env["ir.config_parameter"].sudo().set_param("onestop_portal.upload_max_mb", "1")
        cls.citizen = new_test_user(
            cls.env,
            "t_citizen",
            groups="base.group_portal",
            name="Nguyễn Văn Công",
            email="t_citizen@example.vn",
            tz="Asia/Ho_Chi_Minh",
        )
        cls.citizen.partner_id.write(
            {
                "phone": "0912 345 678",
                "onestop_id_number": "037090004321",
                "street": "Số 1 đường Thử",
            }
        )
        cls.citizen2 = new_test_user(
            cls.env,
            "t_citizen2",
            groups="base.group_portal",
            name="Trần Thị Bình",
            email="t_citizen2@example.vn",
        )
        cls.citizen2.partner_id.write({"phone": "0987000111", "onestop_id_number": "037190009999"})
        cls.applicant = cls.citizen.partner_id
        cls.documents = cls.procedure.document_ids.sorted("sequence")

    def make_citizen_dossier(self, partner=None, **vals):
        return self.make_dossier(partner_id=(partner or self.applicant).id, **vals)

    def received_dossier(self, partner=None, **vals):
        dossier = self.make_citizen_dossier(partner, **vals)
        dossier.with_user(self.reception).action_receive()
        return dossier

    def waiting_dossier(self, partner=None):
        dossier = self.received_dossier(partner)
        dossier.sudo()._onestop_forward(self.steps[1], self.specialist, self.unit)
        self.wizard(
            "onestop.supplement.wizard",
            self.specialist,
            dossier,
            document_ids=[Command.set(dossier.document_line_ids[:1].ids)],
        ).action_confirm()
        return dossier

    def returned_dossier(self, partner=None):
        dossier = self.received_dossier(partner)
        dossier.sudo()._onestop_record_result(note="Đã ký")
        dossier.sudo()._onestop_return_result(method="desk")
        return dossier


class PortalHttpCase(HttpCase, PortalCase):
    """Helpers for the routes: the CSRF token of a page, the path of a URL."""

    def csrf(self, url):
        response = self.url_open(url)
        match = CSRF_RE.search(response.text)
        self.assertTrue(match, "no CSRF token on %s (%s)" % (url, response.status_code))
        return match.group(1)

    @staticmethod
    def path(url):
        parsed = urlparse(url)
        return parsed.path + ("?" + parsed.query if parsed.query else "")
