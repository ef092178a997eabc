"""PAdES signatures with pyHanko: sign a PDF with a visible stamp, and verify the signatures of
a PDF. No ORM here: the models (``onestop.signer``, ``onestop.citizen.document``) give the key
material, the stamp's lines and the trust anchors, and translate the outcomes.

The stamp's text is Vietnamese: reportlab draws it in a TrueType font with Vietnamese glyphs
(DejaVu Sans, else Noto Sans, as installed by ``scripts/setup.sh``) and pyHanko places that
drawing as the signature field's appearance."""

import io
import logging
import os
from dataclasses import dataclass, field
from datetime import datetime, timezone

_logger = logging.getLogger(__name__)

FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
    "/usr/share/fonts/noto/NotoSans-Regular.ttf",
)
# Larger PDFs are not verified (a scanned dossier is a few megabytes).
MAX_VERIFY_BYTES = 20 * 1024 * 1024
FIELD_PREFIX = "OneStop"

# Outcomes of a verification (the ``signature_state`` selections use the same keys).
UNSIGNED = "unsigned"
VALID = "valid"  # intact, covers the document, trusted chain, certificate in force
UNTRUSTED = "untrusted"  # intact, but the certificate does not chain to a trusted anchor
MODIFIED = "modified"  # the document was changed after signing
INVALID = "invalid"  # the signature does not match the document
ERROR = "error"  # not a PDF, encrypted, too large...


class PadesError(Exception):
    """Bad input for signing or verifying; ``code`` says which (the models word it)."""

    def __init__(self, code, detail=""):
        super().__init__(code, detail)
        self.code = code
        self.detail = detail


@dataclass
class SignatureResult:
    """What a verification found about one signature (or about the document)."""

    state: str
    signer: str = ""
    signer_serial: str = ""
    signer_fingerprint: str = ""
    signing_time: datetime = None
    intact: bool = False
    trusted: bool = False
    covers_document: bool = False
    details: str = ""
    field_name: str = ""


@dataclass
class VerifyReport:
    """All signatures of a PDF; ``state`` sums them up (the weakest signature wins)."""

    state: str
    signatures: list = field(default_factory=list)
    error: str = ""

    @property
    def main(self):
        """The last signature (the one applied last covers the most)."""
        return self.signatures[-1] if self.signatures else None


ORDER = (VALID, UNTRUSTED, MODIFIED, INVALID, ERROR)


def font_path():
    for path in FONT_CANDIDATES:
        if os.path.exists(path):
            return path
    raise PadesError("font")


# ---------------------------------------------------------------------- key material
def load_pkcs12(data, password):
    """``(private key info, certificate, [other certificates])`` as asn1crypto objects from a
    PKCS#12 file (bytes) and its password (str). Raises PadesError("pkcs12") when the file or
    the password is wrong."""
    from asn1crypto import keys as asn1_keys
    from asn1crypto import x509 as asn1_x509
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.serialization import pkcs12

    try:
        key, cert, others = pkcs12.load_key_and_certificates(
            data, (password or "").encode() or None
        )
    except (ValueError, TypeError) as error:
        raise PadesError("pkcs12", str(error)) from error
    if key is None or cert is None:
        raise PadesError("pkcs12", "no key or certificate")
    key_der = key.private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    der = serialization.Encoding.DER
    return (
        asn1_keys.PrivateKeyInfo.load(key_der),
        asn1_x509.Certificate.load(cert.public_bytes(der)),
        [asn1_x509.Certificate.load(other.public_bytes(der)) for other in (others or [])],
    )


def load_certificates(pem_or_der):
    """asn1crypto certificates from PEM (one or more) or DER bytes."""
    from asn1crypto import pem
    from asn1crypto import x509 as asn1_x509

    if not pem_or_der:
        return []
    if pem.detect(pem_or_der):
        return [
            asn1_x509.Certificate.load(der)
            for _type, _headers, der in pem.unarmor(pem_or_der, multiple=True)
        ]
    return [asn1_x509.Certificate.load(pem_or_der)]


