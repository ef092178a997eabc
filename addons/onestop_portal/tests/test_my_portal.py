import json

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tests.common import JsonRpcException

from .common import PDF, PortalHttpCase


@tagged("post_install", "-at_install")
class TestMyPortal(PortalHttpCase):
    def setUp(self):
        super().setUp()
        self.waiting = self.waiting_dossier()
        self.processing = self.received_dossier()
        self.processing.sudo()._onestop_forward(self.steps[1], self.specialist, self.unit)
        self.returned = self.returned_dossier()
        self.theirs = self.received_dossier(partner=self.citizen2.partner_id)
        self.mine = self.waiting | self.processing | self.returned

    def json_call(self, model, method, args, kwargs=None):
        response = self.url_open(
            "/web/dataset/call_kw/%s/%s" % (model, method),
            data=json.dumps(
                {
                    "jsonrpc": "2.0",
                    "method": "call",
                    "id": 1,
                    "params": {
                        "model": model,
                        "method": method,
                        "args": args,
                        "kwargs": kwargs or {},
                    },
                }
            ),
            headers={"Content-Type": "application/json"},
        )
        self.assertEqual(response.status_code, 200)
        return response.json()

    def test_home_counter(self):
        self.authenticate(self.citizen.login, self.citizen.login)
        page = self.url_open("/my").text
        self.assertIn('href="/my/dossiers"', page)
        self.assertIn('data-placeholder_count="dossier_count"', page)
        counters = self.make_jsonrpc_request("/my/counters", {"counters": ["dossier_count"]})
        self.assertEqual(counters["dossier_count"], 3)
        self.authenticate(self.citizen2.login, self.citizen2.login)
        counters = self.make_jsonrpc_request("/my/counters", {"counters": ["dossier_count"]})
        self.assertEqual(counters["dossier_count"], 1)

    def test_list_search_sort_filters_pages(self):
        self.authenticate(self.citizen.login, self.citizen.login)
        page = self.url_open("/my/dossiers").text
        for dossier in self.mine:
            self.assertIn('data-dossier-id="%s"' % dossier.id, page)
        self.assertNotIn('data-dossier-id="%s"' % self.theirs.id, page)
        self.assertNotIn(self.theirs.name, page)

        def listed(query):
            response = self.url_open("/my/dossiers?" + query)
            self.assertEqual(response.status_code, 200)
            return {
                dossier
                for dossier in self.mine | self.theirs
                if 'data-dossier-id="%s"' % dossier.id in response.text
            }

        self.assertEqual(listed("filterby=waiting"), {self.waiting})
        self.assertEqual(listed("filterby=done"), {self.returned})
        self.assertEqual(listed("filterby=open"), {self.processing})
        self.assertEqual(listed("search=%s" % self.returned.name), {self.returned})
        self.assertEqual(listed("search=khai+sinh"), set(self.mine))
        self.assertEqual(listed("search=%s" % self.theirs.name), set())
        for query in ("sortby=due", "sortby=code", "sortby=state", "sortby=evil'", "filterby=x"):
            with self.subTest(query=query):
                self.assertEqual(listed(query), set(self.mine))
        # Pages of 20.
        for _i in range(20):
            self.make_citizen_dossier()
        first = self.url_open("/my/dossiers").text
        second = self.url_open("/my/dossiers/page/2").text
        self.assertEqual(first.count("o_onestop_my_dossier"), 20)
        self.assertEqual(second.count("o_onestop_my_dossier"), 3)
        self.assertIn('href="/my/dossiers/page/2', first)
        self.assertEqual(self.url_open("/my/dossiers/page/99999999999").status_code, 200)
        # A visitor is asked to log in.
        self.authenticate(None, None)
        response = self.url_open("/my/dossiers", allow_redirects=False)
        self.assertIn("/web/login", response.headers.get("Location", ""))

    def test_detail_page(self):
        self.authenticate(self.citizen.login, self.citizen.login)
        response = self.url_open("/my/dossiers/%s" % self.waiting.id)
        self.assertEqual(response.status_code, 200)
        page = response.text
        self.assertIn(self.waiting.name, page)
        self.assertIn("o_onestop_timeline_event", page)
        self.assertIn("o_onestop_supplement_form", page)  # it waits for the citizen
        self.assertIn("o_portal_chatter", page)  # messages with the desk
        self.assertIn("/my/dossiers/%s/receipt" % self.waiting.id, page)
        self.assertIn(self.documents[0].name, page)
        self.assertIn("Nguyễn Văn Công", page)  # the applicant sees their own name
        self.assertNotIn(self.waiting.sudo().tracking_token, page)
        # Another citizen's dossier, a missing one, a malformed id: the same 404.
        for url in (
            "/my/dossiers/%s" % self.theirs.id,
            "/my/dossiers/999999999",
            "/my/dossiers/99999999999999999999",
            "/my/dossiers/abc",
            "/my/dossiers/-1",
        ):
            with self.subTest(url=url):
                response = self.url_open(url)
                self.assertEqual(response.status_code, 404)
                self.assertNotIn(self.theirs.name, response.text)
        # An internal note never reaches the portal.
        self.processing.sudo().note = "<p>Ghi chú nội bộ bí mật</p>"
        page = self.url_open("/my/dossiers/%s" % self.processing.id).text
        self.assertNotIn("Ghi chú nội bộ bí mật", page)

    def test_detail_with_token(self):
        token = self.processing._portal_ensure_token()
        url = "/my/dossiers/%s" % self.processing.id
        response = self.url_open(url + "?access_token=%s" % token)
        self.assertEqual(response.status_code, 200)
        self.assertIn(self.processing.name, response.text)
        response = self.url_open(url + "?access_token=%s" % self.theirs._portal_ensure_token())
        self.assertEqual(response.status_code, 404)
        response = self.url_open(url, allow_redirects=False)
        self.assertEqual(response.status_code, 303)
        self.assertIn("/web/login", response.headers["Location"])
        # Another citizen with the right token (a link forwarded to them) reads it; without
        # it, not.
        self.authenticate(self.citizen2.login, self.citizen2.login)
        self.assertEqual(self.url_open(url + "?access_token=%s" % token).status_code, 200)
        self.assertEqual(self.url_open(url).status_code, 404)

    def test_files(self):
        line = self.processing.document_line_ids[0]
        mine = self.env["ir.attachment"].create(
            {
                "name": "to-khai.pdf",
                "raw": PDF,
                "mimetype": "application/pdf",
                "res_model": "onestop.dossier",
                "res_id": self.processing.id,
            }
        )
        line.sudo().attachment_ids = [Command.link(mine.id)]
        theirs = self.env["ir.attachment"].create(
            {
                "name": "cua-nguoi-khac.pdf",
                "raw": PDF,
                "res_model": "onestop.dossier",
                "res_id": self.theirs.id,
            }
        )
        self.theirs.document_line_ids[0].sudo().attachment_ids = [Command.link(theirs.id)]
        url = "/my/dossiers/%s/files/%s"
        self.authenticate(self.citizen.login, self.citizen.login)
        page = self.url_open("/my/dossiers/%s" % self.processing.id).text
        self.assertIn(url % (self.processing.id, mine.id), page)
        response = self.url_open(url % (self.processing.id, mine.id))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.content, PDF)
        self.assertIn("attachment", response.headers["Content-Disposition"])
        self.assertEqual(response.headers["X-Content-Type-Options"], "nosniff")
        self.assertEqual(response.headers["Content-Type"], "application/pdf")
        # Someone else's file, through their dossier or through mine: not found.
        self.assertEqual(self.url_open(url % (self.theirs.id, theirs.id)).status_code, 404)
        self.assertEqual(self.url_open(url % (self.processing.id, theirs.id)).status_code, 404)
        self.assertEqual(self.url_open(url % (self.processing.id, 99999999999)).status_code, 404)
        # A file of an officer's internal note stays internal.
        note = self.processing.with_user(self.specialist).message_post(
            body="Ghi chú nội bộ",
            attachments=[("ghi-chu-noi-bo.pdf", PDF)],
            subtype_xmlid="mail.mt_note",
        )
        internal = note.attachment_ids
        self.assertEqual(internal.res_id, self.processing.id)
        page = self.url_open("/my/dossiers/%s" % self.processing.id).text
        self.assertNotIn("ghi-chu-noi-bo.pdf", page)
        self.assertEqual(self.url_open(url % (self.processing.id, internal.id)).status_code, 404)
        # Odoo's own download route serves a citizen no dossier file at all (attachments
        # need an internal user): the portal's route is the only way.
        self.assertIn(self.url_open("/web/content/%s" % mine.id).status_code, (403, 404))
        self.assertIn(self.url_open("/web/content/%s" % theirs.id).status_code, (403, 404))
        self.authenticate(None, None)
        response = self.url_open(url % (self.processing.id, mine.id), allow_redirects=False)
        self.assertEqual(response.status_code, 303)
        self.assertIn(self.url_open("/web/content/%s" % mine.id).status_code, (403, 404))

    def test_result_files_once_returned(self):
        dossier = self.received_dossier()
        result = self.env["ir.attachment"].create(
            {"name": "giay-khai-sinh.pdf", "raw": PDF, "mimetype": "application/pdf"}
        )
        dossier.sudo()._onestop_record_result(note="Đã ký", attachments=result)
        url = "/my/dossiers/%s/files/%s" % (dossier.id, result.id)
        self.authenticate(self.citizen.login, self.citizen.login)
        self.assertEqual(self.url_open(url).status_code, 404)
        self.assertNotIn(url, self.url_open("/my/dossiers/%s" % dossier.id).text)
        dossier.sudo()._onestop_return_result(method="online")
        page = self.url_open("/my/dossiers/%s" % dossier.id).text
        self.assertIn(url, page)
        self.assertIn("o_onestop_result_file", page)
        self.assertEqual(self.url_open(url).content, PDF)

    def test_rpc_does_not_leak(self):
        self.authenticate(self.citizen.login, self.citizen.login)
        result = self.json_call(
            "onestop.dossier", "search_read", [[]], {"fields": ["name", "state", "partner_id"]}
        )["result"]
        self.assertEqual({r["id"] for r in result}, set(self.mine.ids))
        self.assertEqual({r["partner_id"][0] for r in result}, {self.applicant.id})
        answer = self.json_call("onestop.dossier", "read", [[self.theirs.id], ["name"]])
        self.assertIn("error", answer)
        self.assertNotIn(self.theirs.name, json.dumps(answer))
        answer = self.json_call(
            "onestop.dossier", "search_read", [[("id", "=", self.theirs.id)]], {"fields": ["name"]}
        )
        self.assertEqual(answer["result"], [])
        # Internal fields stay hidden, even on the citizen's own dossier.
        answer = self.json_call(
            "onestop.dossier", "read", [[self.processing.id], ["tracking_token"]]
        )
        self.assertIn("error", answer)
        answer = self.json_call("onestop.dossier", "read", [[self.processing.id], ["note"]])
        self.assertIn("error", answer)
        # Nothing to write, nothing to create.
        answer = self.json_call(
            "onestop.dossier", "write", [[self.processing.id], {"priority": "1"}]
        )
        self.assertIn("error", answer)
        self.assertEqual(self.processing.priority, "0")
        answer = self.json_call("onestop.dossier.step", "search_read", [[]], {"fields": ["name"]})
        self.assertIn("error", answer)
        # The same with the ORM.
        Dossier = self.env["onestop.dossier"].with_user(self.citizen)
        self.assertEqual(Dossier.search([]), self.mine.with_user(self.citizen))
        with self.assertRaises(AccessError):
            self.theirs.with_user(self.citizen).read(["name"])
        # A public visitor gets nothing at all.
        with self.assertRaises(AccessError):
            self.env["onestop.dossier"].with_user(self.public_user).search([])

    def test_messages_with_the_desk(self):
        self.authenticate(self.citizen.login, self.citizen.login)
        post = {
            "thread_model": "onestop.dossier",
            "thread_id": self.processing.id,
            "post_data": {
                "body": "Xin hỏi khi nào có kết quả?",
                "message_type": "comment",
                "subtype_xmlid": "mail.mt_comment",
            },
        }
        self.make_jsonrpc_request("/mail/message/post", post)
        message = self.processing.message_ids[:1]
        self.assertEqual(message.author_id, self.applicant)
        self.assertIn("Xin hỏi", str(message.body))
        # Another citizen cannot post on it, nor read its messages.
        self.authenticate(self.citizen2.login, self.citizen2.login)
        with self.assertRaises(JsonRpcException):
            self.make_jsonrpc_request("/mail/message/post", post)
        self.assertEqual(self.processing.message_ids[:1], message)
        fetched = self.make_jsonrpc_request(
            "/mail/chatter_fetch",
            {"thread_model": "onestop.dossier", "thread_id": self.processing.id},
        )
        self.assertNotIn("Xin hỏi", json.dumps(fetched))
        self.authenticate(self.citizen.login, self.citizen.login)
        fetched = self.make_jsonrpc_request(
            "/mail/chatter_fetch",
            {"thread_model": "onestop.dossier", "thread_id": self.processing.id},
        )
        self.assertIn("Xin hỏi", json.dumps(fetched, ensure_ascii=False))
