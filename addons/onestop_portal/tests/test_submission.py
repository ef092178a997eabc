import re

from odoo import Command
from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.onestop_workflow.tests.common import run_queued_jobs

from .common import HTML, JPEG, PDF, PNG, PortalHttpCase

KEY_RE = re.compile(r'name="submission_key"\s+value="([^"]+)"')


@tagged("post_install", "-at_install")
class TestSubmission(PortalHttpCase):
    def setUp(self):
        super().setUp()
        self.url = "/my/procedures/%s/submit" % self.procedure.id
        self.authenticate(self.citizen.login, self.citizen.login)

    def form(self):
        page = self.url_open(self.url).text
        return {
            "csrf_token": re.search(r'name="csrf_token"\s+value="([^"]+)"', page).group(1),
            "submission_key": KEY_RE.search(page).group(1),
            "id_number": "037090004321",
            "phone": "0912345678",
            "email": "t_citizen@example.vn",
            "street": "Số 1 đường Thử",
            "department_id": str(self.desk.id),
            "return_method": "desk",
            "note": "Nhờ cán bộ kiểm tra giúp.",
        }

    def files(self, **overrides):
        files = [
            ("other", ("giai trinh.pdf", PDF, "application/pdf")),
            ("document_%s" % self.documents[0].id, ("to khai.pdf", PDF, "application/pdf")),
            ("document_%s" % self.documents[1].id, ("giay chung sinh.jpg", JPEG, "image/jpeg")),
            ("document_%s" % self.documents[1].id, ("trang 2.png", PNG, "image/png")),
        ]
        for name, value in overrides.items():
            files = [f for f in files if f[0] != name]
            if value:
                files.append((name, value))
        return files

    def submit(self, data, files):
        return self.url_open(self.url, data=data, files=files, allow_redirects=False)

    def online_dossiers(self):
        return self.env["onestop.dossier"].search(
            [("partner_id", "=", self.applicant.id), ("channel", "=", "online")]
        )

    def test_form_is_prefilled(self):
        response = self.url_open(self.url)
        self.assertEqual(response.status_code, 200)
        page = response.text
        self.assertIn('value="Nguyễn Văn Công"', page)
        self.assertIn('value="037090004321"', page)
        self.assertIn('value="0912 345 678"', page)
        for document in self.documents:
            self.assertIn('name="document_%s"' % document.id, page)
        self.assertIn("8.000", page)  # the fee
        self.assertEqual(len(KEY_RE.search(page).group(1)), 32)
        # A procedure not offered online, an unknown one: not found.
        self.procedure_calendar_days.online_level = "none"
        for url in (
            "/my/procedures/%s/submit" % self.procedure_calendar_days.id,
            "/my/procedures/999999999/submit",
            "/my/procedures/99999999999999/submit",
        ):
            self.assertEqual(self.url_open(url).status_code, 404)
        # A visitor logs in first.
        self.authenticate(None, None)
        response = self.url_open(self.url, allow_redirects=False)
        self.assertIn("/web/login", response.headers.get("Location", ""))

    def test_submit_then_the_desk_accepts(self):
        data = self.form()
        response = self.submit(data, self.files())
        self.assertEqual(response.status_code, 303, response.text[:500])
        dossier = self.online_dossiers()
        self.assertEqual(len(dossier), 1)
        self.assertIn("/my/dossiers/%s" % dossier.id, response.headers["Location"])
        self.assertEqual(dossier.state, "draft")
        self.assertEqual(dossier.channel, "online")
        self.assertEqual(dossier.department_id, self.desk)
        self.assertTrue(dossier.submitted_date)
        self.assertFalse(dossier.user_id)
        lines = dossier.document_line_ids.sorted("sequence")
        self.assertEqual(lines[0].attachment_ids.mapped("name"), ["to khai.pdf"])
        self.assertEqual(
            sorted(lines[1].attachment_ids.mapped("mimetype")), ["image/jpeg", "image/png"]
        )
        self.assertTrue(lines[0].is_submitted and lines[1].is_submitted)
        self.assertFalse(lines[2].is_submitted)
        # The files beyond the required documents get a line of their own.
        self.assertEqual(len(lines), 4)
        self.assertTrue(lines[3].portal_other)
        self.assertEqual(lines[3].attachment_ids.mapped("name"), ["giai trinh.pdf"])
        self.assertEqual(lines.attachment_ids.mapped("res_model"), ["onestop.dossier"] * 4)
        self.assertIn("Nhờ cán bộ kiểm tra", str(dossier.message_ids.mapped("body")))
        # The citizen sees it in /my.
        page = self.url_open("/my/dossiers").text
        self.assertIn('data-dossier-id="%s"' % dossier.id, page)
        page = self.url_open(response.headers["Location"]).text
        self.assertIn("o_onestop_notice", page)
        # The desk sees it to receive, accepts it: code, due date, receipt.
        reception = dossier.with_user(self.reception)
        self.assertIn(dossier, reception.search([("state", "=", "draft")]))
        action = reception.with_context(onestop_print_receipt=True).action_receive()
        self.assertEqual(dossier.state, "received")
        self.assertNotEqual(dossier.name, "/")
        self.assertTrue(dossier.due_date)
        self.assertEqual(action["report_name"], "onestop_portal.report_form_receipt")

    def test_same_form_twice_makes_one_dossier(self):
        data = self.form()
        first = self.submit(data, self.files())
        second = self.submit(data, self.files())
        self.assertEqual(first.status_code, 303)
        self.assertEqual(second.status_code, 303)
        self.assertEqual(first.headers["Location"], second.headers["Location"])
        self.assertEqual(len(self.online_dossiers()), 1)
        # Another citizen replaying the key gets nothing.
        self.authenticate(self.citizen2.login, self.citizen2.login)
        data["csrf_token"] = self.csrf(self.url)
        response = self.submit(data, self.files())
        self.assertEqual(response.status_code, 400)
        self.assertEqual(len(self.online_dossiers()), 1)
        # A new form is a new dossier.
        self.authenticate(self.citizen.login, self.citizen.login)
        self.assertEqual(self.submit(self.form(), self.files()).status_code, 303)
        self.assertEqual(len(self.online_dossiers()), 2)

    def test_mandatory_documents_and_fields(self):
        data = self.form()
        response = self.submit(data, self.files(**{"document_%s" % self.documents[1].id: None}))
        self.assertEqual(response.status_code, 400)
        self.assertIn(self.documents[1].name, response.text)
        self.assertIn("o_onestop_errors", response.text)
        for field, value in (
            ("id_number", ""),
            ("id_number", "12ab"),
            ("phone", "12"),
            ("email", "not-an-email"),
            ("department_id", str(self.other_agency.id)),
            ("department_id", "abc"),
            ("return_method", "teleport"),
        ):
            with self.subTest(field=field, value=value):
                response = self.submit(dict(data, **{field: value}), self.files())
                self.assertEqual(response.status_code, 400)
        response = self.submit(dict(data, return_method="postal", street=""), self.files())
        self.assertEqual(response.status_code, 400)
        self.assertFalse(self.online_dossiers())
        # Nothing half-saved: the citizen's contact is unchanged too.
        self.assertEqual(self.applicant.onestop_id_number, "037090004321")

    # A broken archive makes Odoo's guess_mimetype log a warning: the file is refused.
    @mute_logger("odoo.tools.mimetypes.guess_mimetype")
    def test_bad_files(self):
        data = self.form()
        doc = "document_%s" % self.documents[0].id
        for name, content, mimetype in (
            ("virus.exe", b"MZ\x90\x00", "application/octet-stream"),
            ("trang.html", HTML, "text/html"),
            ("gia-mao.pdf", HTML, "application/pdf"),  # says PDF, is HTML
            ("anh.png", JPEG, "image/png"),  # a JPEG named PNG
            ("rong.pdf", b"", "application/pdf"),
            ("to-lon.pdf", PDF + b"0" * (1024 * 1024), "application/pdf"),
            ("giả.docx", b"PK\x03\x04 not a zip", "application/octet-stream"),
        ):
            with self.subTest(name=name):
                response = self.submit(data, self.files(**{doc: (name, content, mimetype)}))
                self.assertEqual(response.status_code, 400)
                self.assertIn(name, response.text)
        # Too many files at once.
        many = self.files() + [(doc, ("p%s.pdf" % i, PDF, "application/pdf")) for i in range(11)]
        self.assertEqual(self.submit(data, many).status_code, 400)
        many = self.files() + [
            ("other", ("p%s.pdf" % i, PDF, "application/pdf")) for i in range(40)
        ]
        self.assertEqual(self.submit(data, many).status_code, 400)
        self.assertFalse(self.online_dossiers())

    def test_file_names_are_cleaned(self):
        data = self.form()
        doc = "document_%s" % self.documents[0].id
        response = self.submit(
            data, self.files(**{doc: ("../../<script>Tờ khai*x.PDF", PDF, "text/html")})
        )
        self.assertEqual(response.status_code, 303)
        attachment = self.online_dossiers().document_line_ids.sorted("sequence")[0].attachment_ids
        self.assertEqual(attachment.name, "script_Tờ khai_x.pdf")
        self.assertEqual(attachment.mimetype, "application/pdf")

    def test_bad_requests(self):
        data = self.form()
        for key in ("", "short", "x" * 100, "bad key with spaces!!"):
            with self.subTest(key=key):
                response = self.submit(dict(data, submission_key=key), self.files())
                self.assertEqual(response.status_code, 400)
        response = self.submit(dict(data, csrf_token="nope"), self.files())
        self.assertEqual(response.status_code, 400)
        response = self.opener.put(self.base_url() + self.url, timeout=12)
        self.assertEqual(response.status_code, 405)
        self.assertFalse(self.online_dossiers())

    def test_submissions_are_limited_per_client(self):
        self.env["ir.config_parameter"].sudo().set_param("onestop_portal.submit_max_per_hour", "1")
        self.assertEqual(self.submit(self.form(), self.files()).status_code, 303)
        response = self.submit(self.form(), self.files())
        self.assertEqual(response.status_code, 429)
        self.assertIn("Retry-After", response.headers)
        self.assertEqual(len(self.online_dossiers()), 1)

    def test_desk_asks_for_documents_before_accepting(self):
        self.assertEqual(self.submit(self.form(), self.files()).status_code, 303)
        dossier = self.online_dossiers()
        # The workflow's supplement request works on an online draft: no clock to pause.
        self.assertTrue(dossier.with_user(self.reception).wf_can_supplement)
        self.wizard(
            "onestop.supplement.wizard",
            self.reception,
            dossier,
            document_ids=[Command.set(dossier.document_line_ids[2:3].ids)],
        ).action_confirm()
        self.assertEqual(dossier.state, "draft")
        self.assertTrue(dossier.intake_request_pending)
        self.assertTrue(dossier.applicant_action_required)
        self.assertFalse(dossier.pause_ids)
        # The job writes the queued email off the request.
        run_queued_jobs(self.env)
        mail = dossier.message_ids.filtered(
            lambda m: "Bổ sung hồ sơ trực tuyến" in (m.subject or "")
        )
        self.assertEqual(len(mail), 1)
        self.assertIn("access_token=", str(mail.body))
        # Once is enough until the applicant answers.
        self.assertFalse(dossier.with_user(self.reception).wf_can_supplement)
        # An in-person draft cannot get such a request.
        at_desk = self.make_citizen_dossier()
        self.assertFalse(at_desk.with_user(self.reception).wf_can_supplement)
        # The citizen sends the document from the portal.
        page = self.url_open("/my/dossiers/%s?filterby=waiting" % dossier.id).text
        self.assertIn("o_onestop_supplement_form", page)
        line = dossier.document_line_ids.sorted("sequence")[2]
        response = self.url_open(
            "/my/dossiers/%s/supplement" % dossier.id,
            data={"csrf_token": self.csrf("/my/dossiers/%s" % dossier.id)},
            files=[("line_%s" % line.id, ("uy quyen.pdf", PDF, "application/pdf"))],
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 303)
        self.assertFalse(dossier.intake_request_pending)
        self.assertEqual(line.attachment_ids.mapped("name"), ["uy quyen.pdf"])
        self.assertEqual(dossier.state, "draft")
        dossier.with_user(self.reception).action_receive()
        self.assertEqual(dossier.state, "received")