def certificate_pem(cert):
    from asn1crypto import pem

    return pem.armor("CERTIFICATE", cert.dump())


def in_force(cert, moment=None):
    moment = moment or datetime.now(timezone.utc)
    validity = cert["tbs_certificate"]["validity"]
    return validity["not_before"].native <= moment <= validity["not_after"].native


def subject_name(cert):
    names = cert.subject.native
    return names.get("common_name") or cert.subject.human_friendly


# ---------------------------------------------------------------------- signing
def make_simple_signer(key, cert, others):
    from pyhanko.sign import signers
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    return signers.SimpleSigner(
        signing_key=key,
        signing_cert=cert,
        cert_registry=SimpleCertificateStore.from_certs([cert, *others]),
    )


def stamp_pdf(lines, width, height, qr_url=None):
    """A one-page PDF of ``width`` x ``height`` points: the stamp, a frame and its lines in a
    font with Vietnamese glyphs, shrunk to fit (reportlab, as Odoo's own PDF tools)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    if "OneStopStamp" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("OneStopStamp", font_path()))
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=(width, height))
    pdf.setStrokeColorRGB(0.75, 0.1, 0.1)
    pdf.setFillColorRGB(0.75, 0.1, 0.1)
    pdf.setLineWidth(1.2)
    pdf.rect(1, 1, width - 2, height - 2)
    margin = 5
    text_width = width - 2 * margin
    if qr_url:
        from reportlab.graphics import renderPDF
        from reportlab.graphics.barcode.qr import QrCodeWidget
        from reportlab.graphics.shapes import Drawing

        side = height - 2 * margin
        widget = QrCodeWidget(qr_url, barLevel="M")
        x1, y1, x2, y2 = widget.getBounds()
        drawing = Drawing(side, side, transform=[side / (x2 - x1), 0, 0, side / (y2 - y1), 0, 0])
        drawing.add(widget)
        renderPDF.draw(drawing, pdf, width - margin - side, margin)
        pdf.setFillColorRGB(0.75, 0.1, 0.1)
        text_width -= side + margin
    size = 8.0
    widest = max((pdfmetrics.stringWidth(line, "OneStopStamp", 1) for line in lines), default=1)
    size = min(size, text_width / max(widest, 1), (height - 2 * margin) / (1.25 * len(lines)))
    leading = size * 1.25
    y = height - margin - size
    for line in lines:
        pdf.setFont("OneStopStamp", size)
        pdf.drawString(margin, y, line)
        y -= leading
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _pdf_bytes_page(data):
    """pyHanko's imported page, from bytes rather than a file name."""
    from pyhanko.pdf_utils.content import ImportedPdfPage
    from pyhanko.pdf_utils.layout import BoxConstraints
    from pyhanko.pdf_utils.reader import PdfFileReader

    class PdfBytesPage(ImportedPdfPage):
        def render(self):
            writer = self._ensure_writer
            xobj = writer.import_page_as_xobject(PdfFileReader(io.BytesIO(data)), page_ix=0)
            name = "/ImportOneStopStamp"
            self.resources.xobject[name] = xobj
            x1, y1, x2, y2 = xobj.get_object()["/BBox"]
            self.box = BoxConstraints(width=abs(x1 - x2), height=abs(y1 - y2))
            return name.encode() + b" Do"

    return PdfBytesPage("-")


