import re
from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from .common import PortalHttpCase


@tagged("post_install", "-at_install")
class TestTracking(PortalHttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["ir.config_parameter"].sudo().set_param("onestop_portal.lookup_max_failures", "3")

    def setUp(self):
        super().setUp()
        self.dossier = self.received_dossier()
        self.dossier.sudo()._onestop_forward(self.steps[1], self.specialist, self.unit)

    def lookup(self, code, factor, csrf=True):
        data = {"code": code, "factor": factor}
        if csrf:
            data["csrf_token"] = self.csrf("/onestop/track")
        return self.url_open("/onestop/track", data=data)

    def test_tracking_page_shows_masked_data(self):
        response = self.url_open("/onestop/track/%s" % self.dossier.tracking_token)
        self.assertEqual(response.status_code, 200)
        page = response.text
        self.assertIn(self.dossier.name, page)
        self.assertIn(self.procedure.name, page)
        self.assertIn('data-state="processing"', page)
        # The current step and the timeline with dates, the appointment date, the timing.
        self.assertIn("Thẩm định", page)
        self.assertEqual(page.count("o_onestop_timeline_event"), 2)
        self.assertIn(self.dossier._format_dt(self.dossier.due_date), page)
        self.assertIn('data-progress="', page)
        # Masked personal data only.
        self.assertIn("N. V. C.", page)
        self.assertIn("\u2022" * 6 + "5678", page)
        for secret in ("Nguyễn Văn Công", "0912 345 678", "037090004321", "t_citizen@"):
            self.assertNotIn(secret, page)
        for name in (self.reception.name, self.specialist.name):
            self.assertNotIn(name, page)
        self.assertEqual(response.headers["Cache-Control"], "no-store")
        self.assertIn("noindex", response.headers["X-Robots-Tag"])
        self.assertEqual(response.headers["Referrer-Policy"], "no-referrer")

    def test_wrong_or_malformed_tokens(self):
        token = self.dossier.tracking_token
        for path in (
            "/onestop/track/%s" % token[:-1],
            "/onestop/track/%s" % ("A" * 43),
            "/onestop/track/%s" % self.dossier.id,
            "/onestop/track/%s" % self.dossier._portal_ensure_token(),
            "/onestop/track/%s" % ("x" * 500),
            "/onestop/track/..%2F..%2Fweb",
            "/onestop/track/%27%20OR%201=1--",
        ):
            with self.subTest(path=path):
                response = self.url_open(path)
                self.assertEqual(response.status_code, 404)
                self.assertNotIn(self.dossier.name, response.text)
        response = self.url_open("/onestop/track/%s" % token, data={"x": "1"})
        self.assertIn(response.status_code, (400, 405))

    def test_lookup_by_code_and_last_digits(self):
        self.assertEqual(self.url_open("/onestop/track").status_code, 200)
        for factor in ("5678", "345678", "4321"):  # phone, longer phone suffix, ID number
            with self.subTest(factor=factor):
                response = self.lookup(self.dossier.name, factor)
                self.assertEqual(response.status_code, 200)
                self.assertIn('data-state="processing"', response.text)
                self.assertIn("N. V. C.", response.text)
        response = self.lookup(self.dossier.name.lower(), "5678")
        self.assertEqual(response.status_code, 200)

    def test_unknown_code_and_wrong_factor_answer_the_same(self):
        unknown = self.lookup("T00.00.01.X01-000101-9999", "5678")
        wrong = self.lookup(self.dossier.name, "1111")
        self.assertEqual(unknown.status_code, 404)
        self.assertEqual(wrong.status_code, unknown.status_code)

        def normalise(page, code):
            page = re.sub(r'(name="csrf_token"\s+value=|csrf_token:\s*)"[^"]+"', "", page)
            return page.replace(code, "CODE")

        self.assertEqual(
            normalise(unknown.text, "T00.00.01.X01-000101-9999"),
            normalise(wrong.text, self.dossier.name),
        )
        self.assertNotIn("N. V. C.", wrong.text)
        # A draft has no code to look up; an inter-agency part is not found by its code.
        draft = self.make_citizen_dossier()
        self.assertIn(self.lookup(draft.name, "5678").status_code, (400, 404))

    def test_bad_input(self):
        for code, factor in (
            ("", "5678"),
            (self.dossier.name, ""),
            (self.dossier.name, "12"),
            (self.dossier.name, "abcd"),
            ("<script>", "5678"),
            ("x" * 200, "5678"),
        ):
            with self.subTest(code=code, factor=factor):
                response = self.lookup(code, factor)
                self.assertEqual(response.status_code, 400)
                self.assertNotIn('value="<script>"', response.text)
        # Without the CSRF token, the form is refused.
        response = self.lookup(self.dossier.name, "5678", csrf=False)
        self.assertEqual(response.status_code, 400)
        response = self.opener.put(self.base_url() + "/onestop/track", timeout=12)
        self.assertEqual(response.status_code, 405)

    def test_repeated_failures_are_refused(self):
        for _i in range(3):
            self.assertEqual(self.lookup(self.dossier.name, "0000").status_code, 404)
        blocked = self.lookup(self.dossier.name, "5678")
        self.assertEqual(blocked.status_code, 429)
        self.assertIn("Retry-After", blocked.headers)
        self.assertNotIn("N. V. C.", blocked.text)
        self.assertIn('data-status="429"', blocked.text)
        # The counter lives in the database (every worker sees it), keyed by a hash of the
        # address, never the address itself.
        counter = self.env["onestop.portal.throttle"].sudo().search([("scope", "=", "lookup")])
        self.assertEqual(counter.hits, 3)
        self.assertNotIn("127.0.0.1", counter.client_key)
        # The QR code still works, and the window ends.
        self.assertEqual(
            self.url_open("/onestop/track/%s" % self.dossier.tracking_token).status_code, 200
        )
        counter.env.cr.execute(
            "UPDATE onestop_portal_throttle SET window_start = %s WHERE id = %s",
            [fields.Datetime.now() - timedelta(minutes=16), counter.id],
        )
        self.assertEqual(self.lookup(self.dossier.name, "5678").status_code, 200)

    def test_vietnamese_for_visitors(self):
        for code in ("vi_VN", "en_US"):
            if not self.env["res.lang"]._lang_get(code):
                self.env["res.lang"]._activate_lang(code)

        def languages(response):
            return {
                cookie.value
                for step in (*response.history, response)
                for cookie in step.cookies
                if cookie.name == "frontend_lang"
            }

        # Whatever the browser prefers, a visitor who chose nothing reads Vietnamese.
        path = "/onestop/track/%s" % self.dossier.tracking_token
        response = self.url_open(path, headers={"Accept-Language": "en-US,en;q=0.9"})
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.url.endswith(self.dossier.tracking_token))
        self.assertEqual(languages(response), {"vi_VN"})
        # A visitor who chose English keeps it.
        response = self.url_open(
            path, headers={"Cookie": "frontend_lang=en_US", "Accept-Language": "en-US"}
        )
        self.assertEqual(response.status_code, 200)
        self.assertNotIn("vi_VN", languages(response))
