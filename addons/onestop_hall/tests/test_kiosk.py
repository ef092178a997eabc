import base64
import io
import re

from freezegun import freeze_time

from odoo.tests import HttpCase, tagged

from .common import HallCase, at

CSRF_RE = re.compile(r'name="csrf_token"\s+value="([^"]+)"')
KIOSK = "/onestop/kiosk/T00.00.01.X01"


def decode_qr(data_uri):
    """The text of the QR code of a PNG data URI (zxing-cpp)."""
    import zxingcpp
    from PIL import Image

    png = base64.b64decode(data_uri.split(",", 1)[1])
    results = zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))
    return [result.text for result in results]


@tagged("post_install", "-at_install")
class TestKiosk(HttpCase, HallCase):
    """The kiosk at the desk's hall, at dated times (the clock is frozen)."""

    def setUp(self):
        super().setUp()
        # The limiter's counters of earlier runs on this database (their windows may lie
        # after the frozen clock) do not count here.
        self.env["onestop.portal.throttle"].sudo().search([]).unlink()

    def take(self, service=None, priority="none", csrf=None):
        page = self.url_open(KIOSK)
        token = csrf or CSRF_RE.search(page.text).group(1)
        return self.url_open(
            KIOSK + "/ticket",
            data={
                "csrf_token": token,
                "service_id": (service or self.service_a).id,
                "priority": priority,
            },
            allow_redirects=False,
        )

    def test_ticket_printed_with_qr_to_its_status(self):
        with freeze_time(at(9)):
            page = self.url_open(KIOSK)
            self.assertEqual(page.status_code, 200)
            self.assertIn("o_onestop_kiosk_service", page.text)
            self.assertIn("Hộ tịch", page.text)
            self.assertIn("Xây dựng", page.text)
            self.issue(self.service_a, 8, 50)  # someone before
            response = self.take(priority="none")
            self.assertEqual(response.status_code, 303)
            ticket = self.Ticket.search([("department_id", "=", self.desk.id)], order="id desc")[0]
            self.assertEqual(
                (ticket.name, ticket.issued_at, ticket.state), ("A002", at(9), "waiting")
            )
            self.assertTrue(
                response.headers["Location"].endswith("/onestop/ticket/%s?print=1" % ticket.token)
            )
            printed = self.url_open("/onestop/ticket/%s?print=1" % ticket.token)
            self.assertEqual(printed.status_code, 200)
            self.assertIn('data-number="A002"', printed.text)
            self.assertIn("size: 80mm auto", printed.text)
            self.assertIn("window.print()", printed.text)
            # The QR code opens the ticket's status page: one person before it.
            qr = re.search(r'src="(data:image/png;base64,[^"]+)"', printed.text).group(1)
            self.assertEqual(decode_qr(qr), [ticket._onestop_status_url()])
            status = self.url_open("/onestop/ticket/%s" % ticket.token)
            self.assertEqual(status.status_code, 200)
            self.assertIn('<strong class="o_onestop_position">1</strong>', status.text)
            self.assertEqual(status.headers["Cache-Control"], "no-store")
            # A priority category goes first.
            self.take(priority="elderly")
            elderly = self.Ticket.search([("priority", "=", "elderly")])
            self.assertEqual((elderly.name, elderly._onestop_position()), ("A003", 0))

    def test_closed_outside_sessions_says_when_it_opens(self):
        # Sunday 1 March 2026: the desk opens on Monday at 07:00.
        with freeze_time(at(10, day=(2026, 3, 1))):
            page = self.url_open(KIOSK)
            self.assertIn("o_onestop_kiosk_closed", page.text)
            self.assertIn("07:00 02/03/2026", page.text)
            self.assertNotIn("o_onestop_kiosk_service", page.text)
        # Monday at lunch: the afternoon session at 13:30; nothing is issued.
        with freeze_time(at(9)):
            csrf = CSRF_RE.search(self.url_open(KIOSK).text).group(1)
        with freeze_time(at(12)):
            page = self.url_open(KIOSK)
            self.assertIn("13:30 02/03/2026", page.text)
            response = self.take(csrf=csrf)
            self.assertEqual(response.status_code, 409)
            self.assertIn("13:30 02/03/2026", response.text)
        # Tết 2026 (14-22 February): the desk opens on Monday 23 February.
        with freeze_time(at(9, day=(2026, 2, 18))):
            self.assertIn("07:00 23/02/2026", self.url_open(KIOSK).text)
        self.assertFalse(self.Ticket.search([("department_id", "=", self.desk.id)]))

    def test_rate_limited_like_the_tracking_page(self):
        self.env["ir.config_parameter"].sudo().set_param("onestop_hall.kiosk_max_per_hour", "2")
        with freeze_time(at(9)):
            self.assertEqual(self.take().status_code, 303)
            self.assertEqual(self.take().status_code, 303)
            response = self.take()
            self.assertEqual(response.status_code, 429)
            self.assertIn("Retry-After", response.headers)
        self.assertEqual(self.Ticket.search_count([("department_id", "=", self.desk.id)]), 2)
        # The window passes.
        with freeze_time(at(10, 5)):
            self.assertEqual(self.take().status_code, 303)

    def test_bad_input_gives_4xx(self):
        with freeze_time(at(9)):
            self.assertEqual(self.url_open("/onestop/kiosk/X99.99.99.X99").status_code, 404)
            self.assertEqual(self.url_open("/onestop/kiosk/%27%20OR%201=1--").status_code, 404)
            self.assertEqual(self.url_open("/onestop/kiosk/99999999999").status_code, 404)
            self.assertEqual(self.url_open("/onestop/hall/99999999999/state").status_code, 404)
            self.assertEqual(self.take(service=self.other_service).status_code, 400)
            csrf = CSRF_RE.search(self.url_open(KIOSK).text).group(1)
            for data in (
                {"service_id": "abc"},
                {"service_id": "99999999999"},
                {"service_id": str(self.service_a.id), "priority": "vip"},
            ):
                response = self.url_open(
                    KIOSK + "/ticket", data={"csrf_token": csrf, **data}, allow_redirects=False
                )
                self.assertEqual(response.status_code, 400, data)
            no_csrf = self.url_open(
                KIOSK + "/ticket", data={"service_id": self.service_a.id}, allow_redirects=False
            )
            self.assertEqual(no_csrf.status_code, 400)
            for token in ("short", "x" * 43, "%27%20OR%201=1--"):
                self.assertEqual(self.url_open("/onestop/ticket/%s" % token).status_code, 404)
        self.assertFalse(self.Ticket.search([("department_id", "=", self.desk.id)]))

    def test_status_page_shows_no_personal_data(self):
        ticket = self.Ticket._onestop_issue(self.service_a, when=at(8), partner=self.partner)
        self.counter1._onestop_call_next(when=at(8, 5))
        page = self.url_open("/onestop/ticket/%s" % ticket.token).text
        self.assertIn("A001", page)
        self.assertIn('<strong class="o_onestop_counter">1</strong>', page)
        for secret in (self.partner.name, self.partner.phone, self.reception.name):
            self.assertNotIn(secret, page)