def sign_pdf(
    pdf, signer, stamp_lines, box, reason="", location="", page=-1, field_name=None, qr_url=None
):
    """The PDF (bytes) signed as PAdES B-B by ``signer`` (a pyHanko ``Signer``), with a
    visible stamp of ``stamp_lines`` in ``box`` (x1, y1, x2, y2 in points, on ``page``, -1
    the last)."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.sign import fields as sig_fields
    from pyhanko.sign.signers.pdf_signer import PdfSignatureMetadata, PdfSigner
    from pyhanko.stamp import StaticStampStyle

    try:
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
        encrypted = writer.prev.encrypted
        existing = [name for name, _value, _ref in sig_fields.enumerate_sig_fields(writer)]
        pages = int(writer.root["/Pages"]["/Count"])
    except (PdfError, ValueError, KeyError, TypeError, IndexError, AttributeError) as error:
        raise PadesError("not_pdf", str(error)) from error
    if encrypted:
        raise PadesError("encrypted")
    field_name = field_name or "%s%d" % (FIELD_PREFIX, len(existing) + 1)
    on_page = page if page >= 0 else pages + page
    x1, y1, x2, y2 = box
    style = StaticStampStyle(
        background=_pdf_bytes_page(stamp_pdf(stamp_lines, x2 - x1, y2 - y1, qr_url)),
        border_width=0,
    )
    metadata = PdfSignatureMetadata(
        field_name=field_name,
        subfilter=sig_fields.SigSeedSubFilter.PADES,
        reason=reason or None,
        location=location or None,
        md_algorithm="sha256",
    )
    pdf_signer = PdfSigner(
        metadata,
        signer,
        stamp_style=style,
        new_field_spec=sig_fields.SigFieldSpec(field_name, box=tuple(box), on_page=on_page),
    )
    output = pdf_signer.sign_pdf(writer, in_place=False)
    return output.getvalue()


# ---------------------------------------------------------------------- verification
def verify_pdf(data, trust_roots, moment=None):
    """Verify every signature of a PDF against ``trust_roots`` (asn1crypto certificates).
    Never raises on bad input: the report says ``error`` with a code in ``error``
    (``too_large``, ``not_pdf``, ``encrypted``)."""
    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko_certvalidator import ValidationContext

    if len(data or b"") > MAX_VERIFY_BYTES:
        return VerifyReport(ERROR, error="too_large")
    if not data or not data.lstrip()[:5] == b"%PDF-":
        return VerifyReport(ERROR, error="not_pdf")
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        if reader.encrypted:
            return VerifyReport(ERROR, error="encrypted")
        embedded = list(reader.embedded_signatures)
    except (PdfError, ValueError, KeyError, TypeError, IndexError, AttributeError) as error:
        _logger.info("Not a readable PDF: %s", error)
        return VerifyReport(ERROR, error="not_pdf")
    if not embedded:
        return VerifyReport(UNSIGNED)
    kwargs = {"trust_roots": list(trust_roots), "allow_fetching": False}
    if moment:
        kwargs["moment"] = moment
    results = []
    for signature in embedded:
        results.append(_verify_one(signature, ValidationContext(**kwargs)))
    state = max((r.state for r in results), key=ORDER.index)
    return VerifyReport(state, signatures=results)


def _verify_one(embedded, context):
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.errors import SignatureValidationError

    result = SignatureResult(state=ERROR, field_name=embedded.field_name or "")
    try:
        cert = embedded.signer_cert
        result.signer = subject_name(cert)
        result.signer_serial = str(cert.serial_number)
        result.signer_fingerprint = cert.sha256.hex()
    except (ValueError, KeyError, AttributeError) as error:
        result.details = str(error)
        return result
    try:
        status = validate_pdf_signature(embedded, context)
    except (SignatureValidationError, ValueError, KeyError) as error:
        result.state = INVALID
        result.details = str(error)
        return result
    result.intact = bool(status.intact and status.valid)
    result.trusted = bool(status.trusted)
    result.signing_time = status.signer_reported_dt
    coverage = getattr(status.coverage, "name", "")
    modification = getattr(status.modification_level, "name", "")
    # A later revision may only add signatures (form filling) or validation data; anything
    # else changed the document after signing.
    result.covers_document = (
        coverage in ("ENTIRE_FILE", "ENTIRE_REVISION")
        and modification != "OTHER"
        and status.docmdp_ok is not False
    )
    if not result.intact:
        result.state = INVALID
    elif not result.covers_document:
        result.state = MODIFIED
    elif not result.trusted:
        result.state = UNTRUSTED
    else:
        result.state = VALID
    result.details = status.pretty_print_details()
    return result
