import re
from datetime import date

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import HttpCase, tagged

from .common import HallCase, at

CSRF_RE = re.compile(r'name="csrf_token"\s+value="([^"]+)"')
DESK = "T00.00.01.X01"


@tagged("post_install", "-at_install")
class TestBooking(HttpCase, HallCase):
    """Slots in the desk's working sessions, a capacity per slot and service, a ticket at
    check-in."""

    def setUp(self):
        super().setUp()
        # The limiter's counters of earlier runs on this database (their windows may lie
        # after the frozen clock) do not count here.
        self.env["onestop.portal.throttle"].sudo().search([]).unlink()

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Booking = cls.env["onestop.hall.booking"]
        cls.service_a.slot_capacity = 2
        cls.citizen = cls.portal_user

    def slots(self, day, when=None):
        return self.Booking._onestop_slots(self.service_a, day, when=when or at(6, 0, (2026, 2, 1)))

    def test_slots_follow_the_working_calendar(self):
        monday = self.slots(date(2026, 3, 2))
        # 07:00-11:30 and 13:30-17:00: 9 + 7 half-hour slots, none at lunch.
        self.assertEqual(len(monday), 16)
        self.assertEqual((monday[0][0], monday[0][2]), (at(7), 2))
        self.assertEqual(monday[8][0], at(11))
        self.assertEqual(monday[9][0], at(13, 30))
        self.assertEqual(monday[-1][1], at(17))
        # Weekends and Tết 2026 (14-22 February) have none.
        self.assertFalse(self.slots(date(2026, 3, 1)))
        self.assertFalse(self.slots(date(2026, 2, 18)))
        # A make-up Saturday has a Monday's sessions.
        self.env["onestop.makeup.day"].create(
            {
                "name": "Làm bù",
                "date": "2026-03-07",
                "like_weekday": "0",
                "calendar_id": self.calendar.id,
            }
        )
        self.assertEqual(len(self.slots(date(2026, 3, 7))), 16)
        # Only slots ahead: at 10:05 on Monday, from 10:30.
        later = self.slots(date(2026, 3, 2), when=at(10, 5))
        self.assertEqual(later[0][0], at(10, 30))

    def test_capacity_per_slot_and_service(self):
        partner = self.citizen.partner_id
        with freeze_time(at(8)):
            self.Booking._onestop_book(self.service_a, at(9), partner)
            self.Booking._onestop_book(self.service_a, at(9), self.partner)
            with self.assertRaises(UserError):
                self.Booking._onestop_book(self.service_a, at(9), partner)
            free = {
                start: n
                for start, _end, n in self.Booking._onestop_slots(self.service_a, date(2026, 3, 2))
            }
            self.assertEqual((free[at(9)], free[at(9, 30)]), (0, 2))
            # Not a slot: lunch, a past time, an odd minute; no bookings for B's capacity 0.
            for when in (at(12), at(7, 30), at(9, 10)):
                with self.assertRaises(UserError):
                    self.Booking._onestop_book(self.service_a, when, partner)
            self.service_b.slot_capacity = 0
            with self.assertRaises(UserError):
                self.Booking._onestop_book(self.service_b, at(9), partner)

    def test_check_in_places_the_ticket_at_the_slot(self):
        with freeze_time(at(7)):
            booking = self.Booking._onestop_book(self.service_a, at(9), self.partner)
        walk_in = self.issue(self.service_a, 8, 50)
        late_walk_in = self.issue(self.service_a, 9, 1)
        ticket = booking._onestop_check_in(when=at(8, 55))
        self.assertEqual((booking.state, booking.ticket_id), ("checked_in", ticket))
        self.assertEqual(
            (ticket.booking_date, ticket.queue_at, ticket.partner_id), (at(9), at(9), self.partner)
        )
        self.assertEqual(ticket._onestop_position(), 1)  # after the walk-in of 8:50 only
        self.assertEqual(self.counter1._onestop_call_next(when=at(9, 2)), walk_in)
        walk_in._onestop_serve(when=at(9, 2))
        self.assertEqual(self.counter1._onestop_call_next(when=at(9, 5)), ticket)
        self.assertEqual(late_walk_in.state, "waiting")
        with self.assertRaises(UserError):
            booking._onestop_check_in(when=at(9, 10))
        other = self.Booking._onestop_book(self.service_a, at(10), self.partner, when=at(7))
        with self.assertRaises(UserError):
            other._onestop_check_in(when=at(8, 0, (2026, 3, 3)))

    def test_pages_from_the_catalogue_to_the_kiosk(self):
        with freeze_time(at(7)):
            procedure = self.url_open("/onestop/procedures/%s" % self.procedure.id)
            self.assertIn(
                "/onestop/booking/%s?service=%s" % (DESK, self.service_a.id), procedure.text
            )
            page = self.url_open("/onestop/booking/%s?service=%s" % (DESK, self.service_a.id))
            self.assertEqual(page.status_code, 200)
            self.assertIn('value="%s"' % "2026-03-02 02:00:00", page.text)  # 09:00 local
            csrf = CSRF_RE.search(page.text).group(1)
            data = {"csrf_token": csrf, "service": self.service_a.id, "slot": "2026-03-02 02:00:00"}
            anonymous = self.url_open(
                "/onestop/booking/%s" % DESK, data=data, allow_redirects=False
            )
            self.assertEqual(anonymous.status_code, 303)
            self.assertIn("/web/login", anonymous.headers["Location"])
            self.authenticate("t_portal", "t_portal")
            page = self.url_open("/onestop/booking/%s?service=%s" % (DESK, self.service_a.id))
            data["csrf_token"] = CSRF_RE.search(page.text).group(1)
            booked = self.url_open("/onestop/booking/%s" % DESK, data=data, allow_redirects=False)
            self.assertEqual(booked.status_code, 303)
            booking = self.Booking.search([("partner_id", "=", self.citizen.partner_id.id)])
            self.assertEqual(booking.slot_start, at(9))
            view = self.url_open(booked.headers["Location"])
            self.assertIn('o_onestop_booking_code">%s<' % booking.name, view.text)
            bad = dict(data, slot="2026-03-02 04:40:00")
            self.assertEqual(self.url_open("/onestop/booking/%s" % DESK, data=bad).status_code, 409)
            bad = dict(data, slot="not a date")
            self.assertEqual(self.url_open("/onestop/booking/%s" % DESK, data=bad).status_code, 400)
        self.authenticate(None, None)
        with freeze_time(at(8, 55)):
            kiosk = self.url_open("/onestop/kiosk/%s" % DESK)
            csrf = CSRF_RE.search(kiosk.text).group(1)
            wrong = self.url_open(
                "/onestop/kiosk/%s/checkin" % DESK, data={"csrf_token": csrf, "code": "12345x"}
            )
            self.assertEqual(wrong.status_code, 404)
            response = self.url_open(
                "/onestop/kiosk/%s/checkin" % DESK,
                data={"csrf_token": csrf, "code": booking.name},
                allow_redirects=False,
            )
            self.assertEqual(response.status_code, 303)
        self.assertEqual(booking.state, "checked_in")
        self.assertEqual(booking.ticket_id.name, "A001")
        self.assertIn(booking.ticket_id.token, response.headers["Location"])
