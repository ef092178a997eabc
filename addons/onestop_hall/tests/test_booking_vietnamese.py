import json
import os
import re
from datetime import timedelta

import polib

from odoo import fields
from odoo.modules.module import get_module_path
from odoo.tests import HttpCase, tagged

from odoo.addons.onestop_portal.tests.test_vietnamese import COLLECT, KNOWN, odoo_english_terms

from .common import HallCase


def hall_english_terms():
    """The hall's own strings that Vietnamese writes otherwise."""
    terms = set()
    for entry in polib.pofile(os.path.join(get_module_path("onestop_hall"), "i18n", "vi.po")):
        text = re.sub(r"\s+", " ", entry.msgid).strip().rstrip(":.…")
        if (
            len(text) >= 4
            and re.search(r"[A-Za-z]{3}", text)
            and not re.search(r"%|\{|<|\$|\\", text)
            and entry.msgstr.strip() != entry.msgid.strip()
        ):
            terms.add(text)
    return terms


@tagged("post_install", "-at_install")
class TestBookingVietnamese(HttpCase, HallCase):
    """A Vietnamese citizen's booking pages and appointments (/my/bookings) in Chromium: no
    term of Odoo's web, portal and mail modules nor of the hall left in English."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if not cls.env["res.lang"]._lang_get("vi_VN"):
            raise AssertionError("the test database has no Vietnamese (--load-language=vi_VN)")
        cls.portal_user.lang = "vi_VN"
        normalized = {re.sub(r"\s+", " ", t).strip().rstrip(":.…") for t in KNOWN}
        cls.terms = sorted(odoo_english_terms() | normalized | hall_english_terms())

    def check_page(self, url, login=None):
        code = COLLECT % {"english": json.dumps(self.terms), "chatter": "false"}
        self.browser_js(url, code, ready="document.readyState === 'complete'", login=login)

    def next_slot(self):
        """The last slot of the desk's next day with slots, from the real clock (the pages
        show the days ahead at any hour): a booking ahead, which the citizen may cancel."""
        Booking = self.env["onestop.hall.booking"]
        working_time = self.desk._onestop_hall_working_time()
        now = fields.Datetime.now()
        day = working_time.local_date(now)
        for _index in range(60):
            slots = Booking._onestop_slots(self.service_a, day, when=now)
            if slots:
                return slots[-1][0]
            day += timedelta(days=1)
        raise AssertionError("no slot in 60 days")

    def test_booking_pages_in_vietnamese(self):
        self.service_a.slot_capacity = 2
        booking = self.env["onestop.hall.booking"]._onestop_book(
            self.service_a, self.next_slot(), self.portal_user.partner_id
        )
        cancelled = self.env["onestop.hall.booking"]._onestop_book(
            self.service_a, self.next_slot(), self.portal_user.partner_id
        )
        cancelled._onestop_citizen_cancel()
        login = self.portal_user.login
        for url in (
            "/my",
            "/my/bookings",
            "/onestop/booking/%s?service=%s" % (self.desk.code, self.service_a.id),
            "/onestop/booking/view/%s" % booking.token,
            "/onestop/booking/view/%s" % cancelled.token,
        ):
            with self.subTest(url=url):
                self.check_page(url, login=login)
