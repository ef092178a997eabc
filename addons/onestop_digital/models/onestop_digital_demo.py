import base64
import io
import logging

from odoo import Command, api, fields, models

from ..tools.pki import TestAuthority

_logger = logging.getLogger(__name__)

DEMO_PASSWORD = "demo"
DEMO_SIGNER = "Con dấu số (demo)"


def _pdf(lines):
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    from ..tools.pades import font_path

    if "OneStopStamp" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("OneStopStamp", font_path()))
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    pdf.setFont("OneStopStamp", 14)
    y = 760
    for line in lines:
        pdf.drawString(72, y, line)
        y -= 24
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


class OnestopDigitalDemo(models.AbstractModel):
    """Demo data: the citizen congdan's identity card, scanned with a first dossier, reused in
    a second one; the agency's seal (a certificate of a demo authority made when the demo is
    loaded); the second dossier's receipt signed by a job once the server runs (rendering a
    report needs the server's assets)."""

    _name = "onestop.digital.demo"
    _description = "OneStop digital demo data"

    @api.model
    def _onestop_demo(self):
        env = self.env(su=True)
        if (
            env["onestop.signer"]
            .with_context(active_test=False)
            .search_count([("name", "=", DEMO_SIGNER)])
        ):
            return True  # loaded already (a module update runs the demo's functions again)
        id_card = env.ref("onestop_digital.document_kind_identity_card")
        documents = env["onestop.procedure.document"].search([("name", "ilike", "tùy thân")])
        documents.write({"kind_id": id_card.id})
        birth = env.ref("onestop_base.proc_birth", raise_if_not_found=False)
        if birth:
            birth.result_kind_id = env.ref("onestop_digital.document_kind_birth_certificate")
        authority = TestAuthority("OneStop Demo CA (không dùng thật)", role="demo_ca")
        env["onestop.signer"].create(
            {
                "name": DEMO_SIGNER,
                "stamp_agency": "UBND phường Hoa Lư",
                "pkcs12_file": base64.b64encode(
                    authority.pkcs12("UBND phường Hoa Lư (demo)", DEMO_PASSWORD, role="demo")
                ),
                "pkcs12_password": DEMO_PASSWORD,
            }
        )
        citizen = env["res.users"].search([("login", "=", "congdan")], limit=1)
        reception = env["res.users"].search([("login", "=", "tiepnhan.hoalu")], limit=1)
        desk = env.ref("onestop_base.dept_hoalu_desk", raise_if_not_found=False)
        if not (citizen and reception and desk and birth):
            return True
        partner = citizen.partner_id
        # Received by the demo loader (the superuser), as the other demo dossiers are: changes
        # of state made during an install are not tracked, and users' ones always are.
        Dossier = env["onestop.dossier"]
        scan = env["ir.attachment"].create(
            {
                "name": "can-cuoc-cong-dan.pdf",
                "raw": _pdf(
                    [
                        "CĂN CƯỚC CÔNG DÂN (bản quét, dữ liệu mẫu)",
                        "Họ và tên: %s" % partner.name,
                        "Số: %s" % (partner.onestop_id_number or "037090001234"),
                    ]
                ),
            }
        )

        def dossier_with(card_line_vals):
            dossier = Dossier.create(
                {
                    "procedure_id": birth.id,
                    "partner_id": partner.id,
                    "department_id": desk.id,
                    "channel": "in_person",
                }
            )
            for line in dossier.document_line_ids.filtered("mandatory"):
                if line.kind_id == id_card:
                    line.write(card_line_vals(dossier))
                else:
                    line.is_submitted = True
            dossier.action_receive()
            return dossier

        first = dossier_with(lambda d: {"attachment_ids": [Command.link(scan.id)]})
        stored = first.document_line_ids.stored_document_ids
        stored.write(
            {
                "number": partner.onestop_id_number or "037090001234",
                "issuer": "Cục Cảnh sát quản lý hành chính về trật tự xã hội",
                "issue_date": fields.Date.add(fields.Date.today(), years=-2),
                "valid_until": fields.Date.add(fields.Date.today(), years=13),
            }
        )
        dossier_with(lambda d: {"citizen_document_id": stored.id})
        return True

    @api.model
    def _cron_onestop_sign_demo_receipt(self):
        """Sign the receipt of the demo dossier that reused the identity card, once."""
        env = self.env(su=True)
        line = env["onestop.dossier.document"].search([("is_reused", "=", True)], limit=1)
        dossier = line.dossier_id
        if dossier and not dossier.signed_attachment_ids:
            dossier._onestop_sign_form("receipt")
            _logger.info("Demo receipt of %s signed", dossier.name)
        env.ref("onestop_digital.ir_cron_sign_demo_receipt").active = False
        return True
