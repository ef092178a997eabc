from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from .common import PortalHttpCase


@tagged("post_install", "-at_install")
class TestCatalogue(PortalHttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.procedure_calendar_days.online_level = "none"
        cls.level = cls.env.ref("onestop_base.admin_level_commune")
        cls.procedure.level_id = cls.level

    def listed(self, query=""):
        response = self.url_open("/onestop/procedures" + query)
        self.assertEqual(response.status_code, 200)
        return {
            procedure
            for procedure in self.procedure | self.procedure_calendar_days
            if 'href="/onestop/procedures/%s"' % procedure.id in response.text
        }

    def test_search_by_name_field_and_level(self):
        both = {self.procedure, self.procedure_calendar_days}
        self.assertEqual(self.listed("?search=T.00000"), both)
        self.assertEqual(self.listed("?search=khai+sinh+(th"), {self.procedure})
        self.assertEqual(self.listed("?search=T.000002"), {self.procedure_calendar_days})
        self.assertEqual(self.listed("?search=T.00000&field=%s" % self.field.id), both)
        self.assertEqual(self.listed("?search=T.00000&level=%s" % self.level.id), {self.procedure})
        self.assertEqual(self.listed("?search=T.00000&online=1"), {self.procedure})
        self.assertEqual(self.listed("?search=%27%3B+drop+table"), set())
        # Pages: a page past the end shows the last one.
        self.assertEqual(self.listed("/page/99999999999?search=T.00000"), both)
        # A procedure no longer in force, or archived, leaves the catalogue.
        self.procedure_calendar_days.date_to = fields.Date.today() - timedelta(days=1)
        self.assertEqual(self.listed("?search=T.00000"), {self.procedure})
        self.procedure.active = False
        self.assertEqual(self.listed("?search=T.00000"), set())

    def test_bad_filters(self):
        for query in ("?field=abc", "?level=-1", "?field=99999999999999"):
            with self.subTest(query=query):
                self.assertEqual(self.url_open("/onestop/procedures" + query).status_code, 400)
        response = self.url_open("/onestop/procedures", data={"search": "x"})
        self.assertIn(response.status_code, (400, 405))

    def test_procedure_page(self):
        response = self.url_open("/onestop/procedures/%s" % self.procedure.id)
        self.assertEqual(response.status_code, 200)
        page = response.text
        for document in self.documents:
            self.assertIn(document.name, page)
        self.assertIn("8.000", page)  # the fee
        self.assertIn("o_onestop_submit_online", page)
        self.assertIn('href="/my/procedures/%s/submit"' % self.procedure.id, page)
        # Not offered online: no button.
        page = self.url_open("/onestop/procedures/%s" % self.procedure_calendar_days.id).text
        self.assertNotIn("o_onestop_submit_online", page)
        # Unknown, archived or malformed: not found.
        self.procedure_calendar_days.active = False
        for url in (
            "/onestop/procedures/%s" % self.procedure_calendar_days.id,
            "/onestop/procedures/999999999",
            "/onestop/procedures/99999999999999999",
            "/onestop/procedures/abc",
        ):
            with self.subTest(url=url):
                self.assertEqual(self.url_open(url).status_code, 404)
