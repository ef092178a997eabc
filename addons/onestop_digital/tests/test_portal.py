from odoo.tests import tagged

from .common import DigitalHttpCase, real_pdf


@tagged("post_install", "-at_install")
class TestMyDocuments(DigitalHttpCase):
    def setUp(self):
        super().setUp()
        self.mine = self.store(data=real_pdf("Căn cước của tôi"), number="037090004321")
        self.birth = self.store(kind=self.kind_birth, number="KS-01", data=real_pdf("Khai sinh"))
        self.theirs = self.store(
            partner=self.citizen2.partner_id, number="037190009999", data=real_pdf("Của người khác")
        )

    def test_list_shows_only_my_documents(self):
        self.authenticate(self.citizen.login, self.citizen.login)
        response = self.url_open("/my/documents")
        self.assertEqual(response.status_code, 200)
        page = response.text
        for document in (self.mine, self.birth):
            self.assertIn('data-document-id="%s"' % document.id, page)
            self.assertIn("/my/documents/%s/download" % document.id, page)
        self.assertNotIn('data-document-id="%s"' % self.theirs.id, page)
        self.assertNotIn("037190009999", page)
        self.assertEqual(response.headers.get("Cache-Control"), "no-store")
        counters = self.make_jsonrpc_request(
            "/my/counters", {"counters": ["citizen_document_count"]}
        )
        self.assertEqual(counters["citizen_document_count"], 2)

    def test_download_my_document_and_nobody_elses(self):
        self.authenticate(self.citizen.login, self.citizen.login)
        response = self.url_open("/my/documents/%s/download" % self.mine.id)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.content, self.mine._onestop_file_bytes())
        self.assertIn("attachment", response.headers["Content-Disposition"])
        self.assertEqual(response.headers["X-Content-Type-Options"], "nosniff")
        # Another citizen's document, an unknown id and absurd ids look the same: 404.
        for path in (
            "/my/documents/%s/download" % self.theirs.id,
            "/my/documents/%s/download" % (self.theirs.id + 10000),
            "/my/documents/99999999999/download",
            "/my/documents/0/download",
        ):
            with self.subTest(path=path):
                self.assertEqual(self.url_open(path).status_code, 404)
        # The binary route does not leak the file either.
        response = self.url_open("/web/content/onestop.citizen.document/%s/file" % self.theirs.id)
        self.assertNotEqual(response.content, self.theirs._onestop_file_bytes())
        self.authenticate(self.citizen2.login, self.citizen2.login)
        self.assertEqual(
            self.url_open("/my/documents/%s/download" % self.theirs.id).status_code, 200
        )
        self.assertEqual(self.url_open("/my/documents/%s/download" % self.mine.id).status_code, 404)

    def test_visitors_are_asked_to_log_in(self):
        for path in ("/my/documents", "/my/documents/%s/download" % self.mine.id):
            with self.subTest(path=path):
                response = self.url_open(path, allow_redirects=False)
                self.assertIn(response.status_code, (302, 303))
                self.assertIn("/web/login", response.headers["Location"])

    def test_officers_have_no_portal_store(self):
        self.authenticate(self.reception.login, self.reception.login)
        # An officer is not a citizen: the portal route shows what their rights allow, the
        # company's store, not a 500.
        self.assertEqual(self.url_open("/my/documents").status_code, 200)
