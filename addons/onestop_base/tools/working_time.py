"""Working-time arithmetic for one-stop deadlines, independent of the ORM.

A :class:`WorkingTime` knows the weekly sessions of a calendar (for instance 07:00-11:30 and
13:30-17:00, Monday to Friday), the public holidays (intervals, in UTC), and the make-up working
days that the government declares (a Saturday worked in exchange for a bridge day). From these it
answers the questions deadlines ask:

* where the clock starts for something received at a given time, with an afternoon cutoff;
* when a number of working hours, working days or calendar days runs out;
* how much working time lies between two instants (to measure a pause).

Every public method takes and returns naive UTC datetimes, as Odoo stores them; the local
time zone is only used inside.
"""

import bisect
from datetime import date, datetime, time, timedelta

import pytz

WORKING_DAYS = "working_days"
CALENDAR_DAYS = "calendar_days"
WORKING_HOURS = "working_hours"

# No deadline in this domain runs for more than a few years: a bound to stop runaway searches
# on a calendar that has no working time at all.
MAX_DAYS_SCANNED = 3 * 366


class NoWorkingTimeError(ValueError):
    """The calendar has no working session within the scanned range."""


def _hours_to_time(hours):
    hours = max(0.0, min(hours, 24.0))
    if hours >= 24.0:
        return time.max
    minutes = round(hours * 60)
    return time(minutes // 60, minutes % 60)


class WorkingTime:
    """Working time of one calendar.

    :param tz: a time zone name, e.g. ``Asia/Ho_Chi_Minh``
    :param week: ``{weekday: [(hour_from, hour_to), ...]}``, Monday being 0, hours as floats
    :param leaves: ``[(start, end), ...]`` naive UTC datetimes when nobody works (holidays)
    :param extra_days: ``{date: [(hour_from, hour_to), ...]}`` make-up working days
    :param hours_per_day: the length of one working day, used to turn days into hours
    """

    def __init__(self, tz, week, leaves=(), extra_days=None, hours_per_day=8.0):
        self.tz = pytz.timezone(tz or "UTC")
        self.week = {int(k): sorted(v) for k, v in week.items() if v}
        self.extra_days = {d: sorted(v) for d, v in (extra_days or {}).items() if v}
        self.hours_per_day = hours_per_day or 8.0
        # Leaves as sorted, merged, local aware intervals.
        local = sorted(
            (self._to_local(start), self._to_local(end)) for start, end in leaves if end > start
        )
        merged = []
        for start, end in local:
            if merged and start <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(merged[-1][1], end))
            else:
                merged.append((start, end))
        self._leaves = merged
        self._leave_starts = [start for start, _end in merged]
        self._day_cache = {}

    # ------------------------------------------------------------------ conversions
    def _to_local(self, utc_naive):
        return pytz.utc.localize(utc_naive).astimezone(self.tz)

    @staticmethod
    def _to_utc(local_aware):
        return local_aware.astimezone(pytz.utc).replace(tzinfo=None)

    def _localize(self, day, hours):
        return self.tz.localize(datetime.combine(day, _hours_to_time(hours)))

    def local_date(self, utc_naive):
        """The local calendar date of a naive UTC datetime."""
        return self._to_local(utc_naive).date()

    # ------------------------------------------------------------------ sessions
    def sessions(self, day):
        """Working sessions of a local date as local aware ``(start, end)`` pairs."""
        if day in self._day_cache:
            return self._day_cache[day]
        spec = self.extra_days.get(day) or self.week.get(day.weekday(), [])
        result = []
        for hour_from, hour_to in spec:
            pieces = [(self._localize(day, hour_from), self._localize(day, hour_to))]
            for leave_start, leave_end in self._leaves_overlapping(pieces[0][0], pieces[0][1]):
                cut = []
                for start, end in pieces:
                    if leave_end <= start or leave_start >= end:
                        cut.append((start, end))
                        continue
                    if start < leave_start:
                        cut.append((start, leave_start))
                    if leave_end < end:
                        cut.append((leave_end, end))
                pieces = cut
            result.extend(p for p in pieces if p[1] > p[0])
        result.sort()
        self._day_cache[day] = result
        return result

    def _leaves_overlapping(self, start, end):
        index = bisect.bisect_right(self._leave_starts, end)
        for leave_start, leave_end in self._leaves[:index]:
            if leave_end > start and leave_start < end:
                yield leave_start, leave_end

    def is_working_day(self, day):
        return bool(self.sessions(day))

    def _days_from(self, day):
        for offset in range(MAX_DAYS_SCANNED):
            yield day + timedelta(days=offset)
        raise NoWorkingTimeError("no working time in %s days from %s" % (MAX_DAYS_SCANNED, day))

    def next_working_day(self, day):
        """The first working day on or after ``day``."""
        for candidate in self._days_from(day):
            if self.is_working_day(candidate):
                return candidate

    def _sessions_from(self, local_dt):
        """Sessions, clipped, from a local instant on, in order."""
        for day in self._days_from(local_dt.date()):
            for start, end in self.sessions(day):
                if end <= local_dt:
                    continue
                yield max(start, local_dt), end

    # ------------------------------------------------------------------ questions
    def start_point(self, received, cutoff_hour=None):
        """Where the clock starts for something received at ``received`` (naive UTC).

        Received at or after the cutoff hour (local), it counts from the next working day.
        Otherwise it counts from the first working moment at or after its reception.
        """
        local = self._to_local(received)
        if cutoff_hour is not None and local.hour + local.minute / 60.0 >= cutoff_hour:
            next_day = self.next_working_day(local.date() + timedelta(days=1))
            local = self.sessions(next_day)[0][0]
        start, _end = next(self._sessions_from(local))
        return self._to_utc(start)

    def add_working_hours(self, start, hours, session_end=True):
        """The instant when ``hours`` of working time, counted from ``start``, run out.

        With ``session_end`` the answer is the end of the session in which the time runs out,
        as one-stop appointment dates are given.
        """
        remaining = timedelta(hours=hours)
        local = self._to_local(start)
        for seg_start, seg_end in self._sessions_from(local):
            length = seg_end - seg_start
            if remaining <= length:
                if session_end or remaining == length:
                    return self._to_utc(seg_end)
                return self._to_utc(seg_start + remaining)
            remaining -= length
        raise NoWorkingTimeError("unreachable")  # pragma: no cover

    def one_working_day_from(self, when):
        """The instant one working day (``hours_per_day`` of working time, counted exactly)
        after ``when``: what "due within one working day" and "at least one working day
        before the appointment" measure against."""
        return self.add_working_hours(when, self.hours_per_day, session_end=False)

    def working_hours_between(self, start, end):
        """Working time in hours between two naive UTC datetimes."""
        if end <= start:
            return 0.0
        local_start, local_end = self._to_local(start), self._to_local(end)
        total = timedelta()
        day = local_start.date()
        while day <= local_end.date():
            for seg_start, seg_end in self.sessions(day):
                lo, hi = max(seg_start, local_start), min(seg_end, local_end)
                if hi > lo:
                    total += hi - lo
            day += timedelta(days=1)
        return total.total_seconds() / 3600.0

    def end_of_working_day(self, day):
        """End of the last session of ``day`` or, when ``day`` is not worked, of the next
        working day (naive UTC)."""
        day = self.next_working_day(day)
        return self._to_utc(self.sessions(day)[-1][1])

    def deadline(self, received, amount, unit=WORKING_DAYS, cutoff_hour=None):
        """The due time of something received at ``received`` with a time limit.

        * working days: ``amount`` days of working time (``hours_per_day`` each) from the start
          point; the due time is the end of the session in which it runs out;
        * working hours: the same with hours;
        * calendar days: the end of the working day ``amount`` days after the start day, moved
          to the next working day when that day is not worked.
        """
        if unit == CALENDAR_DAYS:
            local = self._to_local(received)
            day = local.date()
            if cutoff_hour is not None and local.hour + local.minute / 60.0 >= cutoff_hour:
                day += timedelta(days=1)
            return self.end_of_working_day(day + timedelta(days=int(round(amount))))
        hours = amount * self.hours_per_day if unit == WORKING_DAYS else amount
        start = self.start_point(received, cutoff_hour)
        if hours <= 0:
            return self.add_working_hours(start, 0.0)
        return self.add_working_hours(start, hours)

    def shift(self, due, hours):
        """``due`` moved later by ``hours`` of working time, to the end of the session in which
        that lands (a pause of one working day moves a due date by one working day)."""
        if hours <= 0:
            return due
        return self.add_working_hours(due, hours)

    def timing(self, end, due):
        """``early`` when something ended before the due date's local day, ``on_time`` on that
        day and not after the due time, ``late`` after it."""
        if end > due:
            return "late"
        if self.local_date(end) < self.local_date(due):
            return "early"
        return "on_time"

    def working_days_between(self, start, end):
        """Working time between two instants expressed in working days."""
        return self.working_hours_between(start, end) / self.hours_per_day


def as_date(value):
    """A date from a date or datetime."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    raise TypeError(value)
