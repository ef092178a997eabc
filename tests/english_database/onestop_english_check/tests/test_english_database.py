"""The OneStop addons in a database created in English (issue 16).

The database was created without ``--load-language``: Vietnamese was never loaded before the
addons were installed. Officers and managers here work in English; the citizen reads
Vietnamese; one applicant has no language at all. Every official form must still print in
Vietnamese, every mail template must be sent, every public and portal page must open, in
Vietnamese."""

import io
import logging
import re
from datetime import timedelta

import openpyxl

from odoo import Command, fields
from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.onestop_portal.tests.common import JPEG, PDF, PortalHttpCase

_logger = logging.getLogger(__name__)

VIETNAMESE_LETTERS = re.compile(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", re.I)
CSRF = re.compile(r'name="csrf_token"\s+value="([^"]+)"')
SUBMISSION_KEY = re.compile(r'name="submission_key"\s+value="([^"]+)"')

# What each form of the four addons must say (Vietnamese written in the templates, and
# Vietnamese that only the translations bring: labels, titles).
FORMS = {
    "onestop_portal.action_report_form_receipt": ["GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ"],
    "onestop_workflow.action_report_form_supplement": [
        "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ",
        "Mẫu số 02",
    ],
    "onestop_workflow.action_report_form_refusal": [
        "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ",
        "Mẫu số 03",
    ],
    "onestop_workflow.action_report_form_apology": [
        "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ",
        "Mẫu số 04",
    ],
    "onestop_workflow.action_report_form_control_slip": ["Mẫu số 05", "Tiếp nhận", "Thẩm định"],
    "onestop_reports.action_report_logbook": [
        "SỔ THEO DÕI HỒ SƠ",
        "Mẫu số 06",
        "Nhận và trả kết quả",
    ],
}
ENGLISH_IN_FORMS = ("DOSSIER LOG BOOK", "Receiving and returning the result", "Appraisal")


# At install, the last module: all addons are loaded, and Odoo does not build every asset
# bundle first as it does before post-install browser tests (minutes on a busy machine).
@tagged("at_install", "-post_install")
class TestEnglishDatabase(PortalHttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        english = cls.env.ref("base.lang_en")
        assert english.active
        # The officers and the manager work in English, the citizen reads Vietnamese, the
        # applicant at the desk chose no language.
        (cls.reception | cls.specialist | cls.head | cls.leader | cls.manager).lang = "en_US"
        cls.citizen.lang = "vi_VN"
        cls.partner.lang = False

    # ------------------------------------------------------------------ helpers
    def submit_online(self):
        """The citizen submits the dossier on the portal; the desk receives it."""
        self.authenticate(self.citizen.login, self.citizen.login)
        url = "/my/procedures/%s/submit" % self.procedure.id
        page = self.url_open(url)
        self.assertEqual(page.status_code, 200)
        self.assertIn("Nộp trực tuyến", page.text)
        data = {
            "csrf_token": CSRF.search(page.text).group(1),
            "submission_key": SUBMISSION_KEY.search(page.text).group(1),
            "id_number": "037090004321",
            "phone": "0912345678",
            "email": "t_citizen@example.vn",
            "street": "Số 1 đường Thử",
            "department_id": str(self.desk.id),
            "return_method": "desk",
            "note": "Nộp qua cổng dịch vụ công.",
        }
        files = [
            ("document_%s" % self.documents[0].id, ("to khai.pdf", PDF, "application/pdf")),
            ("document_%s" % self.documents[1].id, ("giay chung sinh.jpg", JPEG, "image/jpeg")),
        ]
        response = self.url_open(url, data=data, files=files, allow_redirects=False)
        self.assertEqual(response.status_code, 303, response.text[:500])
        dossier = self.env["onestop.dossier"].search(
            [("partner_id", "=", self.applicant.id), ("channel", "=", "online")]
        )
        self.assertEqual(len(dossier), 1)
        dossier.with_user(self.reception).action_receive()
        return dossier

    def scenario(self):
        """A dossier through each channel, and one in each state a form is printed in."""
        in_person = self.received_dossier(partner=self.partner)
        postal = self.received_dossier(channel="postal", return_method="postal")
        online = self.submit_online()
        self.assertEqual(
            [d.channel for d in (in_person, postal, online)], ["in_person", "postal", "online"]
        )
        self.assertTrue(all(d.state == "received" for d in (in_person, postal, online)))
        # Supplement (form 02) and apology (form 04) on the postal one, then refused (03).
        postal.sudo()._onestop_forward(self.steps[1], self.specialist, self.unit)
        self.wizard(
            "onestop.supplement.wizard",
            self.specialist,
            postal,
            missing="- Bản sao Giấy chứng sinh",
            document_ids=[Command.set(postal.document_line_ids[:1].ids)],
        ).action_confirm()
        postal.with_user(self.reception).action_supplement_received()
        apology = self.env["onestop.dossier.apology"].create(
            {
                "dossier_id": postal.id,
                "new_due_date": postal.due_date + timedelta(days=3),
                "reason": "Chờ xác minh",
            }
        )
        apology.with_user(self.specialist).action_confirm()
        self.wizard(
            "onestop.close.wizard",
            self.specialist,
            postal,
            close_state="refused",
            reason="Không đủ điều kiện",
        ).action_confirm()
        # The one submitted online gets its result.
        online.sudo()._onestop_record_result(note="Đã ký")
        online.sudo()._onestop_return_result(method="desk")
        return in_person, postal, online

    def records_of(self, model):
        """Records to print a report or send a template of ``model`` for."""
        records = self.env[model].search([], order="id desc", limit=3)
        if not records and self.env[model]._transient:
            values = {}
            if model == "onestop.logbook.wizard":
                today = fields.Date.context_today(self.env.user)
                values = {
                    "department_id": self.desk.id,
                    "period_type": "custom",
                    "date_from": today - timedelta(days=31),
                    "date_to": today + timedelta(days=31),
                }
            records = self.env[model].create(values)
        return records

    def assertVietnamese(self, text, what):
        self.assertTrue(VIETNAMESE_LETTERS.search(text), "%s is not in Vietnamese" % what)

    # ------------------------------------------------------------------ tests
    def test_01_vietnamese_and_its_terms(self):
        self.assertTrue(self.env["res.lang"]._lang_get("vi_VN"))
        # Odoo's own terms (installed before the OneStop addons) and ours.
        self.assertEqual(self.env.ref("base.vn").with_context(lang="vi_VN").name, "Việt Nam")
        discuss = self.env.ref("mail.menu_root_discuss").with_context(lang="vi_VN")
        self.assertEqual(discuss.name, "Thảo luận")
        menu = self.env.ref("onestop_base.menu_onestop_reception").with_context(lang="vi_VN")
        self.assertEqual(menu.name, "Tiếp nhận")
        # Every field of every OneStop addon has its Vietnamese label.
        modules = self.env["ir.module.module"].search(
            [("name", "=like", "onestop\\_%"), ("state", "=", "installed")]
        )
        for module in modules.filtered(lambda m: m.name != "onestop_english_check"):
            self.env.cr.execute(
                """SELECT count(*), count(*) FILTER (WHERE f.field_description ? 'vi_VN')
                     FROM ir_model_data d JOIN ir_model_fields f ON f.id = d.res_id
                    WHERE d.model = 'ir.model.fields' AND d.module = %s""",
                [module.name],
            )
            total, translated = self.env.cr.fetchone()
            self.assertEqual(translated, total, "%s: fields without Vietnamese" % module.name)

    def test_02_every_channel_every_form_every_email(self):
        in_person, postal, online = self.scenario()

        # Every QWeb report of every OneStop model, printed by an officer working in English.
        reports = self.env["ir.actions.report"].search(
            [("model", "=like", "onestop.%"), ("report_type", "like", "qweb-%")]
        )
        self.assertTrue(set(FORMS) <= set(reports.get_external_id().values()))
        printed = []
        for report in reports:
            records = self.records_of(report.model)
            if not records:
                _logger.info("no %s to print %s with", report.model, report.report_name)
                continue
            Report = self.env["ir.actions.report"].with_context(lang="en_US")
            if report.report_type == "qweb-text":
                content = Report._render_qweb_text(report, records.ids)[0]
            else:
                content = Report._render_qweb_html(report, records.ids)[0]
            html = content.decode()
            xmlid = report.get_external_id()[report.id]
            self.assertVietnamese(html, xmlid)
            for text in FORMS.get(xmlid, ()):
                self.assertIn(text, html, xmlid)
            for text in ENGLISH_IN_FORMS:
                self.assertNotIn(text, html, xmlid)
            printed.append(xmlid)
        self.assertTrue(set(FORMS) <= set(printed), printed)
        # The receipt as the English-speaking officer prints it, as a PDF.
        pdf, kind = (
            self.env["ir.actions.report"]
            .with_user(self.reception)
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf("onestop_portal.action_report_form_receipt", in_person.ids)
        )
        self.assertEqual(kind, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))

        # Every mail template of the OneStop models, sent as the jobs send them.
        templates = self.env["mail.template"].search([("model", "=like", "onestop.%")])
        self.assertTrue(templates)
        for template in templates:
            # The citizen reads Vietnamese; the applicant at the desk chose no language.
            for dossier in (online, in_person):
                record = dossier if template.model == "onestop.dossier" else None
                record = record or self.records_of(template.model)[:1]
                self.assertTrue(record, "nothing to send %s about" % template.name)
                if hasattr(record, "message_post_with_source"):
                    message = record.with_context(
                        mail_notify_force_send=False
                    ).message_post_with_source(
                        template, subtype_xmlid="mail.mt_comment", message_type="comment"
                    )
                    self.assertTrue(message.body, template.name)
                    self.assertVietnamese(str(message.body), template.name)
                    mails = self.env["mail.mail"].search([("mail_message_id", "=", message.id)])
                else:
                    mails = self.env["mail.mail"].browse(
                        template.send_mail(record.id, force_send=False)
                    )
                self.assertTrue(mails, "%s sent no email" % template.name)
                body = "".join(mails.mapped("body_html"))
                self.assertVietnamese(body, template.name)
                # Odoo's email layout is rendered in Vietnamese too.
                self.assertIn('<html lang="vi_VN">', body, template.name)
                if "odoo.com" in body:
                    self.assertIn("Cung cấp bởi", body, template.name)
                    self.assertNotIn("Powered by", body, template.name)
        # The applicants' emails queued by the actions above, written by the job (a failure
        # would be logged as an error, which fails the suite test).
        queue = self.env["onestop.mail.queue"]
        self.assertTrue(queue.search([]))
        messages = self.env["mail.message"].search_count([])
        queue._cron_send()
        self.assertFalse(queue.search([]))
        self.assertGreater(self.env["mail.message"].search_count([]), messages)

        # The statistics (manager) and the log book (officer) as XLSX.
        today = fields.Date.context_today(self.env.user)
        period = "date_from=%s&date_to=%s" % (
            today - timedelta(days=31),
            today + timedelta(days=31),
        )
        self.authenticate(self.manager.login, self.manager.login)
        response = self.url_open("/onestop/reports/statistics.xlsx?" + period)
        self.assertEqual(response.status_code, 200, response.text[:300])
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        cells = " ".join(str(c.value) for row in sheet.iter_rows() for c in row if c.value)
        self.assertIn("BÁO CÁO TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH", cells)
        self.assertIn("Kỳ trước chuyển sang", cells)
        self.assertIn("Kỳ báo cáo", cells)
        self.authenticate(self.reception.login, self.reception.login)
        response = self.url_open(
            "/onestop/reports/logbook.xlsx?department_id=%s&%s" % (self.desk.id, period)
        )
        self.assertEqual(response.status_code, 200, response.text[:300])
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        self.assertEqual(sheet["A1"].value, "SỔ THEO DÕI HỒ SƠ")
        cells = " ".join(str(c.value) for row in sheet.iter_rows() for c in row if c.value)
        self.assertIn(in_person.name, cells)
        self.assertIn("Nhận và trả kết quả", cells)

    def test_03_public_and_portal_pages(self):
        in_person, postal, online = self.scenario()
        desk = self.desk.code or str(self.desk.id)
        attachment = online.document_line_ids.attachment_ids[:1]
        # The public pages, for a visitor who chose no language.
        public = {
            "/onestop/procedures": ["Thủ tục hành chính", "Tất cả lĩnh vực"],
            "/onestop/procedures/page/1": ["Thủ tục hành chính"],
            "/onestop/procedures/%s" % self.procedure.id: [self.procedure.name],
            "/onestop/track": ["Tra cứu hồ sơ", "Mã hồ sơ"],
            "/onestop/track/%s" % in_person.tracking_token: ["Trạng thái", "Quá trình xử lý"],
            "/onestop/board/%s" % desk: [],
        }
        if "onestop.ticket" in self.env:
            # The hall's pages of the desk (onestop_hall).
            public.update(
                {
                    "/onestop/kiosk/%s" % desk: [],
                    "/onestop/hall/%s" % desk: [],
                    "/onestop/booking/%s" % desk: [],
                }
            )
        # The citizen's portal.
        portal = {
            "/my": ["Hồ sơ"],
            "/my/dossiers": ["Ngày hẹn trả kết quả", "Trạng thái"],
            "/my/dossiers/page/1": ["Trạng thái"],
            "/my/dossiers/%s" % online.id: ["Người nộp hồ sơ", "Quá trình xử lý"],
            "/my/dossiers/%s/receipt" % online.id: [],
            "/my/dossiers/%s/files/%s" % (online.id, attachment.id): [],
            "/my/procedures/%s/submit" % self.procedure.id: [
                "Nộp trực tuyến",
                "Nơi tiếp nhận và hình thức nhận kết quả",
            ],
        }
        if "onestop.citizen.document" in self.env:
            portal["/my/documents/page/1"] = []
        if "onestop.hall.booking" in self.env:
            # The citizen's appointments (onestop_hall).
            portal["/my/bookings/page/1"] = []
        # Pages that need a record of a later addon (a ticket's or a booking's token, a stored
        # document, a signature's token): opened by those addons' own tests.
        covered_elsewhere = {
            "/onestop/ticket/<string:token>",
            "/onestop/booking/view/<string:token>",
            "/onestop/hall/<string:desk>/state",
            "/onestop/kiosk/<string:desk>/checkin",
            "/onestop/kiosk/<string:desk>/ticket",
            "/my/documents/<int:document_id>/download",
            "/onestop/verify/<string:token>",
        }
        opened = set()
        for session, pages in ((None, public), (self.citizen, portal)):
            self.authenticate(session and session.login, session and session.login)
            for url, texts in pages.items():
                if session:
                    response = self.url_open(url)
                else:
                    # A visitor's browser that asks for Vietnamese (a citizen scanning the
                    # receipt's QR code): the page answers at its own address, not by a
                    # redirection to /vi/..., although the database's language is English.
                    response = self.url_open(
                        url, headers={"Accept-Language": "vi-VN,vi"}, allow_redirects=False
                    )
                self.assertEqual(response.status_code, 200, url)
                if "html" in response.headers.get("Content-Type", ""):
                    self.assertVietnamese(response.text, url)
                for text in texts:
                    self.assertIn(text, response.text, url)
                opened.add(url)
        # Every page of the OneStop addons that a visitor or a citizen opens (GET, HTTP):
        # those above, and any other one without parameters.
        for rule in self.env["ir.http"].routing_map().iter_rules():
            endpoint = rule.endpoint
            function = getattr(endpoint, "original_endpoint", endpoint)
            routing = getattr(endpoint, "routing", {})
            if not getattr(function, "__module__", "").startswith("odoo.addons.onestop_"):
                continue
            methods = routing.get("methods") or ["GET"]
            if routing.get("type") != "http" or "GET" not in methods:
                continue
            if rule.rule.startswith("/onestop/reports/") or rule.rule in opened:
                continue
            if rule.rule in covered_elsewhere or rule.rule.endswith(".xlsx"):
                continue
            if rule.arguments:
                self.assertTrue(
                    any(
                        re.fullmatch(re.sub(r"<[^>]+>", "[^/]+", rule.rule), url) for url in opened
                    ),
                    "page %s not opened" % rule.rule,
                )
                continue
            for session in (None, self.citizen):
                self.authenticate(session and session.login, session and session.login)
                response = self.url_open(rule.rule)
                self.assertLess(response.status_code, 500, rule.rule)

    def test_04_vietnamese_deactivated(self):
        """An administrator deactivates Vietnamese: a clear message when a form is printed,
        and the applicants' emails still go out."""
        dossier = self.received_dossier()
        dossier.partner_id.lang = False
        Users = self.env["res.users"].with_context(active_test=False)
        Users.search([("lang", "=", "vi_VN")]).lang = "en_US"
        Partners = self.env["res.partner"].with_context(active_test=False)
        Partners.search([("lang", "=", "vi_VN")]).lang = "en_US"
        self.env.ref("base.lang_vi_VN").active = False
        Report = self.env["ir.actions.report"].with_user(self.reception)
        for xmlid in FORMS:
            model = self.env.ref(xmlid).model
            records = dossier if model == "onestop.dossier" else self.records_of(model)
            with self.assertRaises(UserError) as caught:
                Report._render_qweb_pdf(xmlid, records.ids)
            self.assertIn("Vietnamese is not active", str(caught.exception))
        # The citizen who downloads the receipt reads the same message (400), no traceback.
        self.authenticate(self.citizen.login, self.citizen.login)
        response = self.url_open("/my/dossiers/%s/receipt" % dossier.id)
        self.assertEqual(response.status_code, 400)
        self.assertIn("Vietnamese is not active", response.text)
        template = self.env.ref("onestop_workflow.mail_template_dossier_received")
        message = dossier.with_context(mail_notify_force_send=False).message_post_with_source(
            template, subtype_xmlid="mail.mt_comment", message_type="comment"
        )
        self.assertIn(dossier.name, str(message.body))
