from collections import defaultdict

from odoo import fields, models, tools
from odoo.exceptions import UserError

from ..tools.working_time import NoWorkingTimeError, WorkingTime


class ResourceCalendar(models.Model):
    _inherit = "resource.calendar"

    onestop_makeup_day_ids = fields.One2many(
        "onestop.makeup.day", "calendar_id", string="Make-up working days"
    )

    def write(self, vals):
        res = super().write(vals)
        if {"tz", "hours_per_day", "attendance_ids", "global_leave_ids"} & set(vals):
            self.env.registry.clear_cache()
        return res

    @tools.ormcache("self.id")
    def _onestop_calendar_data(self):
        """The calendar's weekly sessions, holidays and make-up days as plain data (cached;
        any change to them clears the cache)."""
        self.ensure_one()
        week = defaultdict(list)
        for attendance in self.sudo().attendance_ids:
            if (
                attendance.display_type
                or attendance.resource_id
                or attendance.day_period == "lunch"
            ):
                continue
            if attendance.date_from or attendance.date_to:
                continue
            week[int(attendance.dayofweek)].append((attendance.hour_from, attendance.hour_to))
        self.env.cr.execute(
            """
            SELECT date_from, date_to FROM resource_calendar_leaves
             WHERE resource_id IS NULL AND (calendar_id IS NULL OR calendar_id = %s)
               AND (time_type = 'leave' OR time_type IS NULL)
            """,
            [self.id],
        )
        leaves = tuple(self.env.cr.fetchall())
        makeup = (
            self.env["onestop.makeup.day"].sudo().search([("calendar_id", "in", [False, self.id])])
        )
        extra = {day.date: tuple(week.get(int(day.like_weekday), ())) for day in makeup}
        return {
            "tz": self.tz or "Asia/Ho_Chi_Minh",
            "week": {k: tuple(v) for k, v in week.items()},
            "leaves": leaves,
            "extra_days": extra,
            "hours_per_day": self.hours_per_day or 8.0,
        }

    def _onestop_working_time(self):
        """A :class:`WorkingTime` for this calendar, to compute deadlines and pauses."""
        self.ensure_one()
        data = self._onestop_calendar_data()
        if not any(data["week"].values()):
            raise UserError(
                self.env._(
                    "The working calendar %(calendar)s has no working hours.", calendar=self.name
                )
            )
        return _CheckedWorkingTime(self, **data)


class _CheckedWorkingTime(WorkingTime):
    """A WorkingTime that turns an endless search into a clear error for the user."""

    def __init__(self, calendar, **data):
        super().__init__(**data)
        self._calendar = calendar

    def _days_from(self, day):
        try:
            yield from super()._days_from(day)
        except NoWorkingTimeError as exc:
            raise UserError(
                self._calendar.env._(
                    "The working calendar %(calendar)s has no working day for years after "
                    "%(date)s: check its holidays.",
                    calendar=self._calendar.name,
                    date=day,
                )
            ) from exc
