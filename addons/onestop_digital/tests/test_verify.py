from odoo.tests import tagged

from ..tools import pades
from .common import DigitalHttpCase, real_pdf


def qr_texts_of_last_page(pdf):
    """The QR codes on the last page, signature stamps included (their form widgets are
    drawn): pypdfium2 and zxing-cpp."""
    import pypdfium2
    import zxingcpp

    document = pypdfium2.PdfDocument(pdf)
    try:
        document.init_forms()
        image = document[len(document) - 1].render(scale=4, may_draw_forms=True).to_pil()
    finally:
        document.close()
    return [
        result.text
        for result in zxingcpp.read_barcodes(image)
        if result.format == zxingcpp.BarcodeFormat.QRCode
    ]


@tagged("post_install", "-at_install")
class TestVerify(DigitalHttpCase):
    def setUp(self):
        super().setUp()
        self.dossier = self.received_dossier()
        self.signed = self.dossier._onestop_sign_form("receipt")
        self.record = self.env["onestop.signature"].search([("attachment_id", "=", self.signed.id)])

    def upload(self, data, name="giay-tiep-nhan.pdf"):
        csrf = self.csrf("/onestop/verify")
        return self.url_open(
            "/onestop/verify", data={"csrf_token": csrf}, files={"pdf": (name, data)}
        )

    def test_qr_of_the_stamp_leads_to_the_answer(self):
        self.assertEqual(len(self.record), 1)
        url = self.record._onestop_verify_url()
        self.assertIn(url, qr_texts_of_last_page(self.signed.raw))
        response = self.url_open(self.path(url))
        self.assertEqual(response.status_code, 200)
        page = response.text
        self.assertIn('data-state="valid"', page)
        self.assertIn("UBND xã Thử Nghiệm", page)
        self.assertIn(self.dossier.name, page)
        self.assertEqual(response.headers.get("Cache-Control"), "no-store")
        for path in ("/onestop/verify/" + "x" * 43, "/onestop/verify/short"):
            with self.subTest(path=path):
                self.assertEqual(self.url_open(path).status_code, 404)
        self.assertEqual(self.url_open("/onestop/verify/%00").status_code, 400)

    def test_upload_valid_tampered_and_bad_files(self):
        response = self.upload(self.signed.raw)
        self.assertEqual(response.status_code, 200)
        self.assertIn('class="o_onestop_verify_result alert alert-success"', response.text)
        self.assertIn("UBND xã Thử Nghiệm", response.text)
        tampered = bytearray(self.signed.raw)
        tampered[len(tampered) // 3] ^= 0x01
        response = self.upload(bytes(tampered))
        self.assertIn(response.status_code, (200, 400))
        self.assertNotIn('data-state="valid"', response.text)
        unsigned = self.upload(real_pdf())
        self.assertEqual(unsigned.status_code, 200)
        self.assertIn('data-state="unsigned"', unsigned.text)
        not_pdf = self.upload(b"MZ\x90\x00 not a pdf", name="virus.exe")
        self.assertEqual(not_pdf.status_code, 400)
        self.assertIn("o_onestop_errors", not_pdf.text)
        csrf = self.csrf("/onestop/verify")
        nothing = self.url_open("/onestop/verify", data={"csrf_token": csrf})
        self.assertEqual(nothing.status_code, 400)
        # Without the form's CSRF token: refused.
        self.assertEqual(
            self.url_open("/onestop/verify", files={"pdf": ("a.pdf", real_pdf())}).status_code,
            400,
        )

    def test_checks_are_rate_limited(self):
        self.env["ir.config_parameter"].sudo().set_param("onestop_digital.verify_max_per_hour", "2")
        self.assertEqual(self.upload(real_pdf()).status_code, 200)
        self.assertEqual(self.upload(real_pdf()).status_code, 200)
        blocked = self.upload(self.signed.raw)
        self.assertEqual(blocked.status_code, 429)
        self.assertTrue(blocked.headers.get("Retry-After"))

    def test_signed_result_of_another_agency_is_not_the_agencys(self):
        report = pades.verify_pdf(self.signed.raw, [])
        self.assertEqual(report.state, pades.UNTRUSTED)
