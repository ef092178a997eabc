from datetime import timedelta

from odoo import fields, models
from odoo.tools.misc import format_datetime

# How many numbers the hall's screen shows as called (the latest first) and as next.
SCREEN_CALLED = 6
SCREEN_NEXT = 8
BUS_CHANNEL = "onestop_hall_%s"
BUS_TYPE = "onestop_hall/update"


class OnestopDepartment(models.Model):
    _inherit = "onestop.department"

    counter_ids = fields.One2many("onestop.counter", "department_id", string="Counters")
    hall_service_ids = fields.One2many(
        "onestop.hall.service", "department_id", string="Hall services"
    )

    # ------------------------------------------------------------------ lookup
    def _onestop_hall_desk(self, key):
        """The active reception desk a kiosk or screen address names, by its e-identifier
        code or id (as the public board)."""
        return self._onestop_board_desk(key)

    def _onestop_hall_working_time(self):
        self.ensure_one()
        return self._onestop_calendar()._onestop_working_time()

    # ------------------------------------------------------------------ sessions
    def _onestop_hall_open(self, when=None):
        """``(open, opens_at)``: whether ``when`` (naive UTC, default now) falls in one of
        the desk's working sessions (the working-day engine: weekends, holidays, make-up
        days), and otherwise the start of the next session (naive UTC)."""
        self.ensure_one()
        when = when or fields.Datetime.now()
        working_time = self._onestop_hall_working_time()
        local = working_time._to_local(when)
        day = local.date()
        for offset in range(0, 60):
            for start, end in working_time.sessions(day + timedelta(days=offset)):
                if end <= local:
                    continue
                if start <= local:
                    return True, False
                return False, working_time._to_utc(start)
        return False, False

    def _onestop_hall_format(self, value):
        """A time as the desk's clock shows it, e.g. 07:00 08/12/2026."""
        self.ensure_one()
        tz = self._onestop_hall_working_time().tz.zone
        return format_datetime(self.env, value, tz=tz, dt_format="HH:mm dd/MM/yyyy")

    # ------------------------------------------------------------------ screen
    def _onestop_hall_state(self, when=None):
        """What the hall's screen shows: numbers and counters only, never a name."""
        self.ensure_one()
        when = when or fields.Datetime.now()
        desk = self.sudo()
        day = desk._onestop_hall_working_time().local_date(when)
        Ticket = self.env["onestop.ticket"].sudo()
        base = [("department_id", "=", desk.id), ("day", "=", day)]
        called = Ticket.search(
            base + [("state", "in", ("called", "serving"))],
            order="last_called_at desc, id desc",
            limit=SCREEN_CALLED,
        )
        waiting = Ticket.search(
            base + [("state", "=", "waiting")],
            order="is_priority desc, queue_at, id",
            limit=SCREEN_NEXT,
        )
        counts = Ticket._read_group(
            base + [("state", "=", "waiting")], ["service_group_id"], ["__count"]
        )
        count_by_service = {service.id: count for service, count in counts}
        return {
            "desk": desk.id,
            "day": fields.Date.to_string(day),
            "called": [
                {
                    "number": ticket.name,
                    "counter": ticket.counter_id.number,
                    "state": ticket.state,
                }
                for ticket in called
            ],
            "next": [ticket.name for ticket in waiting],
            "services": [
                {
                    "name": service.name,
                    "letter": service.letter,
                    "waiting": count_by_service.get(service.id, 0),
                }
                for service in desk.hall_service_ids
            ],
        }

    def _onestop_hall_notify(self, announce=None, when=None):
        """Send the screen's new state on the desk's public bus channel (delivered by the
        websocket when the transaction commits); ``announce``, a called ticket, is spoken."""
        for desk in self:
            payload = desk._onestop_hall_state(when=when)
            if announce:
                payload["announce"] = {
                    "number": announce.name,
                    "counter": announce.counter_id.number,
                }
            self.env["bus.bus"].sudo()._sendone(BUS_CHANNEL % desk.id, BUS_TYPE, payload)
