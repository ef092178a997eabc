import json
import re
from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, new_test_user, tagged

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
        # 07:00-11:30 and 13:30-17:00, up to the procedures' 15:00 cutoff: 9 + 3 half-hour
        # slots, none at lunch.
        self.assertEqual(len(monday), 12)
        self.assertEqual((monday[0][0], monday[0][2]), (at(7), 2))
        self.assertEqual(monday[8][0], at(11))
        self.assertEqual(monday[9][0], at(13, 30))
        self.assertEqual(monday[-1][1], at(15))
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
        self.assertEqual(len(self.slots(date(2026, 3, 7))), 12)
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

    def test_slots_stop_at_the_afternoon_cutoff(self):
        working_time = self.desk._onestop_hall_working_time()
        # Both procedures of group A keep the default 15:00 cutoff: the last slot starts at
        # 14:30, and a dossier received then still counts from that day (the engine's
        # start point), while one received at 15:00 counts from Tuesday.
        self.assertEqual(self.service_a._onestop_cutoff_hour(), 15.0)
        starts = [start for start, _end, _free in self.slots(date(2026, 3, 2))]
        self.assertEqual(starts[-1], at(14, 30))
        self.assertNotIn(at(15), starts)
        self.assertEqual(working_time.start_point(at(14, 30), 15.0), at(14, 30))
        self.assertEqual(working_time.start_point(at(15), 15.0), at(7, 0, (2026, 3, 3)))
        with self.assertRaises(UserError):
            self.Booking._onestop_book(self.service_a, at(15), self.partner, when=at(7))
        # Several procedures: the earliest cutoff applies to the group (11:00 of the
        # building permit), also to group B that has that procedure only.
        self.procedure_calendar_days.cutoff_hour = 11.0
        self.assertEqual(self.service_a._onestop_cutoff_hour(), 11.0)
        for service in (self.service_a, self.service_b):
            service.slot_capacity = 2
            starts = [
                start
                for start, _end, _free in self.Booking._onestop_slots(
                    service, date(2026, 3, 2), when=at(6)
                )
            ]
            self.assertEqual((starts[0], starts[-1], len(starts)), (at(7), at(10, 30), 8))
        # Another cutoff of 16:30 and none set on the other procedure: up to 16:00.
        self.procedure.cutoff_hour = 16.5
        self.procedure_calendar_days.cutoff_hour = 0.0
        self.assertEqual(self.service_a._onestop_cutoff_hour(), 16.5)
        starts = [start for start, _end, _free in self.slots(date(2026, 3, 2))]
        self.assertEqual((starts[-1], len(starts)), (at(16), 15))
        # No procedure with a cutoff: the whole sessions, up to 16:30-17:00.
        self.procedure.cutoff_hour = 0.0
        self.assertIsNone(self.service_a._onestop_cutoff_hour())
        self.assertEqual(len(self.slots(date(2026, 3, 2))), 16)

    def test_slots_ahead_of_now_and_on_working_days_only(self):
        monday = date(2026, 3, 2)
        # At 14:10 only the 14:30 slot is left before the cutoff; at 14:30 (it begins) and
        # at 15:05 none; a past day has none.
        self.assertEqual([s[0] for s in self.slots(monday, when=at(14, 10))], [at(14, 30)])
        self.assertFalse(self.slots(monday, when=at(14, 30)))
        self.assertFalse(self.slots(monday, when=at(15, 5)))
        self.assertFalse(self.slots(monday, when=at(8, 0, (2026, 3, 3))))
        with self.assertRaises(UserError):
            self.Booking._onestop_book(self.service_a, at(14), self.partner, when=at(14, 10))
        # The day after: the whole morning and the afternoon up to the cutoff.
        self.assertEqual(len(self.slots(date(2026, 3, 3), when=at(15, 5))), 12)
        # 30 April and 1 May 2026 are public holidays (a Thursday and a Friday).
        self.assertFalse(self.slots(date(2026, 4, 30)))
        self.assertFalse(self.slots(date(2026, 5, 1)))
        # A make-up Saturday follows the cutoff too.
        self.env["onestop.makeup.day"].create(
            {
                "name": "Làm bù",
                "date": "2026-03-14",
                "like_weekday": "0",
                "calendar_id": self.calendar.id,
            }
        )
        saturday = self.slots(date(2026, 3, 14))
        self.assertEqual((len(saturday), saturday[-1][0]), (12, at(14, 30, (2026, 3, 14))))

    def test_my_bookings_own_only(self):
        """The record rule: a citizen reads their own bookings, nobody else's."""
        other = new_test_user(self.env, "t_portal_other", groups="base.group_portal")
        mine = self.Booking._onestop_book(
            self.service_a, at(9), self.citizen.partner_id, when=at(7)
        )
        theirs = self.Booking._onestop_book(self.service_a, at(9), other.partner_id, when=at(7))
        self.assertEqual(self.Booking.with_user(self.citizen).search([]), mine)
        self.assertEqual(self.Booking.with_user(other).search([]), theirs)
        with self.assertRaises(AccessError):
            theirs.with_user(self.citizen).read(["name"])
        with self.assertRaises(AccessError):
            mine.with_user(self.citizen).write({"state": "cancelled"})
        # Cancelling frees the place: a booking ahead only.
        self.assertEqual(self.free(at(9), when=at(7)), 0)
        mine._onestop_citizen_cancel(when=at(8))
        self.assertEqual((mine.state, self.free(at(9), when=at(7))), ("cancelled", 1))
        with self.assertRaises(UserError):
            mine._onestop_citizen_cancel(when=at(8))
        with self.assertRaises(UserError):
            theirs._onestop_citizen_cancel(when=at(9))

    def free(self, start, when):
        return {
            slot: n
            for slot, _end, n in self.Booking._onestop_slots(
                self.service_a, self.desk._onestop_hall_working_time().local_date(start), when
            )
        }[start]

    def test_my_bookings_page(self):
        other = new_test_user(self.env, "t_portal_other", groups="base.group_portal")
        with freeze_time(at(7)):
            # Booked from the public page while logged in: the booking is the citizen's.
            self.authenticate("t_portal", "t_portal")
            page = self.url_open("/onestop/booking/%s?service=%s" % (DESK, self.service_a.id))
            self.assertIn("o_onestop_my_bookings_link", page.text)
            # The page says why the afternoon stops at the cutoff: no 15:00 slot.
            self.assertIn("o_onestop_booking_cutoff", page.text)
            self.assertIn("15:00", page.text)
            self.assertIn('value="2026-03-02 07:30:00"', page.text)  # 14:30
            self.assertNotIn('value="2026-03-02 08:00:00"', page.text)  # 15:00
            data = {
                "csrf_token": CSRF_RE.search(page.text).group(1),
                "service": self.service_a.id,
                "slot": "2026-03-02 02:00:00",
            }
            booked = self.url_open("/onestop/booking/%s" % DESK, data=data, allow_redirects=False)
            self.assertEqual(booked.status_code, 303)
            mine = self.Booking.search([("partner_id", "=", self.citizen.partner_id.id)])
            self.assertEqual(len(mine), 1)
            view = self.url_open(booked.headers["Location"])
            self.assertIn('href="/my/bookings"', view.text)
            self.assertIn("o_onestop_booking_qr", view.text)
            theirs = self.Booking._onestop_book(self.service_a, at(9), other.partner_id)
            earlier = self.Booking._onestop_book(
                self.service_a,
                at(8, 0, (2026, 2, 27)),
                self.citizen.partner_id,
                when=at(7, 0, (2026, 2, 27)),
            )
            self.env.flush_all()
            # The portal's home: the entry and its count.
            home = self.url_open("/my")
            self.assertIn('href="/my/bookings"', home.text)
            counters = self.url_open(
                "/my/counters",
                data=json.dumps({"params": {"counters": ["hall_booking_count"]}}),
                headers={"Content-Type": "application/json"},
            )
            self.assertEqual(counters.json()["result"]["hall_booking_count"], 2)
            listing = self.url_open("/my/bookings")
            self.assertEqual(listing.status_code, 200)
            rows = re.findall(r'data-booking-id="(\d+)"', listing.text)
            self.assertEqual(rows, [str(mine.id), str(earlier.id)])
            # The breadcrumb, in the citizen's language.
            self.assertRegex(
                listing.text,
                r'breadcrumb-item active">(Appointments at the desk|Lịch hẹn tại Bộ phận Một cửa)<',
            )
            self.assertIn("09:00 02/03/2026", listing.text)
            self.assertIn(self.desk.name, listing.text)
            self.assertIn(self.service_a.name, listing.text)
            self.assertIn('href="/onestop/booking/view/%s"' % mine.token, listing.text)
            self.assertNotIn(theirs.token, listing.text)
            # A cancel button for the booking ahead only (the earlier one is past).
            self.assertIn('action="/my/bookings/%s/cancel"' % mine.id, listing.text)
            self.assertNotIn('action="/my/bookings/%s/cancel"' % earlier.id, listing.text)
            csrf = CSRF_RE.search(listing.text).group(1)
            # Another citizen's booking: not found, untouched; a past one: refused.
            response = self.url_open(
                "/my/bookings/%s/cancel" % theirs.id, data={"csrf_token": csrf}
            )
            self.env.invalidate_all()
            self.assertEqual((response.status_code, theirs.state), (404, "booked"))
            response = self.url_open(
                "/my/bookings/%s/cancel" % earlier.id, data={"csrf_token": csrf}
            )
            self.env.invalidate_all()
            self.assertEqual((response.status_code, earlier.state), (409, "booked"))
            # Without the CSRF token: refused.
            response = self.url_open("/my/bookings/%s/cancel" % mine.id, data={"reason": "x"})
            self.env.invalidate_all()
            self.assertEqual((response.status_code, mine.state), (400, "booked"))
            self.assertEqual(self.free(at(9), when=at(7)), 0)
            response = self.url_open(
                "/my/bookings/%s/cancel" % mine.id,
                data={"csrf_token": csrf},
                allow_redirects=False,
            )
            self.assertEqual(response.status_code, 303)
            self.assertTrue(response.headers["Location"].endswith("/my/bookings"))
            self.env.invalidate_all()
            self.assertEqual(mine.state, "cancelled")
            self.assertEqual(self.free(at(9), when=at(7)), 1)
            view = self.url_open("/onestop/booking/view/%s" % mine.token)
            self.assertIn("o_onestop_booking_cancelled", view.text)
            # The other citizen sees their own only; a visitor is sent to log in.
            self.authenticate("t_portal_other", "t_portal_other")
            listing = self.url_open("/my/bookings")
            rows = re.findall(r'data-booking-id="(\d+)"', listing.text)
            self.assertEqual(rows, [str(theirs.id)])
            # The desk's officer reads the desk's bookings in the backend, but /my shows
            # only their own (none) and cancels none of the citizens'.
            self.authenticate("t_reception", "t_reception")
            listing = self.url_open("/my/bookings")
            self.assertEqual(listing.status_code, 200)
            self.assertFalse(re.findall(r'data-booking-id="(\d+)"', listing.text))
            page = self.url_open("/onestop/booking/%s?service=%s" % (DESK, self.service_a.id))
            csrf = CSRF_RE.search(page.text).group(1)
            response = self.url_open(
                "/my/bookings/%s/cancel" % theirs.id, data={"csrf_token": csrf}
            )
            self.env.invalidate_all()
            self.assertEqual((response.status_code, theirs.state), (404, "booked"))
            self.authenticate(None, None)
            response = self.url_open("/my/bookings", allow_redirects=False)
            self.assertEqual(response.status_code, 303)
            self.assertIn("/web/login", response.headers["Location"])
