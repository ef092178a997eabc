"""The agency's other signers: a PKCS#11 token (a SoftHSM2 software token holding a key of
the test authority) and a remote signing service (a fake one on loopback), each signing a
form that pyHanko's validator accepts, and each failing with a clear message."""

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from ..tools import pades
from . import softhsm
from .common import DigitalHttpCase, real_pdf
from .fake_signing_service import FakeSigningService
from .test_signatures import validate

SERVICE_TOKEN = "bi-mat-cua-dich-vu"
SERVICE_KEY = "con-dau-ubnd-xa"


@tagged("post_install", "-at_install")
class TestSigners(DigitalHttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Signer = cls.env["onestop.signer"].with_user(cls.admin)

    def trust(self):
        return self.authority.pem

    def assert_signed_by(self, pdf, holder):
        status = validate(pdf, self.trust())
        self.assertTrue(status.intact)
        self.assertTrue(status.valid)
        self.assertTrue(status.trusted)
        self.assertEqual(status.coverage.name, "ENTIRE_FILE")
        self.assertEqual(pades.subject_name(status.signing_cert), holder)
        return status

    # ------------------------------------------------------------------ PKCS#11
    def token_signer(self, **vals):
        library = softhsm.library()
        self.assertTrue(library, "softhsm2 is installed by make setup (scripts/setup.sh)")
        key, cert = self.authority.issue("UBND xã Thử Nghiệm (token)", role="token")
        softhsm.provision(key, cert, [self.authority.cert])
        return self.Signer.create(
            {
                "name": "USB token của UBND xã",
                "kind": "pkcs11",
                "department_id": self.agency.id,
                "sequence": 1,
                "pkcs11_module": library,
                "pkcs11_token_label": softhsm.TOKEN_LABEL,
                "pkcs11_key_label": softhsm.KEY_LABEL,
                "pkcs11_pin": softhsm.PIN,
                **vals,
            }
        )

    def test_pkcs11_token_signs_a_form(self):
        token = self.token_signer()
        # The certificate's public facts and the authority were read from the token.
        self.assertEqual(token.certificate_subject, "UBND xã Thử Nghiệm (token)")
        self.assertIn(self.authority.pem.decode().strip(), token.chain_pem)
        self.assertEqual(len(token.certificate_fingerprint), 64)
        # The PIN: administrators only.
        self.assertEqual(token.pkcs11_pin, softhsm.PIN)
        with self.assertRaises(AccessError):
            token.with_user(self.leader).read(["pkcs11_pin"])
        # The agency's first signer is now the token: the receipt is signed on it.
        dossier = self.received_dossier()
        self.assertEqual(dossier._onestop_signer(), token)
        attachment = dossier.with_user(self.reception)._onestop_sign_form("receipt")
        self.assert_signed_by(attachment.raw, "UBND xã Thử Nghiệm (token)")
        # OneStop's own verification knows the token's certificate as the agency's.
        roots, prints = self.env["onestop.signer"]._onestop_trust()
        report = pades.verify_pdf(attachment.raw, roots)
        self.assertEqual(report.state, pades.VALID)
        self.assertIn(report.main.signer_fingerprint, prints)
        # Signing again opens a new session (the previous one was closed).
        self.assert_signed_by(token._onestop_sign_pdf(real_pdf()), "UBND xã Thử Nghiệm (token)")

    def test_pkcs11_errors_are_clear_and_save_nothing(self):
        self.token_signer()
        count = self.env["onestop.signer"].search_count([])
        cases = {
            "PIN": {"pkcs11_pin": "000000"},
            "label": {"pkcs11_key_label": "khong-co"},
            "token": {"pkcs11_token_label": "khong-co"},
            "library": {"pkcs11_module": "/usr/lib/khong-co/libpkcs11.so"},
        }
        for word, vals in cases.items():
            with self.subTest(wrong=word), self.assertRaises(UserError) as error:
                self.token_signer(name="Sai %s" % word, **vals)
            self.assertIn(
                {"PIN": "PIN", "label": "khong-co", "token": "khong-co", "library": "khong-co"}[
                    word
                ],
                str(error.exception),
            )
        self.assertEqual(self.env["onestop.signer"].search_count([]), count)

    # ------------------------------------------------------------------ remote service
    def service(self, common_name="UBND xã Thử Nghiệm (ký từ xa)", **kwargs):
        key, cert = self.authority.issue(common_name, role="remote", **kwargs)
        return FakeSigningService(key, cert, [self.authority.cert], SERVICE_TOKEN, SERVICE_KEY)

    def remote_signer(self, service, **vals):
        return self.Signer.create(
            {
                "name": "Ký số từ xa",
                "kind": "remote",
                "department_id": self.agency.id,
                "sequence": 1,
                "remote_url": service.url,
                "remote_key_id": SERVICE_KEY,
                "remote_token": SERVICE_TOKEN,
                "remote_timeout": 5,
                **vals,
            }
        )

    def test_remote_service_signs_a_form(self):
        with self.service() as service:
            signer = self.remote_signer(service)
            self.assertEqual(signer.certificate_subject, "UBND xã Thử Nghiệm (ký từ xa)")
            self.assertIn(self.authority.pem.decode().strip(), signer.chain_pem)
            with self.assertRaises(AccessError):
                signer.with_user(self.reception).read(["remote_token"])
            dossier = self.received_dossier()
            service.requests.clear()
            attachment = dossier.with_user(self.reception)._onestop_sign_form("receipt")
        self.assert_signed_by(attachment.raw, "UBND xã Thử Nghiệm (ký từ xa)")
        # The service saw a hash, never the document.
        posts = [request for request in service.requests if request[0] == "POST"]
        self.assertEqual(len(posts), 1)
        body = posts[0][2]
        self.assertEqual(set(body), {"key", "hash_algorithm", "hash", "purpose"})
        self.assertEqual(body["hash_algorithm"], "sha256")
        self.assertEqual(len(body["hash"]), 44)  # 32 bytes in base64
        self.assertEqual(body["purpose"], "Issued by the one-stop desk")

    def test_remote_service_errors_are_clear_and_sign_nothing(self):
        with self.service() as service:
            # Wrong credentials or key: refused when the signer is saved.
            for vals, text in (
                ({"remote_token": "sai"}, "access token"),
                ({"remote_key_id": "khong-co"}, "does not know the key"),
            ):
                with self.subTest(vals=vals), self.assertRaises(UserError) as error:
                    self.remote_signer(service, **vals)
                self.assertIn(text, str(error.exception))
            signer = self.remote_signer(service)
            dossier = self.received_dossier()
            attachments = dossier.signed_attachment_ids
            # A service that returns a signature of another key: nothing enters the PDF.
            service.mode = "liar"
            with self.assertRaises(UserError) as error:
                dossier._onestop_sign_form("receipt")
            self.assertIn("did not make", str(error.exception))
            service.mode = "honest"
        # The service is down: a clear message, no signed copy.
        with self.assertRaises(UserError) as error:
            signer._onestop_sign_pdf(real_pdf())
        self.assertIn("does not answer", str(error.exception))
        self.assertEqual(dossier.signed_attachment_ids, attachments)

    def test_remote_service_with_an_expired_certificate_signs_nothing(self):
        with self.service("UBND xã hết hạn", expired=True) as service:
            signer = self.remote_signer(service)
            with self.assertRaises(UserError) as error:
                signer._onestop_sign_pdf(real_pdf())
        self.assertIn("not in force", str(error.exception))
