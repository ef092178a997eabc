from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import PortalHttpCase, decode_qr_codes


@tagged("post_install", "-at_install")
class TestReceipt(PortalHttpCase):
    def render_receipt(self, dossier, user=None):
        Report = self.env["ir.actions.report"].with_context(force_report_rendering=True)
        if user:
            Report = Report.with_user(user)
        pdf, kind = Report._render_qweb_pdf(
            "onestop_portal.action_report_form_receipt", dossier.ids
        )
        self.assertEqual(kind, "pdf")
        return pdf

    def test_receive_prints_the_receipt_in_one_click(self):
        dossier = self.make_citizen_dossier()
        action = (
            dossier.with_user(self.reception)
            .with_context(onestop_print_receipt=True)
            .action_receive()
        )
        self.assertEqual(dossier.state, "received")
        self.assertEqual(action["type"], "ir.actions.report")
        self.assertEqual(action["report_name"], "onestop_portal.report_form_receipt")
        self.assertTrue(action["close_on_report_download"])
        # Called from code (not the form's button), reception answers as before.
        other = self.make_citizen_dossier()
        self.assertIs(other.with_user(self.reception).action_receive(), True)
        # The header button prints it again later.
        again = dossier.with_user(self.reception).action_print_receipt()
        self.assertEqual(again["report_name"], "onestop_portal.report_form_receipt")
        view = self.env.ref("onestop_portal.onestop_dossier_view_form")
        self.assertIn("onestop_print_receipt", view.arch_db)

    def test_no_receipt_before_reception(self):
        dossier = self.make_citizen_dossier()
        with self.assertRaises(UserError):
            dossier.with_user(self.reception).action_print_receipt()
        with self.assertRaises(UserError):
            self.render_receipt(dossier)

    def test_qr_code_opens_the_tracking_page(self):
        dossier = self.received_dossier()
        dossier._portal_ensure_token()
        html = (
            self.env["ir.actions.report"]
            .with_user(self.reception)
            ._render_qweb_html("onestop_portal.action_report_form_receipt", dossier.ids)[0]
            .decode()
        )
        for text in (
            "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
            dossier.name,
            self.procedure.name,
            "Nguyễn Văn Công",
            self.documents[0].name,
            "8.000 đồng",  # the fee
            "NGƯỜI NỘP HỒ SƠ",
            "NGƯỜI TIẾP NHẬN HỒ SƠ",
            self.reception.name,
            "data:image/png;base64,",
        ):
            self.assertIn(text, html)
        pdf = self.render_receipt(dossier, user=self.reception)
        self.assertTrue(pdf.startswith(b"%PDF"))
        # The QR code holds the tracking URL: the 256-bit token, no id, no access token.
        codes = decode_qr_codes(pdf)
        self.assertEqual(len(codes), 1, codes)
        url = codes[0]
        path = self.path(url)
        self.assertEqual(path, "/onestop/track/%s" % dossier.tracking_token)
        token = path.rsplit("/", 1)[1]
        self.assertGreaterEqual(len(token), 43)  # 32 random bytes, base64
        self.assertNotIn(dossier.access_token, url)
        self.assertNotIn("/%s" % dossier.id, path.replace(token, ""))
        # The decoded address opens the right tracking page.
        response = self.url_open(path)
        self.assertEqual(response.status_code, 200)
        self.assertIn(dossier.name, response.text)
        self.assertIn('data-state="received"', response.text)

    def test_report_url_follows_the_dossier_rules(self):
        mine = self.received_dossier()
        theirs = self.received_dossier(partner=self.citizen2.partner_id)
        url = "/report/pdf/onestop_portal.report_form_receipt/%s"
        self.authenticate(self.citizen.login, self.citizen.login)
        response = self.url_open(url % mine.id)
        self.assertEqual(response.status_code, 200)
        self.assertIn(mine.name, response.text)
        response = self.url_open(url % theirs.id)
        self.assertIn(response.status_code, (403, 404))
        self.assertNotIn(theirs.name, response.text)
        response = self.url_open(url % ("%s,%s" % (mine.id, theirs.id)))
        self.assertIn(response.status_code, (403, 404))
        self.assertNotIn(theirs.name, response.text)
        # Officers of another unit cannot print it either.
        with self.assertRaises(AccessError):
            self.render_receipt(mine, user=self.other_reception)
        # A visitor is asked to log in.
        self.authenticate(None, None)
        response = self.url_open(url % mine.id, allow_redirects=False)
        self.assertIn(response.status_code, (302, 303))
        self.assertIn("/web/login", response.headers["Location"])

    def test_portal_download_of_the_receipt(self):
        dossier = self.received_dossier()
        draft = self.make_citizen_dossier()
        theirs = self.received_dossier(partner=self.citizen2.partner_id)
        url = "/my/dossiers/%s/receipt"
        self.authenticate(self.citizen.login, self.citizen.login)
        response = self.url_open(url % dossier.id)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers["Content-Type"], "application/pdf")
        self.assertIn("attachment", response.headers["Content-Disposition"])
        self.assertIn(dossier.name, response.text)
        self.assertEqual(self.url_open(url % draft.id).status_code, 404)
        self.assertEqual(self.url_open(url % theirs.id).status_code, 404)
        self.assertEqual(self.url_open(url % 99999999999).status_code, 404)
        # With the dossier's token, a visitor downloads it; with a wrong one, nothing.
        self.authenticate(None, None)
        token = dossier._portal_ensure_token()
        response = self.url_open(url % dossier.id + "?access_token=%s" % token)
        self.assertEqual(response.status_code, 200)
        self.assertIn(dossier.name, response.text)
        response = self.url_open(url % dossier.id + "?access_token=%s" % ("x" * 36))
        self.assertEqual(response.status_code, 404)
        response = self.url_open(url % dossier.id, allow_redirects=False)
        self.assertEqual(response.status_code, 303)
        self.assertIn("/web/login", response.headers["Location"])
