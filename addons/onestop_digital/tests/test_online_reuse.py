import re

from odoo.exceptions import ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.onestop_portal.tests.common import JPEG, PDF

from .common import DigitalHttpCase, real_pdf

CSRF_RE = re.compile(r'name="csrf_token"\s+value="([^"]+)"')
KEY_RE = re.compile(r'name="submission_key"\s+value="([^"]+)"')


@tagged("post_install", "-at_install")
class TestOnlineReuse(DigitalHttpCase):
    """A citizen submits online and reuses the identity card of their store instead of
    attaching it again; what is not theirs, not valid or not of the kind is refused."""

    def setUp(self):
        super().setUp()
        self.card = self.store(data=real_pdf("Căn cước của tôi"), number="037090004321")
        self.theirs = self.store(
            partner=self.citizen2.partner_id, number="037190009999", data=real_pdf("Của người khác")
        )
        self.expired = self.store(
            number="011111111111", issue_date="2005-01-01", valid_until="2020-01-01"
        )
        self.revoked = self.store(number="022222222222", state="revoked", revoke_reason="Báo mất")
        self.birth = self.store(kind=self.kind_birth, number="KS-01")
        self.url = "/my/procedures/%s/submit" % self.procedure.id
        self.authenticate(self.citizen.login, self.citizen.login)

    # ------------------------------------------------------------------ helpers
    def form(self, **reuse):
        page = self.url_open(self.url).text
        data = {
            "csrf_token": CSRF_RE.search(page).group(1),
            "submission_key": KEY_RE.search(page).group(1),
            "id_number": "037090004321",
            "phone": "0912345678",
            "email": "t_citizen@example.vn",
            "street": "Số 1 đường Thử",
            "department_id": str(self.desk.id),
            "return_method": "desk",
        }
        data.update(reuse)
        return data

    def files(self):
        """The procedure's other mandatory documents; none for the identity card."""
        return [
            ("document_%s" % self.documents[0].id, ("to khai.pdf", PDF, "application/pdf")),
            ("document_%s" % self.documents[1].id, ("giay chung sinh.jpg", JPEG, "image/jpeg")),
        ]

    def submit(self, data, files=None):
        return self.url_open(
            self.url,
            data=data,
            files=self.files() if files is None else files,
            allow_redirects=False,
        )

    @staticmethod
    def errors(page):
        """The text of the form's error box."""
        match = re.search(r'o_onestop_errors".*?>(.*?)<form', page, re.S)
        return match.group(1) if match else ""

    def reuse(self, stored):
        return {"reuse_%s" % self.doc_id_card.id: str(stored.id)}

    def online_dossiers(self):
        return self.env["onestop.dossier"].search(
            [
                ("partner_id", "in", (self.applicant | self.citizen2.partner_id).ids),
                ("channel", "=", "online"),
            ]
        )

    # ------------------------------------------------------------------ tests
    def test_page_offers_only_my_valid_documents_of_the_kind(self):
        response = self.url_open(self.url)
        self.assertEqual(response.status_code, 200)
        page = response.text
        offers = re.findall(r'class="o_onestop_reuse [^"]*" data-document-id="(\d+)"', page)
        self.assertEqual(offers, [str(self.doc_id_card.id)])
        choices = re.findall(
            r'name="reuse_%s"[^>]*data-stored-id="(\d+)"' % self.doc_id_card.id, page
        )
        self.assertEqual(choices, [str(self.card.id)])
        self.assertIn("037090004321", page)
        for other in (self.theirs, self.expired, self.revoked, self.birth):
            self.assertNotIn('data-stored-id="%s"' % other.id, page)
        for number in ("037190009999", "011111111111", "022222222222", "KS-01"):
            self.assertNotIn(number, page)
        # The card can be reused: its upload is no longer required by the browser; the
        # other mandatory documents still are.
        card_input = re.search(
            r'<input type="file"[^>]*name="document_%s"[^>]*>' % self.doc_id_card.id, page
        ).group(0)
        self.assertNotIn("required", card_input)
        first_input = re.search(
            r'<input type="file"[^>]*name="document_%s"[^>]*>' % self.documents[0].id, page
        ).group(0)
        self.assertIn("required", first_input)
        # Another citizen sees their own card, not mine.
        self.authenticate(self.citizen2.login, self.citizen2.login)
        page = self.url_open(self.url).text
        self.assertIn('data-stored-id="%s"' % self.theirs.id, page)
        self.assertNotIn('data-stored-id="%s"' % self.card.id, page)
        # A citizen without a stored card is offered nothing.
        self.theirs.write({"state": "revoked", "revoke_reason": "Hết hạn"})
        self.assertNotIn("o_onestop_reuse", self.url_open(self.url).text)

    def test_business_documents_are_offered_to_its_representative(self):
        company = self.env["res.partner"].create(
            {"name": "Công ty TNHH Thử", "is_company": True, "vat": "0101234567"}
        )
        self.applicant.parent_id = company
        business_card = self.store(partner=company, number="033333333333")
        page = self.url_open(self.url).text
        for stored in (self.card, business_card):
            self.assertIn('data-stored-id="%s"' % stored.id, page)

    def test_reuse_online_counts_as_submitted_digitised_and_reused(self):
        response = self.submit(self.form(**self.reuse(self.card)))
        self.assertEqual(response.status_code, 303, response.text[:1000])
        dossier = self.online_dossiers()
        self.assertEqual(len(dossier), 1)
        line = self.id_card_line(dossier)
        self.assertEqual(line.citizen_document_id, self.card)
        self.assertFalse(line.attachment_ids)
        self.assertTrue(line.is_submitted)
        self.assertTrue(line.is_digitised)
        self.assertTrue(line.is_reused)
        self.assertTrue(line.reuse_offered)
        self.assertEqual((dossier.reused_count, dossier.reuse_offered_count), (1, 1))
        self.assertTrue(dossier.is_digitised)
        self.assertEqual(self.card.reuse_count, 1)
        self.assertIn("037090004321", str(dossier.message_ids.mapped("body")))
        # The citizen's page of the dossier says the card was reused.
        page = self.url_open(response.headers["Location"]).text
        self.assertEqual(page.count("o_onestop_reused"), 1)
        # The reused card was not stored again; the store holds the same documents.
        self.assertEqual(self.Stored.search_count([("partner_id", "=", self.applicant.id)]), 4)
        # The desk accepts it: the reuse rate counts the online line.
        with self.at(2026, 3, 2, 9):
            dossier.with_user(self.reception).action_receive()
        self.assertEqual(dossier.state, "received")
        self.assertEqual(self.id_card_line(dossier).citizen_document_id, self.card)
        self.assertEqual(self.Stored.search_count([("partner_id", "=", self.applicant.id)]), 4)
        total = self.env["onestop.statistics"].compute_digital(
            "2026-03-01", "2026-03-31", domain=[("department_id", "child_of", self.agency.id)]
        )[1]
        self.assertEqual(total["received"], 1)
        self.assertEqual((total["lines_offered"], total["lines_reused"]), (1, 1))
        self.assertAlmostEqual(total["reuse_rate"], 1.0)
        self.assertEqual(total["digitised_dossiers"], 1)

    def test_offered_but_uploaded_counts_in_the_rate(self):
        files = self.files() + [
            ("document_%s" % self.doc_id_card.id, ("cccd.pdf", PDF, "application/pdf"))
        ]
        data = self.form(**{"reuse_%s" % self.doc_id_card.id: "0"})
        self.assertEqual(self.submit(data, files).status_code, 303)
        line = self.id_card_line(self.online_dossiers())
        self.assertFalse(line.citizen_document_id)
        self.assertTrue(line.reuse_offered)
        self.assertFalse(line.is_reused)
        self.assertEqual(line.attachment_ids.mapped("name"), ["cccd.pdf"])

    def test_mandatory_card_needs_reuse_or_upload(self):
        response = self.submit(self.form())
        self.assertEqual(response.status_code, 400)
        self.assertIn(self.doc_id_card.name, self.errors(response.text))
        self.assertFalse(self.online_dossiers())

    @mute_logger("odoo.http")
    def test_forged_documents_are_refused(self):
        for stored in (self.theirs, self.expired, self.revoked, self.birth):
            with self.subTest(document=stored.number):
                response = self.submit(self.form(**self.reuse(stored)))
                self.assertEqual(response.status_code, 400)
                self.assertIn(self.doc_id_card.name, self.errors(response.text))
                self.assertNotIn(stored.number, response.text)
                # The form is shown again with the citizen's own card offered, not chosen.
                self.assertIn('data-stored-id="%s"' % self.card.id, response.text)
                self.assertNotIn('data-stored-id="%s"' % stored.id, response.text)
                self.assertFalse(self.online_dossiers())
                self.assertEqual(stored.reuse_count, 0)
        for value in ("abc", "-1", "99999999999", str(self.card.id + 100000)):
            with self.subTest(value=value):
                response = self.submit(self.form(**{"reuse_%s" % self.doc_id_card.id: value}))
                self.assertEqual(response.status_code, 400)
                self.assertFalse(self.online_dossiers())
        # A document chosen for a line that names no kind is refused as well.
        response = self.submit(self.form(**{"reuse_%s" % self.documents[0].id: str(self.card.id)}))
        self.assertEqual(response.status_code, 400)
        self.assertFalse(self.online_dossiers())

    def test_model_refuses_what_the_form_did_not_check(self):
        """The dossier's own checks stand behind the form: nothing is half-saved."""
        Dossier = self.env["onestop.dossier"].with_user(self.citizen)
        values = {
            "department": self.desk,
            "return_method": "desk",
            "provided_documents": self.doc_id_card,
            "reused_documents": {self.doc_id_card: self.theirs},
        }
        files = {
            self.documents[0]: [("a.pdf", "application/pdf", PDF)],
            self.documents[1]: [("b.pdf", "application/pdf", PDF)],
        }
        for stored in (self.theirs, self.expired, self.revoked):
            with self.subTest(document=stored.number):
                values["reused_documents"] = {self.doc_id_card: stored}
                with self.assertRaises(ValidationError), self.env.cr.savepoint():
                    Dossier._onestop_portal_submit(
                        self.procedure.sudo(), self.applicant, values, files, "k" * 32
                    )
                self.assertFalse(self.online_dossiers())
        values["reused_documents"] = {self.doc_id_card: self.card}
        dossier, created = Dossier._onestop_portal_submit(
            self.procedure.sudo(), self.applicant, values, files, "k" * 32
        )
        self.assertTrue(created)
        self.assertEqual(self.id_card_line(dossier).citizen_document_id, self.card)

    def test_tour_reuses_the_card(self):
        self.start_tour(self.url, "onestop_digital_reuse_tour", login=self.citizen.login)
        dossier = self.online_dossiers()
        self.assertEqual(len(dossier), 1)
        line = self.id_card_line(dossier)
        self.assertEqual(line.citizen_document_id, self.card)
        self.assertFalse(line.attachment_ids)
        mandatory = dossier.document_line_ids.filtered("mandatory")
        self.assertTrue(all(mandatory.mapped("is_submitted")))

    def test_vietnamese(self):
        self.assertTrue(
            self.env["res.lang"]._lang_get("vi_VN"),
            "the test database has no Vietnamese (--load-language=vi_VN)",
        )
        self.citizen.lang = "vi_VN"
        page = self.url_open(self.url).text
        self.assertIn("Dùng lại giấy tờ đã số hóa", page)
        self.assertIn("Đính kèm tệp mới bên dưới", page)
        self.assertNotIn("Reuse a digitised document", page)
        response = self.submit(self.form(**self.reuse(self.theirs)))
        self.assertEqual(response.status_code, 400)
        self.assertIn(
            "không phải là giấy tờ đã số hóa còn hiệu lực của bạn", self.errors(response.text)
        )
