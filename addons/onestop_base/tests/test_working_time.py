from datetime import datetime as wall

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import OnestopCase, local, to_local


@tagged("post_install", "-at_install")
class TestWorkingTime(OnestopCase):
    """Due dates on the Vietnamese administrative calendar (07:00-11:30, 13:30-17:00, Monday to
    Friday) with the shipped holidays of 2025 and 2026. Times are wall-clock times in Vietnam:
    ``local()`` turns one into the UTC that Odoo stores, ``to_local()`` turns it back."""

    def deadline(self, received, amount, unit="working_days", cutoff=15.0):
        working_time = self.calendar._onestop_working_time()
        return to_local(working_time.deadline(received, amount, unit, cutoff))

    def test_working_day_ends_with_its_session(self):
        # Monday 09:00 + 8 working hours runs out on Tuesday 09:00, in the morning session.
        self.assertEqual(self.deadline(local(2026, 3, 2, 9, 0), 1), wall(2026, 3, 3, 11, 30))
        # Monday 14:00: Monday 3 h, Tuesday 4.5 h, then 0.5 h into Tuesday afternoon.
        self.assertEqual(self.deadline(local(2026, 3, 2, 14, 0), 1), wall(2026, 3, 3, 17, 0))
        # Received at lunch time: the clock starts at 13:30, and 3.5 + 4.5 hours run out
        # exactly at the end of Tuesday morning.
        self.assertEqual(self.deadline(local(2026, 3, 2, 12, 0), 1), wall(2026, 3, 3, 11, 30))
        # Friday 10:00 + 3 working days crosses the weekend: Wednesday 10:00.
        self.assertEqual(self.deadline(local(2026, 3, 6, 10, 0), 3), wall(2026, 3, 11, 11, 30))

    def test_received_on_weekend(self):
        # An online dossier sent on Saturday counts from Monday morning.
        self.assertEqual(self.deadline(local(2026, 3, 7, 10, 0), 1), wall(2026, 3, 9, 17, 0))

    def test_cutoff(self):
        # Two working hours: before the 15:00 cutoff the clock starts at once...
        self.assertEqual(
            self.deadline(local(2026, 3, 2, 14, 59), 2, "working_hours"), wall(2026, 3, 2, 17, 0)
        )
        # ... at 15:00 or later it starts the next working day.
        self.assertEqual(
            self.deadline(local(2026, 3, 2, 15, 0), 2, "working_hours"), wall(2026, 3, 3, 11, 30)
        )
        # The cutoff is per procedure: with 11:00, a dossier of 11:00 counts from Tuesday.
        self.assertEqual(
            self.deadline(local(2026, 3, 2, 10, 59), 1, cutoff=11.0), wall(2026, 3, 3, 11, 30)
        )
        self.assertEqual(
            self.deadline(local(2026, 3, 2, 11, 0), 1, cutoff=11.0), wall(2026, 3, 3, 17, 0)
        )
        # Friday after the cutoff: Monday.
        self.assertEqual(self.deadline(local(2026, 3, 6, 16, 30), 1), wall(2026, 3, 9, 17, 0))

    def test_public_holidays(self):
        # 30 April and 1 May 2026 (Thursday, Friday): Wednesday's dossier is due on Monday.
        self.assertEqual(self.deadline(local(2026, 4, 29, 10, 0), 1), wall(2026, 5, 4, 11, 30))
        # Hùng Kings' day 2026 falls on Sunday 26 April; Monday 27 is off instead.
        self.assertEqual(self.deadline(local(2026, 4, 24, 16, 0), 1), wall(2026, 4, 28, 17, 0))
        # National Day 2025: Monday 1 and Tuesday 2 September.
        self.assertEqual(self.deadline(local(2025, 8, 29, 9, 0), 1), wall(2025, 9, 3, 11, 30))

    def test_tet(self):
        # Tết Bính Ngọ 2026: off from Saturday 14 to Sunday 22 February.
        self.assertEqual(self.deadline(local(2026, 2, 13, 10, 0), 1), wall(2026, 2, 23, 11, 30))
        self.assertEqual(self.deadline(local(2026, 2, 13, 10, 0), 3), wall(2026, 2, 25, 11, 30))
        # Tết Ất Tỵ 2025: 27 to 31 January are off.
        self.assertEqual(self.deadline(local(2025, 1, 24, 16, 0), 1), wall(2025, 2, 3, 17, 0))
        working_time = self.calendar._onestop_working_time()
        for day in range(16, 21):
            self.assertFalse(working_time.is_working_day(wall(2026, 2, day).date()))

    def test_makeup_working_day(self):
        # Saturday 26 April 2025 was worked in exchange for Friday 2 May (shipped data).
        self.assertEqual(self.deadline(local(2025, 4, 25, 10, 0), 1), wall(2025, 4, 26, 11, 30))
        # A make-up day added now counts at once (the cached calendar is cleared).
        self.assertEqual(self.deadline(local(2026, 3, 6, 10, 0), 1), wall(2026, 3, 9, 11, 30))
        self.env["onestop.makeup.day"].create({"name": "Làm bù (thử)", "date": "2026-03-07"})
        self.assertEqual(self.deadline(local(2026, 3, 6, 10, 0), 1), wall(2026, 3, 7, 11, 30))

    def test_holiday_added_counts_at_once(self):
        self.assertEqual(self.deadline(local(2026, 3, 2, 9, 0), 1), wall(2026, 3, 3, 11, 30))
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Nghỉ lễ (thử)",
                "date_from": local(2026, 3, 3, 0, 0),
                "date_to": local(2026, 3, 3, 23, 59),
                "calendar_id": False,
            }
        )
        self.assertEqual(self.deadline(local(2026, 3, 2, 9, 0), 1), wall(2026, 3, 4, 11, 30))

    def test_calendar_days(self):
        # 15 calendar days from Monday 2 March 2026: Tuesday 17 March, end of its day.
        self.assertEqual(
            self.deadline(local(2026, 3, 2, 10, 0), 15, "calendar_days"), wall(2026, 3, 17, 17, 0)
        )
        # After the cutoff, the count starts the next day.
        self.assertEqual(
            self.deadline(local(2026, 3, 2, 15, 30), 15, "calendar_days"), wall(2026, 3, 18, 17, 0)
        )
        # Landing in Tết, the deadline moves to the next working day.
        self.assertEqual(
            self.deadline(local(2026, 2, 2, 10, 0), 15, "calendar_days"), wall(2026, 2, 23, 17, 0)
        )

    def test_working_hours_between(self):
        working_time = self.calendar._onestop_working_time()
        self.assertEqual(
            working_time.working_hours_between(local(2026, 3, 2, 10, 0), local(2026, 3, 3, 10, 0)),
            8.0,
        )
        # Friday 16:00 to Monday 08:00: one hour on each side of the weekend.
        self.assertEqual(
            working_time.working_hours_between(local(2026, 3, 6, 16, 0), local(2026, 3, 9, 8, 0)),
            2.0,
        )
        # Nothing is worked during Tết.
        self.assertEqual(
            working_time.working_hours_between(local(2026, 2, 14, 0, 0), local(2026, 2, 23, 7, 0)),
            0.0,
        )

    def test_pause_and_resume_shift_the_due_date(self):
        dossier = self.make_dossier()
        dossier._receive(when=local(2026, 3, 2, 9, 0))
        self.assertEqual(to_local(dossier.due_date), wall(2026, 3, 3, 11, 30))
        # Paused from Monday 10:00 to Tuesday 10:00: eight working hours, one working day.
        dossier._onestop_pause("Thiếu giấy chứng sinh", when=local(2026, 3, 2, 10, 0))
        self.assertEqual(dossier.state, "waiting_supplement")
        self.assertFalse(dossier.is_overdue)
        dossier._onestop_resume(when=local(2026, 3, 3, 10, 0))
        self.assertEqual(dossier.state, "received")
        self.assertEqual(dossier.pause_ids.working_hours, 8.0)
        self.assertEqual(dossier.paused_hours, 8.0)
        self.assertEqual(to_local(dossier.due_date), wall(2026, 3, 4, 11, 30))
        self.assertEqual(to_local(dossier.initial_due_date), wall(2026, 3, 3, 11, 30))
        change = dossier.deadline_change_ids
        self.assertEqual(change.kind, "pause")
        self.assertEqual(to_local(change.due_before), wall(2026, 3, 3, 11, 30))
        self.assertEqual(to_local(change.due_after), wall(2026, 3, 4, 11, 30))
        # A second pause over a weekend: two working hours push the due date into the next
        # session.
        dossier._onestop_pause("Thiếu tờ khai", when=local(2026, 3, 6, 16, 0))
        dossier._onestop_resume(when=local(2026, 3, 9, 8, 0))
        self.assertEqual(to_local(dossier.due_date), wall(2026, 3, 4, 17, 0))
        self.assertEqual(dossier.paused_hours, 10.0)

    def test_pause_needs_a_running_clock(self):
        dossier = self.make_dossier()
        with self.assertRaises(UserError):
            dossier._onestop_pause("Thiếu giấy tờ")
        with self.assertRaises(UserError):
            dossier._onestop_resume()

    def test_calendar_without_hours(self):
        empty = self.env["resource.calendar"].create(
            {"name": "Không làm việc", "attendance_ids": [(5, 0, 0)]}
        )
        with self.assertRaisesRegex(UserError, "has no working hours"):
            empty._onestop_working_time()
