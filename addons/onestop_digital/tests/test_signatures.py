import base64
import io

from cryptography.hazmat.primitives import serialization

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from odoo.addons.onestop_base.tests.common import local

from ..tools import pades
from ..tools.pki import TestAuthority
from .common import PASSWORD, DigitalHttpCase, b64, real_pdf


def validate(pdf, trust_pem):
    """pyHanko's own validator on the PDF's last signature, trusting ``trust_pem``."""
    from asn1crypto import x509 as asn1_x509
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    roots = [asn1_x509.Certificate.load(pades.load_certificates(trust_pem)[0].dump())]
    reader = PdfFileReader(io.BytesIO(pdf))
    return validate_pdf_signature(
        reader.embedded_signatures[-1], ValidationContext(trust_roots=roots)
    )


def stamp_fonts(pdf):
    """The base fonts used by the appearance of the PDF's signature widgets."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    reader = PdfFileReader(io.BytesIO(pdf))
    fonts = set()

    def walk(xobject, depth=0):
        resources = xobject.get("/Resources")
        if not resources or depth > 4:
            return
        resources = resources.get_object()
        font_dict = resources.get("/Font")
        for font in (font_dict.get_object() if font_dict else {}).values():
            fonts.add(str(font.get_object().get("/BaseFont")))
        xobject_dict = resources.get("/XObject")
        for child in (xobject_dict.get_object() if xobject_dict else {}).values():
            walk(child.get_object(), depth + 1)

    for signature in reader.embedded_signatures:
        appearance = signature.sig_field["/AP"]["/N"].get_object()
        walk(appearance)
    return fonts


@tagged("post_install", "-at_install")
class TestSignatures(DigitalHttpCase):
    def test_signer_reads_its_certificate_and_hides_its_key(self):
        signer = self.signer
        self.assertEqual(signer.certificate_subject, "UBND xã Thử Nghiệm")
        self.assertIn("BEGIN CERTIFICATE", signer.chain_pem)
        self.assertEqual(len(signer.certificate_fingerprint), 64)
        # The key and its password: administrators only. Officers have no access at all.
        self.assertEqual(signer.with_user(self.admin).pkcs12_password, PASSWORD)
        for user in (self.reception, self.specialist, self.leader, self.manager):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                signer.with_user(user).read(["pkcs12_password"])
        attachment = (
            self.env["ir.attachment"]
            .sudo()
            .search(
                [
                    ("res_model", "=", "onestop.signer"),
                    ("res_id", "=", signer.id),
                    ("res_field", "=", "pkcs12_file"),
                ]
            )
        )
        self.assertTrue(attachment)
        with self.assertRaises(AccessError):
            attachment.with_user(self.leader).read(["datas"])
        # A wrong password is refused when the signer is saved.
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            signer.with_user(self.admin).pkcs12_password = "sai"

    def test_sign_the_receipt_and_verify(self):
        dossier = self.received_dossier()
        attachment = dossier.with_user(self.reception)._onestop_sign_form("receipt")
        self.assertEqual(attachment.res_id, dossier.id)
        self.assertIn(attachment, dossier.signed_attachment_ids)
        self.assertTrue(attachment.name.startswith("Mau01-%s" % dossier.name))
        signed = attachment.raw
        status = validate(signed, self.signer.chain_pem.encode())
        self.assertTrue(status.intact)
        self.assertTrue(status.valid)
        self.assertTrue(status.trusted)
        self.assertEqual(status.coverage.name, "ENTIRE_FILE")
        self.assertEqual(pades.subject_name(status.signing_cert), "UBND xã Thử Nghiệm")
        # The stamp is drawn in a font with Vietnamese glyphs, embedded.
        self.assertTrue(
            any("DejaVuSans" in font or "NotoSans" in font for font in stamp_fonts(signed))
        )
        lines = self.signer._onestop_stamp_lines()
        self.assertIn("UBND xã Thử Nghiệm", lines[0])
        self.assertIn(
            self.reception.name, self.signer.with_user(self.reception)._onestop_stamp_lines()[1]
        )
        # OneStop's own verification agrees, and knows the agency's certificate.
        report = pades.verify_pdf(signed, *self.env["onestop.signer"]._onestop_trust()[:1])
        self.assertEqual(report.state, pades.VALID)
        self.assertIn(
            report.main.signer_fingerprint, self.env["onestop.signer"]._onestop_trust()[1]
        )

    def test_sign_every_form(self):
        trust = self.signer.chain_pem.encode()
        dossier = self.waiting_dossier()
        for form in ("receipt", "control_slip", "supplement"):
            with self.subTest(form=form):
                attachment = dossier._onestop_sign_form(form)
                self.assertTrue(validate(attachment.raw, trust).bottom_line)
        refused = self.received_dossier()
        self.wizard(
            "onestop.close.wizard",
            self.reception,
            refused,
            close_state="refused",
            reason="Không đủ điều kiện",
        ).action_confirm()
        attachment = refused._onestop_sign_form("refusal")
        self.assertTrue(validate(attachment.raw, trust).bottom_line)
        late = self.receive(2026, 3, 2, 9, partner_id=self.applicant.id)
        with self.at(2026, 3, 2, 9, 30):
            apology = self.env["onestop.dossier.apology"].create(
                {
                    "dossier_id": late.id,
                    "new_due_date": local(2026, 3, 6, 17, 0),
                    "reason": "Chờ xác minh",
                }
            )
            apology.with_user(self.reception).action_confirm()
        attachment = late._onestop_sign_form("apology")
        self.assertTrue(validate(attachment.raw, trust).bottom_line)
        self.assertEqual(len(late.signed_attachment_ids), 1)
        # A form that does not exist yet is refused clearly.
        with self.assertRaises(UserError):
            self.received_dossier()._onestop_sign_form("refusal")
        with self.assertRaises(UserError):
            dossier._onestop_sign_form("no_such_form")

    def test_tampered_document_is_refused(self):
        dossier = self.received_dossier()
        signed = dossier._onestop_sign_form("receipt").raw
        roots = self.env["onestop.signer"]._onestop_trust()[0]
        tampered = bytearray(signed)
        tampered[len(signed) // 3] ^= 0x01
        report = pades.verify_pdf(bytes(tampered), roots)
        self.assertIn(report.state, (pades.INVALID, pades.ERROR))
        self.assertNotEqual(report.state, pades.VALID)
        status = None
        try:
            status = validate(bytes(tampered), self.signer.chain_pem.encode())
        except Exception:  # noqa: BLE001 - pyHanko may not even read it: refused too
            status = None
        self.assertFalse(status and status.bottom_line)

    def test_expired_certificate_is_refused(self):
        expired = (
            self.env["onestop.signer"]
            .with_user(self.admin)
            .create(
                {
                    "name": "Chứng thư hết hạn",
                    "department_id": self.agency.id,
                    "sequence": 1,
                    "pkcs12_file": b64(
                        self.authority.pkcs12("Hết hạn", PASSWORD, expired=True, role="old")
                    ),
                    "pkcs12_password": PASSWORD,
                }
            )
        )
        with self.assertRaises(UserError):
            expired._onestop_sign_pdf(real_pdf())
        # A PDF signed with it anyway (outside OneStop) does not verify as valid.
        key, cert, others = pades.load_pkcs12(
            base64.b64decode(expired.sudo().pkcs12_file), PASSWORD
        )
        signed = pades.sign_pdf(
            real_pdf(),
            pades.make_simple_signer(key, cert, others),
            ["Hết hạn"],
            (300, 40, 550, 100),
        )
        roots = self.env["onestop.signer"]._onestop_trust()[0]
        self.assertEqual(pades.verify_pdf(signed, roots).state, pades.UNTRUSTED)
        self.assertFalse(validate(signed, self.signer.chain_pem.encode()).bottom_line)

    def test_unknown_authority_and_bad_files(self):
        stranger = TestAuthority("Unknown CA", role="stranger_ca")
        key, cert = stranger.issue("Người lạ", role="stranger")
        from asn1crypto import keys as asn1_keys
        from asn1crypto import x509 as asn1_x509

        signer = pades.make_simple_signer(
            asn1_keys.PrivateKeyInfo.load(
                key.private_bytes(
                    serialization.Encoding.DER,
                    serialization.PrivateFormat.PKCS8,
                    serialization.NoEncryption(),
                )
            ),
            asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER)),
            [],
        )
        signed = pades.sign_pdf(real_pdf(), signer, ["Người lạ"], (300, 40, 550, 100))
        stored = self.store(data=signed)
        self.assertEqual(stored.signature_state, pades.UNTRUSTED)
        self.assertEqual(stored.signature_signer, "Người lạ")
        self.assertFalse(stored.signature_agency)
        self.assertEqual(self.store(data=b"not a pdf at all").signature_state, pades.UNSIGNED)
        self.assertEqual(pades.verify_pdf(b"not a pdf", []).error, "not_pdf")
        self.assertEqual(pades.verify_pdf(b"%PDF-1.7\n" + b"0" * 100, []).error, "not_pdf")
        huge = b"%PDF-1.4\n" + b"0" * (pades.MAX_VERIFY_BYTES + 1)
        self.assertEqual(pades.verify_pdf(huge, []).error, "too_large")
        with self.assertRaises(UserError):
            self.signer._onestop_sign_pdf(b"<html>not a pdf</html>")
        encrypted = self.encrypted_pdf()
        self.assertEqual(pades.verify_pdf(encrypted, []).error, "encrypted")
        with self.assertRaises(UserError) as error:
            self.signer._onestop_sign_pdf(encrypted)
        self.assertIn("encrypted", str(error.exception))

    def encrypted_pdf(self):
        from pyhanko.pdf_utils.reader import PdfFileReader
        from pyhanko.pdf_utils.writer import copy_into_new_writer

        writer = copy_into_new_writer(PdfFileReader(io.BytesIO(real_pdf())))
        writer.encrypt("chu-so-huu", "nguoi-dung")
        output = io.BytesIO()
        writer.write(output)
        return output.getvalue()

    def test_results_signed_in_batch_by_a_leader_enter_the_store_signed(self):
        dossiers = self.received_dossier() | self.received_dossier()
        for dossier in dossiers:
            result = self.env["ir.attachment"].create(
                {"name": "giay-khai-sinh-%s.pdf" % dossier.id, "raw": real_pdf("Giấy khai sinh")}
            )
            dossier.sudo()._onestop_record_result(note="Đã ký", attachments=result)
            self.assertEqual(dossier.stored_result_ids.signature_state, pades.UNSIGNED)
        with self.assertRaises(AccessError):
            dossiers.with_user(self.specialist).action_onestop_sign_results()
        dossiers.with_user(self.leader).action_onestop_sign_results()
        for dossier in dossiers:
            [result] = dossier.result_attachment_ids
            self.assertTrue(result.name.endswith("-ky-so.pdf"))
            self.assertTrue(validate(result.raw, self.signer.chain_pem.encode()).bottom_line)
            stored = dossier.stored_result_ids
            self.assertEqual(len(stored), 1)
            self.assertEqual(stored.signature_state, pades.VALID)
            self.assertTrue(stored.signature_agency)
            self.assertEqual(stored.signature_signer, "UBND xã Thử Nghiệm")
        # Signing again signs nothing new.
        self.assertFalse(dossiers._onestop_sign_results())

    def test_no_signer(self):
        self.env["onestop.signer"].search([]).active = False
        dossier = self.received_dossier()
        with self.assertRaises(UserError):
            dossier._onestop_sign_form("receipt")

    def test_upload_of_a_signed_result_is_verified(self):
        dossier = self.received_dossier()
        signed = self.signer._onestop_sign_pdf(real_pdf("Quyết định"))
        stored = self.store(data=signed, kind=self.kind_result)
        self.assertEqual(stored.signature_state, pades.VALID)
        self.assertTrue(stored.signature_agency)
        self.assertTrue(stored.signature_date)
        # Replacing the file checks it again.
        stored.with_user(self.reception).file = b64(real_pdf())
        self.assertEqual(stored.signature_state, pades.UNSIGNED)
        self.assertFalse(dossier.signed_attachment_ids)
