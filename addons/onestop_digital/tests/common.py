import base64
import io

from odoo import Command

from odoo.addons.onestop_portal.tests.common import PortalCase, PortalHttpCase

from ..tools.pki import TestAuthority

PASSWORD = "mat-khau-thu"


def b64(data):
    return base64.b64encode(data)


def real_pdf(text="Giấy tờ thử"):
    """A small, well-formed one-page PDF (reportlab)."""
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    pdf.drawString(72, 720, text)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


class DigitalCase(PortalCase):
    """Portal's agency and citizens; the procedure also asks for the applicant's identity
    card; the agency's seal is a PKCS#12 certificate of a test authority made for the run."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.kind_id_card = cls.env.ref("onestop_digital.document_kind_identity_card")
        cls.kind_birth = cls.env.ref("onestop_digital.document_kind_birth_certificate")
        cls.kind_result = cls.env.ref("onestop_digital.document_kind_result")
        cls.procedure.write(
            {
                "document_ids": [
                    Command.create(
                        {
                            "name": "Căn cước công dân",
                            "mandatory": True,
                            "sequence": 50,
                            "kind_id": cls.kind_id_card.id,
                        }
                    )
                ],
                "result_kind_id": cls.kind_birth.id,
            }
        )
        cls.doc_id_card = cls.procedure.document_ids.filtered("kind_id")
        cls.authority = TestAuthority()
        cls.signer = (
            cls.env["onestop.signer"]
            .with_user(cls.admin)
            .create(
                {
                    "name": "Con dấu số UBND xã Thử Nghiệm",
                    "department_id": cls.agency.id,
                    "pkcs12_file": b64(cls.authority.pkcs12("UBND xã Thử Nghiệm", PASSWORD)),
                    "pkcs12_password": PASSWORD,
                }
            )
        )
        cls.Stored = cls.env["onestop.citizen.document"]

    def store(self, partner=None, kind=None, data=b"%PDF-1.4\n%%EOF\n", **vals):
        return self.Stored.with_user(self.reception).create(
            {
                "partner_id": (partner or self.applicant).id,
                "kind_id": (kind or self.kind_id_card).id,
                "number": "037090004321",
                "issuer": "Cục Cảnh sát QLHC về TTXH",
                "issue_date": "2024-01-15",
                "file": b64(data),
                "filename": "cccd.pdf",
                "company_id": self.agency.company_id.id,
                **vals,
            }
        )

    def id_card_line(self, dossier):
        return dossier.document_line_ids.filtered(lambda line: line.kind_id == self.kind_id_card)

    def render(self, report_ref, records):
        Report = self.env["ir.actions.report"].with_context(force_report_rendering=True)
        pdf, _kind = Report._render_qweb_pdf(report_ref, records.ids)
        return pdf


class DigitalHttpCase(PortalHttpCase, DigitalCase):
    """For the tests that render the forms: wkhtmltopdf fetches the report's assets from the
    test server, which shares the test's transaction only in an HttpCase."""
