from freezegun import freeze_time

from odoo.tests import tagged

from odoo.addons.onestop_base.tests.common import local

from .common import HTML, PDF, PortalHttpCase


@tagged("post_install", "-at_install")
class TestSupplement(PortalHttpCase):
    def setUp(self):
        super().setUp()
        # Received, and asked for a supplement, on Monday 2 March 2026 at 09:00 in Vietnam.
        with freeze_time(local(2026, 3, 2, 9, 0)):
            self.dossier = self.waiting_dossier()
        self.line = self.dossier.document_line_ids.sorted("sequence")[0]
        self.url = "/my/dossiers/%s/supplement" % self.dossier.id

    def send(self, files, access_token=None, csrf_url=None, when=(2026, 3, 3, 9, 0)):
        """Send a supplement, by default on Tuesday 3 March 2026 at 09:00 in Vietnam (the
        test server answers in this process, on the frozen clock): after the pause began,
        whatever the machine's clock says. The form is read at the same instant: a visitor's
        session cookie read earlier on a clock set before March 2026 would have expired."""
        with freeze_time(local(*when)):
            data = {"csrf_token": self.csrf(csrf_url or "/my/dossiers/%s" % self.dossier.id)}
            if access_token:
                data["access_token"] = access_token
            return self.url_open(self.url, data=data, files=files, allow_redirects=False)

    def test_citizen_sends_the_supplement_and_the_clock_resumes(self):
        self.assertEqual(self.dossier.state, "waiting_supplement")
        due_before = self.dossier.due_date
        pause = self.dossier.pause_ids
        self.authenticate(self.citizen.login, self.citizen.login)
        page = self.url_open("/my/dossiers/%s" % self.dossier.id).text
        self.assertIn(pause.reason, page)  # what the desk asked
        response = self.send(
            [
                ("line_%s" % self.line.id, ("ban sao.pdf", PDF, "application/pdf")),
                ("other", ("giai trinh.pdf", PDF, "application/pdf")),
            ]
        )
        self.assertEqual(response.status_code, 303, response.text[:300])
        self.assertIn("sent=1", response.headers["Location"])
        # Back to its step, the pause closed, the appointment moved by the paused time.
        self.assertEqual(self.dossier.state, "processing")
        self.assertTrue(pause.date_end)
        self.assertGreaterEqual(self.dossier.due_date, due_before)
        last = self.dossier.step_ids.sorted("sequence")[-1]
        self.assertEqual(last.kind, "supplement_received")
        self.assertFalse(last.user_from_id, "a citizen is not an officer")
        message = self.dossier.message_ids.filtered("attachment_ids")[:1]
        self.assertEqual(message.author_id, self.dossier.partner_id)
        self.assertEqual(self.line.attachment_ids.mapped("name"), ["ban sao.pdf"])
        files = self.dossier._onestop_portal_attachments()
        self.assertEqual(sorted(files.mapped("name")), ["ban sao.pdf", "giai trinh.pdf"])
        self.assertEqual(set(files.mapped("res_id")), {self.dossier.id})
        # Nothing more to send.
        response = self.send([("other", ("them.pdf", PDF, "application/pdf"))])
        self.assertEqual(response.status_code, 400)

    def test_due_date_moves_by_the_pause(self):
        # Pause over a known span, the supplement sent on Tuesday at 09:00 (the test server
        # answers in this process, on the frozen clock): the appointment moves by the eight
        # working hours paused.
        pause = self.dossier.pause_ids
        working_time = self.dossier._onestop_working_time()
        due_before = self.dossier.due_date
        self.authenticate(self.citizen.login, self.citizen.login)
        response = self.send(
            [("line_%s" % self.line.id, ("a.pdf", PDF, "application/pdf"))], when=(2026, 3, 3, 9, 0)
        )
        self.assertEqual(response.status_code, 303)
        self.assertEqual(pause.date_start, local(2026, 3, 2, 9, 0))
        self.assertEqual(pause.date_end, local(2026, 3, 3, 9, 0))
        hours = working_time.working_hours_between(pause.date_start, pause.date_end)
        self.assertEqual(hours, 8.0)
        self.assertAlmostEqual(pause.working_hours, hours, places=4)
        self.assertEqual(self.dossier.due_date, working_time.shift(due_before, hours))

    def test_refusals(self):
        files = [("line_%s" % self.line.id, ("a.pdf", PDF, "application/pdf"))]
        # Another citizen: not found, nothing changes.
        self.authenticate(self.citizen2.login, self.citizen2.login)
        response = self.url_open(
            self.url, data={"csrf_token": self.csrf("/my")}, files=files, allow_redirects=False
        )
        self.assertEqual(response.status_code, 404)
        self.assertEqual(self.dossier.state, "waiting_supplement")
        # A visitor without the token is sent to log in; a wrong token is not found.
        self.authenticate(None, None)
        csrf = self.csrf("/onestop/track")
        response = self.url_open(
            self.url, data={"csrf_token": csrf}, files=files, allow_redirects=False
        )
        self.assertEqual(response.status_code, 303)
        self.assertIn("/web/login", response.headers["Location"])
        response = self.url_open(
            self.url,
            data={"csrf_token": csrf, "access_token": "0" * 36},
            files=files,
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 404)
        self.assertEqual(self.dossier.state, "waiting_supplement")
        # The owner: no file, a forbidden file, a method that is not POST.
        self.authenticate(self.citizen.login, self.citizen.login)
        self.assertEqual(self.send([]).status_code, 400)
        response = self.send([("line_%s" % self.line.id, ("trang.html", HTML, "text/html"))])
        self.assertEqual(response.status_code, 400)
        self.assertIn("trang.html", response.text)
        response = self.send([("line_%s" % self.line.id, ("gia.pdf", HTML, "application/pdf"))])
        self.assertEqual(response.status_code, 400)
        self.assertEqual(self.dossier.state, "waiting_supplement")
        self.assertFalse(self.line.attachment_ids)
        self.assertEqual(self.url_open(self.url).status_code, 405)
        # Without the CSRF token.
        response = self.url_open(self.url, data={"x": "1"}, files=files, allow_redirects=False)
        self.assertEqual(response.status_code, 400)
        self.assertEqual(self.dossier.state, "waiting_supplement")

    def test_with_the_token_of_an_email(self):
        token = self.dossier._portal_ensure_token()
        response = self.send(
            [("line_%s" % self.line.id, ("a.pdf", PDF, "application/pdf"))],
            access_token=token,
            csrf_url="/my/dossiers/%s?access_token=%s" % (self.dossier.id, token),
        )
        self.assertEqual(response.status_code, 303)
        self.assertIn("access_token=%s" % token, response.headers["Location"])
        self.assertEqual(self.dossier.state, "processing")
