import base64
import contextlib
import importlib.util
import logging
import os

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools import pades, remote_signing

_logger = logging.getLogger(__name__)

SIGNER_KINDS = [
    ("pkcs12", "PKCS#12 certificate on the server"),
    ("pkcs11", "PKCS#11 token (USB token, HSM)"),
    ("remote", "Remote signing service"),
]
# The fields whose change makes the signer read its certificate again.
KEY_FIELDS = {
    "kind",
    "pkcs12_file",
    "pkcs12_password",
    "pkcs11_module",
    "pkcs11_token_label",
    "pkcs11_key_label",
    "pkcs11_pin",
    "remote_url",
    "remote_key_id",
    "remote_token",
}
ADMIN = "onestop_base.group_onestop_admin"


class OnestopSigner(models.Model):
    """A way for the agency to sign (its seal): a PKCS#12 certificate kept on the server, a
    PKCS#11 token (USB token, HSM) or a remote signing service. Key material, PINs, passwords
    and access tokens are readable by OneStop administrators only; officers sign through the
    dossier's actions, which use the signer with elevated rights after checking theirs."""

    _name = "onestop.signer"
    _description = "Digital signer of the agency"
    _order = "sequence, id"

    name = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    department_id = fields.Many2one(
        "onestop.department",
        string="Agency",
        index=True,
        help="The agency whose seal this is: it signs the forms of its units' dossiers. "
        "Empty: every agency of the company without a signer of its own.",
    )
    kind = fields.Selection(SIGNER_KINDS, required=True, default="pkcs12")
    # Key material: administrators only.
    pkcs12_file = fields.Binary(string="PKCS#12 file", attachment=True, groups=ADMIN, copy=False)
    pkcs12_password = fields.Char(string="PKCS#12 password", groups=ADMIN, copy=False)
    pkcs11_module = fields.Char(string="PKCS#11 library", groups=ADMIN)
    pkcs11_token_label = fields.Char(string="Token label", groups=ADMIN)
    pkcs11_key_label = fields.Char(string="Key label", groups=ADMIN)
    pkcs11_pin = fields.Char(string="Token PIN", groups=ADMIN, copy=False)
    remote_url = fields.Char(
        string="Signing service address",
        groups=ADMIN,
        help="The address of the certification service's signing API (https://...).",
    )
    remote_key_id = fields.Char(string="Key identifier", groups=ADMIN)
    remote_token = fields.Char(string="Access token", groups=ADMIN, copy=False)
    remote_timeout = fields.Integer(string="Time limit (seconds)", default=30, groups=ADMIN)
    # Public facts of the certificate.
    certificate_pem = fields.Text(string="Certificate", readonly=True, copy=False)
    chain_pem = fields.Text(
        string="Trusted authorities",
        help="PEM certificates of the authorities that issued the agency's certificates "
        "(root and intermediates): the verification trusts signatures that chain to them. "
        "Filled from the PKCS#12 file; more may be pasted.",
    )
    certificate_subject = fields.Char(string="Certificate holder", readonly=True, copy=False)
    certificate_valid_to = fields.Datetime(string="Valid until", readonly=True, copy=False)
    certificate_fingerprint = fields.Char(string="SHA-256 fingerprint", readonly=True, copy=False)
    stamp_agency = fields.Char(
        string="Agency on the stamp", help="Empty: the agency's name.", translate=False
    )
    stamp_page = fields.Selection(
        [("first", "First page"), ("last", "Last page")], default="last", required=True
    )
    stamp_x = fields.Integer(string="Stamp left (pt)", default=300)
    stamp_y = fields.Integer(string="Stamp bottom (pt)", default=40)
    stamp_width = fields.Integer(string="Stamp width (pt)", default=250)
    stamp_height = fields.Integer(string="Stamp height (pt)", default=60)

    _sql_constraints = [
        (
            "stamp_size",
            "CHECK(stamp_width >= 80 AND stamp_height >= 30 AND stamp_x >= 0 AND stamp_y >= 0)",
            "The stamp needs at least 80 x 30 points inside the page.",
        ),
    ]

    # ------------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        signers = super().create(vals_list)
        signers._onestop_read_certificate()
        return signers

    def write(self, vals):
        result = super().write(vals)
        if KEY_FIELDS & set(vals):
            self._onestop_read_certificate()
        return result

    # ------------------------------------------------------------------ actions
    def action_read_certificate(self):
        """Read the certificate again (a renewed certificate on the token or the service)."""
        self._onestop_read_certificate(required=True)
        return True

    # ------------------------------------------------------------------ business methods
    def _onestop_read_certificate(self, required=False):
        """Check the key material of each signer (the PKCS#12 file and its password, the
        token and its PIN, the service and its credentials) and keep the certificate's public
        facts. A signer not configured yet is left as it is, unless ``required``."""
        for signer in self.sudo():
            if not signer._onestop_configured():
                if required:
                    raise UserError(
                        self.env._(
                            "%(signer)s is not configured: fill in its key, token or service.",
                            signer=signer.name,
                        )
                    )
                continue
            if signer.kind == "pkcs12":
                key, cert, others = signer._onestop_pkcs12()
                del key
            elif signer.kind == "pkcs11":
                cert, others = signer._onestop_pkcs11_certificates()
            else:
                cert, others = signer._onestop_remote_certificates()
            signer._onestop_keep_certificate(cert, others)

    def _onestop_configured(self):
        self.ensure_one()
        signer = self.sudo()
        if signer.kind == "pkcs12":
            return bool(signer.pkcs12_file)
        if signer.kind == "pkcs11":
            return bool(signer.pkcs11_module and signer.pkcs11_key_label)
        return bool(signer.remote_url and signer.remote_key_id)

    def _onestop_keep_certificate(self, cert, others):
        for signer in self:
            chain = signer.chain_pem or ""
            for other in others:
                pem = pades.certificate_pem(other).decode()
                if pem.strip() not in chain:
                    chain += pem
            if not others and cert.self_signed:
                chain += pades.certificate_pem(cert).decode()
            valid_to = cert["tbs_certificate"]["validity"]["not_after"].native
            signer.write(
                {
                    "certificate_pem": pades.certificate_pem(cert).decode(),
                    "certificate_subject": pades.subject_name(cert),
                    "certificate_valid_to": valid_to.replace(tzinfo=None),
                    "certificate_fingerprint": cert.sha256.hex(),
                    "chain_pem": chain,
                }
            )

    def _onestop_pkcs12(self):
        self.ensure_one()
        signer = self.sudo()
        try:
            return pades.load_pkcs12(
                base64.b64decode(signer.pkcs12_file or b""), signer.pkcs12_password
            )
        except pades.PadesError as error:
            raise ValidationError(
                self.env._(
                    "The PKCS#12 file of %(signer)s cannot be opened: wrong file or password.",
                    signer=self.name,
                )
            ) from error

    @api.model
    def _onestop_for_department(self, department):
        """The signer of the department's agency (or the company's general one)."""
        signers = self.sudo().search([("company_id", "=", department.company_id.id)])
        agency = department.agency_id or department
        signer = signers.filtered(lambda s: s.department_id == agency)[:1]
        signer = (
            signer
            or signers.filtered(
                lambda s: s.department_id
                and agency.parent_path.startswith(s.department_id.parent_path)
            )[:1]
        )
        signer = signer or signers.filtered(lambda s: not s.department_id)[:1]
        if not signer:
            raise UserError(
                self.env._(
                    "%(agency)s has no digital signer: an administrator adds its certificate "
                    "in OneStop > Configuration > Digital signers.",
                    agency=agency.display_name,
                )
            )
        return signer

    @api.model
    def _onestop_trust(self):
        """``(trust anchors, SHA-256 fingerprints of the agency's certificates)`` of the
        active signers."""
        roots, prints = [], set()
        for signer in self.sudo().search([]):
            try:
                roots += pades.load_certificates((signer.chain_pem or "").encode())
            except ValueError:
                _logger.warning("Unreadable trusted authorities on signer %s", signer.id)
            if signer.certificate_fingerprint:
                prints.add(signer.certificate_fingerprint)
        return roots, prints

    @contextlib.contextmanager
    def _onestop_pyhanko_signer(self, reason=""):
        """The pyHanko signer of this signer's kind (``_onestop_signer_<kind>``), for the
        time of a ``with`` block (a token's session is closed after it)."""
        self.ensure_one()
        with getattr(self, "_onestop_signer_%s" % self.kind)(reason) as signer:
            yield signer

    def _onestop_check_in_force(self, cert):
        if not pades.in_force(cert):
            raise UserError(
                self.env._(
                    "The certificate of %(signer)s is not in force (valid until %(date)s): "
                    "nothing is signed with it.",
                    signer=self.name,
                    date=cert["tbs_certificate"]["validity"]["not_after"].native.strftime(
                        "%d/%m/%Y"
                    ),
                )
            )

    @contextlib.contextmanager
    def _onestop_signer_pkcs12(self, reason=""):
        key, cert, others = self._onestop_pkcs12()
        self._onestop_check_in_force(cert)
        yield pades.make_simple_signer(key, cert, others)

    # PKCS#11 -------------------------------------------------------------------------
    @contextlib.contextmanager
    def _onestop_pkcs11_session(self):
        """A session on the signer's token (python-pkcs11 and the token's library)."""
        self.ensure_one()
        signer = self.sudo()
        if importlib.util.find_spec("pkcs11") is None:
            raise UserError(
                self.env._(
                    "%(signer)s signs with a PKCS#11 token, but this server has no PKCS#11 "
                    "support (the python-pkcs11 package). Use a PKCS#12 signer, or ask the "
                    "administrator to install it (make setup does).",
                    signer=self.name,
                )
            )
        module = signer.pkcs11_module or ""
        if not (os.path.isabs(module) and os.path.isfile(module)):
            raise UserError(
                self.env._(
                    "The PKCS#11 library of %(signer)s is not on this server: %(path)s.",
                    signer=self.name,
                    path=module or "-",
                )
            )
        from pkcs11 import exceptions as pkcs11_errors  # pylint: disable=import-outside-toplevel
        from pyhanko.sign import pkcs11 as pyhanko_pkcs11  # pylint: disable=import-outside-toplevel

        try:
            session = pyhanko_pkcs11.open_pkcs11_session(
                module,
                token_label=signer.pkcs11_token_label or None,
                user_pin=signer.pkcs11_pin or None,
            )
        except pkcs11_errors.PinIncorrect as error:
            raise UserError(
                self.env._("The PIN of the token of %(signer)s is wrong.", signer=self.name)
            ) from error
        except pkcs11_errors.AlreadyInitialized as error:
            raise UserError(
                self.env._(
                    "This server already uses another PKCS#11 library: one library per "
                    "server process. Restart the server after changing it."
                )
            ) from error
        except (pkcs11_errors.PKCS11Error, OSError) as error:
            _logger.warning("PKCS#11 token of signer %s: %s", self.id, error)
            raise UserError(
                self.env._(
                    "The token of %(signer)s cannot be opened: is it plugged in, with the "
                    "label %(label)s?",
                    signer=self.name,
                    label=signer.pkcs11_token_label or "-",
                )
            ) from error
        try:
            yield session
        finally:
            session.close()

    def _onestop_pkcs11_certificates(self):
        """``(certificate, [authorities])`` read from the token: the certificate labelled as
        the key, and the other certificates the token holds."""
        from asn1crypto import x509 as asn1_x509  # pylint: disable=import-outside-toplevel
        from pkcs11 import Attribute, ObjectClass  # pylint: disable=import-outside-toplevel

        label = self.sudo().pkcs11_key_label
        with self._onestop_pkcs11_session() as session:
            found = [
                (obj[Attribute.LABEL], asn1_x509.Certificate.load(obj[Attribute.VALUE]))
                for obj in session.get_objects({Attribute.CLASS: ObjectClass.CERTIFICATE})
            ]
        own = [cert for cert_label, cert in found if cert_label == label]
        if not own:
            raise UserError(
                self.env._(
                    "The token of %(signer)s holds no certificate labelled %(label)s.",
                    signer=self.name,
                    label=label,
                )
            )
        return own[0], [cert for cert_label, cert in found if cert_label != label]

    @contextlib.contextmanager
    def _onestop_signer_pkcs11(self, reason=""):
        """A key on a PKCS#11 token through pyHanko's PKCS#11 support."""
        from pkcs11 import exceptions as pkcs11_errors  # pylint: disable=import-outside-toplevel
        from pyhanko.sign import pkcs11 as pyhanko_pkcs11  # pylint: disable=import-outside-toplevel
        from pyhanko.sign.general import SigningError  # pylint: disable=import-outside-toplevel

        label = self.sudo().pkcs11_key_label
        with self._onestop_pkcs11_session() as session:
            try:
                signer = pyhanko_pkcs11.PKCS11Signer(
                    session, key_label=label, cert_label=label, other_certs_to_pull=None
                )
                cert = signer.signing_cert
            except (pkcs11_errors.PKCS11Error, SigningError) as error:
                raise UserError(
                    self.env._(
                        "The token of %(signer)s holds no key and certificate labelled "
                        "%(label)s.",
                        signer=self.name,
                        label=label,
                    )
                ) from error
            self._onestop_check_in_force(cert)
            yield signer

    # Remote signing service ------------------------------------------------------------
    def _onestop_remote_service(self):
        self.ensure_one()
        signer = self.sudo()
        return remote_signing.RemoteService(
            signer.remote_url, signer.remote_key_id, signer.remote_token, signer.remote_timeout
        )

    def _onestop_remote_certificates(self):
        try:
            return self._onestop_remote_service().certificate()
        except remote_signing.RemoteSigningError as error:
            raise UserError(self._onestop_remote_message(error.code)) from error

    @contextlib.contextmanager
    def _onestop_signer_remote(self, reason=""):
        cert, others = self._onestop_remote_certificates()
        if self.certificate_fingerprint and cert.sha256.hex() != self.certificate_fingerprint:
            # A renewed certificate: keep its facts, so that verification knows it.
            self.sudo()._onestop_keep_certificate(cert, others)
        self._onestop_check_in_force(cert)
        yield remote_signing.RemoteSigner(
            self._onestop_remote_service(), cert, others, purpose=reason
        )

    def _onestop_remote_message(self, code):
        messages = {
            "unreachable": self.env._(
                "The signing service of %(signer)s does not answer: try again later, or sign "
                "with another signer.",
                signer=self.name,
            ),
            "credentials": self.env._(
                "The signing service refused the credentials of %(signer)s: an administrator "
                "checks its access token.",
                signer=self.name,
            ),
            "unknown_key": self.env._(
                "The signing service does not know the key of %(signer)s.", signer=self.name
            ),
            "bad_answer": self.env._(
                "The signing service of %(signer)s gave an answer that cannot be read.",
                signer=self.name,
            ),
            "mismatch": self.env._(
                "The signing service of %(signer)s returned a signature that its "
                "certificate's key did not make: nothing was signed.",
                signer=self.name,
            ),
        }
        return messages.get(code, messages["bad_answer"])

    def _onestop_stamp_lines(self, when=None):
        self.ensure_one()
        when = when or fields.Datetime.now()
        agency = self.stamp_agency or self.department_id.name or self.company_id.name
        local = fields.Datetime.context_timestamp(self.with_context(tz="Asia/Ho_Chi_Minh"), when)
        return [
            self.env._("Digitally signed by: %(agency)s", agency=agency),
            self.env._(
                "Signer: %(holder)s (%(user)s)",
                holder=self.certificate_subject or self.name,
                user=self.env.user.name,
            ),
            self.env._("Time: %(time)s", time=local.strftime("%H:%M:%S %d/%m/%Y")),
        ]

    def _onestop_sign_pdf(self, pdf, reason="", qr_url=None):
        """The PDF signed as PAdES with the agency's visible stamp (and the QR code of
        ``qr_url``, the page that verifies it)."""
        self.ensure_one()
        box = (
            self.stamp_x,
            self.stamp_y,
            self.stamp_x + self.stamp_width,
            self.stamp_y + self.stamp_height,
        )
        with self._onestop_pyhanko_signer(reason) as pyhanko_signer:
            try:
                return pades.sign_pdf(
                    pdf,
                    pyhanko_signer,
                    self._onestop_stamp_lines(),
                    box,
                    reason=reason,
                    location=self.department_id.name or self.company_id.name,
                    page=0 if self.stamp_page == "first" else -1,
                    qr_url=qr_url,
                )
            except pades.PadesError as error:
                raise UserError(pades_message(self.env, error.code)) from error
            except remote_signing.RemoteSigningError as error:
                raise UserError(self._onestop_remote_message(error.code)) from error


def pades_message(env, code):
    """A clear message for a PadesError code, in the user's language."""
    messages = {
        "not_pdf": env._("The file is not a PDF document."),
        "encrypted": env._(
            "The PDF is encrypted (password-protected): it cannot be signed or checked."
        ),
        "too_large": env._("The PDF is too large to be checked (at most 20 MB)."),
        "font": env._("No font with Vietnamese glyphs is installed (DejaVu or Noto)."),
        "pkcs12": env._("The PKCS#12 file cannot be opened: wrong file or password."),
    }
    return messages.get(code, env._("The PDF cannot be processed."))
