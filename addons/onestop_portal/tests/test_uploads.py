import io
import zipfile
from datetime import timedelta

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger

from ..tools import masking, uploads
from .common import HTML, JPEG, PDF, PNG


def docx():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@tagged("post_install", "-at_install")
class TestUploads(TransactionCase):
    # A broken archive makes Odoo's guess_mimetype log a warning: the file is refused.
    @mute_logger("odoo.tools.mimetypes.guess_mimetype")
    def test_accepted_types_by_name_and_content(self):
        big = 10 * 1024 * 1024
        self.assertEqual(uploads.check_file("a.pdf", PDF, big), ("a.pdf", "application/pdf"))
        self.assertEqual(uploads.check_file("A.JPG", JPEG, big), ("A.jpg", "image/jpeg"))
        self.assertEqual(uploads.check_file("a.jpeg", JPEG, big)[1], "image/jpeg")
        self.assertEqual(uploads.check_file("a.png", PNG, big)[1], "image/png")
        self.assertEqual(uploads.check_file("a.docx", docx(), big)[1], uploads.DOCX_MIMETYPE)
        refused = [
            ("a.exe", b"MZ", "type"),
            ("a.html", HTML, "type"),
            ("a.svg", b"<svg/>", "type"),
            ("noextension", PDF, "type"),
            ("a.pdf", HTML, "content"),
            ("a.png", JPEG, "content"),
            ("a.docx", b"PK\x03\x04junk", "content"),
            ("a.docx", _zip_without_word(), "content"),
            ("a.pdf", b"", "empty"),
        ]
        for name, data, code in refused:
            with self.subTest(name=name, code=code), self.assertRaises(uploads.UploadError) as e:
                uploads.check_file(name, data, big)
            self.assertEqual(e.exception.code, code)
        with self.assertRaises(uploads.UploadError) as e:
            uploads.check_file("a.pdf", PDF + b"0" * 11, len(PDF) + 10)
        self.assertEqual(e.exception.code, "size")
        self.assertEqual(uploads.check_file("a.pdf", PDF + b"0" * 10, len(PDF) + 10)[0], "a.pdf")

    def test_clean_names(self):
        self.assertEqual(uploads.clean_filename("Tờ khai.pdf", "pdf"), "Tờ khai.pdf")
        self.assertEqual(uploads.clean_filename("../../etc/passwd.pdf", "pdf"), "passwd.pdf")
        self.assertEqual(uploads.clean_filename("C:\\x\\a<b>.PDF", "pdf"), "a_b.pdf")
        self.assertEqual(uploads.clean_filename("\x00\x1b.pdf", "pdf"), "tep.pdf")
        self.assertEqual(uploads.clean_filename("a.pdf.exe", "pdf"), "a.pdf.pdf")
        self.assertLessEqual(len(uploads.clean_filename("x" * 500 + ".pdf", "pdf")), 120)

    def test_clear_messages(self):
        Dossier = self.env["onestop.dossier"].with_context(lang="en_US")
        self.env["ir.config_parameter"].sudo().set_param("onestop_portal.upload_max_mb", "0.5")
        with self.assertRaises(UserError) as e:
            Dossier._onestop_check_uploads(
                [
                    ("to.pdf", PDF + b"0" * 600000),
                    ("x.exe", b"MZ"),
                    ("f.pdf", HTML),
                    ("ok.pdf", PDF),
                ]
            )
        message = e.exception.args[0]
        self.assertIn("to.pdf is too large: each file may be at most 0.5 MB", message)
        self.assertIn("x.exe: this type of file is not accepted", message)
        self.assertIn("f.pdf: its content does not match its type (PDF)", message)
        self.assertNotIn("ok.pdf", message)
        # A broken setting falls back to 10 MB.
        self.env["ir.config_parameter"].sudo().set_param("onestop_portal.upload_max_mb", "x")
        self.assertEqual(Dossier._onestop_upload_max_bytes(), 10 * 1024 * 1024)

    def test_masking(self):
        self.assertEqual(masking.initials("Nguyễn Văn An"), "N. V. A.")
        self.assertEqual(masking.initials("  đặng  thị-thu "), "Đ. T. T.")
        self.assertEqual(masking.initials(""), "")
        self.assertEqual(masking.last_digits("0912 345 678"), "\u2022" * 6 + "5678")
        self.assertEqual(masking.last_digits("+84 912"), "\u2022" * 1 + "4912")
        self.assertEqual(masking.last_digits("123"), "\u2022" * 3)
        self.assertEqual(masking.last_digits(False), "")


def _zip_without_word():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
    return buffer.getvalue()


@tagged("post_install", "-at_install")
class TestThrottle(TransactionCase):
    def test_counts_per_client_and_window(self):
        Throttle = self.env["onestop.portal.throttle"]
        self.env["ir.config_parameter"].sudo().set_param("onestop_portal.lookup_max_failures", "2")
        key = Throttle._onestop_client_key("203.0.113.5")
        other = Throttle._onestop_client_key("203.0.113.6")
        self.assertNotEqual(key, other)
        self.assertNotIn("203.0.113.5", key)
        now = fields.Datetime.now()
        self.assertFalse(Throttle._onestop_blocked("lookup", key, now))
        self.assertEqual(Throttle._onestop_hit("lookup", key, now), 1)
        self.assertEqual(Throttle._onestop_hit("lookup", key, now + timedelta(minutes=1)), 2)
        self.assertTrue(Throttle._onestop_blocked("lookup", key, now + timedelta(minutes=2)))
        self.assertFalse(Throttle._onestop_blocked("lookup", other, now))
        self.assertFalse(Throttle._onestop_blocked("rating", key, now))
        # The window ends 15 minutes after its first hit; the next hit starts a new one.
        later = now + timedelta(minutes=15, seconds=1)
        self.assertFalse(Throttle._onestop_blocked("lookup", key, later))
        self.assertEqual(Throttle._onestop_hit("lookup", key, later), 1)
        # Old counters are forgotten.
        self.env.cr.execute(
            "UPDATE onestop_portal_throttle SET window_start = %s", [now - timedelta(days=2)]
        )
        Throttle._cron_onestop_cleanup()
        self.assertFalse(Throttle.search([]))
