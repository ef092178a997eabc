import re
from datetime import timedelta

import pytz

from odoo import fields
from odoo.tests import tagged

from odoo.addons.onestop_base.tests.common import local

from .common import ReportsHttpCase


@tagged("post_install", "-at_install")
class TestBoard(ReportsHttpCase):
    # The board's day, for the fixtures and the requests alike (the test server answers in
    # this process): Wednesday 20 May 2026 at 10:00 in Vietnam, after the scenario's May
    # dossier was due, never across midnight.
    freeze_time = local(2026, 5, 20, 10, 0)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        now = fields.Datetime.now()
        Statistics = cls.env["onestop.statistics"]
        today = pytz.utc.localize(now).astimezone(Statistics._statistics_tz()).date()
        day = Statistics._statistics_bounds(today, today)
        # Received today; received today and due today; resolved and returned today.
        cls.today = cls._make()
        cls.today._receive(when=now)
        cls.due = cls._make()
        cls.due._receive(when=now)
        due = max(now, min(now + timedelta(hours=1), day["stop"] - timedelta(seconds=1)))
        cls.due.with_context(onestop_action=True).write({"due_date": due})
        cls.back = cls._make()
        cls.back._receive(when=local(2026, 5, 14, 9, 0))
        cls.back._onestop_resolve(when=now)
        cls.back._onestop_return(method="desk", when=now)

    def board(self, key):
        return self.url_open("/onestop/board/%s" % key)

    def value(self, html, tile):
        match = re.search(r'class="tile %s">\s*<div class="value">(\d+)</div>' % tile, html)
        self.assertTrue(match, tile)
        return int(match.group(1))

    def test_board_of_a_desk(self):
        response = self.board(self.desk.code)
        self.assertEqual(response.status_code, 200)
        html = response.text
        self.assertIn(self.desk.name, html)
        self.assertEqual(self.value(html, "received"), 2)
        self.assertEqual(self.value(html, "returned"), 1)
        self.assertEqual(self.value(html, "due"), 1)
        self.assertIn(self.due.name, html)
        self.assertIn('http-equiv="refresh"', html)
        # Vietnamese labels for the hall, whoever looks.
        self.assertIn("Hồ sơ tiếp nhận hôm nay", html)
        self.assertIn("Kết quả đã trả hôm nay", html)
        self.assertEqual(response.headers.get("Cache-Control"), "no-store")
        # By id too.
        self.assertEqual(self.value(self.board(self.desk.id).text, "received"), 2)

    def test_no_personal_data(self):
        html = self.board(self.desk.code).text
        partner = self.partner
        for value in (
            partner.name,
            partner.phone,
            partner.onestop_id_number,
            partner.street,
            "Nguyễn",
            "0912",
        ):
            self.assertNotIn(value, html)

    def test_month_shares(self):
        values = self.desk.sudo()._onestop_board_values()
        self.assertEqual(values["resolved_month"], 1)
        self.assertEqual((values["late_month"], values["late_share"]), (1, 100))
        self.assertIsNone(self.other_desk.sudo()._onestop_board_values()["late_share"])

    def test_only_desks_have_a_board(self):
        for key in (self.agency.id, self.unit.id, "X99.99.99.X99", "0", "%20"):
            self.assertEqual(self.board(key).status_code, 404, key)

    def test_board_link(self):
        self.assertEqual(self.desk.onestop_board_url, "/onestop/board/%s" % self.desk.code)
        self.assertFalse(self.agency.onestop_board_url)
