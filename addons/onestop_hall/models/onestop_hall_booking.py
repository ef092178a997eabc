import secrets
from datetime import datetime, time, timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import consteq

SLOT_MINUTES = 30


class OnestopHallBooking(models.Model):
    """An online appointment at a desk: a slot in its working sessions for one service
    group (a capacity per slot and group); the ticket is issued at check-in."""

    _name = "onestop.hall.booking"
    _description = "Online appointment at the desk"
    _order = "slot_start desc, id desc"

    name = fields.Char(string="Booking code", required=True, readonly=True, index=True)
    partner_id = fields.Many2one("res.partner", string="Citizen", required=True, index=True)
    service_group_id = fields.Many2one(
        "onestop.hall.service", string="Service", required=True, ondelete="restrict"
    )
    department_id = fields.Many2one(
        related="service_group_id.department_id", store=True, index=True, string="Desk"
    )
    company_id = fields.Many2one(related="department_id.company_id", store=True, index=True)
    slot_start = fields.Datetime(required=True, readonly=True, index=True)
    slot_end = fields.Datetime(required=True, readonly=True)
    state = fields.Selection(
        [("booked", "Booked"), ("checked_in", "Checked in"), ("cancelled", "Cancelled")],
        required=True,
        default="booked",
        readonly=True,
        index=True,
    )
    ticket_id = fields.Many2one("onestop.ticket", readonly=True, string="Ticket")
    token = fields.Char(
        readonly=True,
        copy=False,
        groups="base.group_user",
        default=lambda self: secrets.token_urlsafe(24),
    )

    _sql_constraints = [("token_unique", "unique(token)", "Booking tokens are unique.")]

    # ------------------------------------------------------------------ slots
    @api.model
    def _onestop_slots(self, service, day, when=None):
        """The slots of ``day`` (the desk's local date) for ``service``: ``[(start, end,
        free)]`` in naive UTC, cut from the desk's working sessions (none on weekends,
        holidays; make-up days count), only those starting after ``when``."""
        when = when or fields.Datetime.now()
        service = service.sudo()
        working_time = service.department_id._onestop_hall_working_time()
        slots = []
        for start, end in working_time.sessions(day):
            cursor = start
            while cursor + timedelta(minutes=SLOT_MINUTES) <= end:
                slot_start = working_time._to_utc(cursor)
                slot_end = working_time._to_utc(cursor + timedelta(minutes=SLOT_MINUTES))
                if slot_start > when:
                    slots.append((slot_start, slot_end))
                cursor += timedelta(minutes=SLOT_MINUTES)
        if not slots:
            return []
        self.flush_model()
        self.env.cr.execute(
            """
            SELECT slot_start, count(*) FROM onestop_hall_booking
             WHERE service_group_id = %s AND state != 'cancelled' AND slot_start IN %s
             GROUP BY slot_start
            """,
            [service.id, tuple(start for start, _end in slots)],
        )
        taken = dict(self.env.cr.fetchall())
        return [
            (start, end, max(0, service.slot_capacity - taken.get(start, 0)))
            for start, end in slots
        ]

    @api.model
    def _onestop_book(self, service, slot_start, partner, when=None):
        """Book ``slot_start`` for ``partner``: a slot of the desk's sessions, in the future,
        with room left (the service's row is locked while counting, so two citizens never
        take the last place together)."""
        when = when or fields.Datetime.now()
        service = service.sudo()
        if not service.active or not service.slot_capacity:
            raise UserError(self.env._("This service takes no online bookings."))
        self.env.cr.execute(
            "SELECT id FROM onestop_hall_service WHERE id = %s FOR UPDATE", [service.id]
        )
        working_time = service.department_id._onestop_hall_working_time()
        day = working_time.local_date(slot_start)
        slot = next(
            (s for s in self._onestop_slots(service, day, when=when) if s[0] == slot_start), None
        )
        if not slot:
            raise UserError(
                self.env._("This time is not a slot of the desk's working sessions ahead.")
            )
        if slot[2] <= 0:
            raise UserError(self.env._("This slot is full: choose another one."))
        booking = self.sudo().create(
            {
                "name": self._onestop_new_code(service.department_id, day),
                "partner_id": partner.id,
                "service_group_id": service.id,
                "slot_start": slot[0],
                "slot_end": slot[1],
            }
        )
        return booking

    @api.model
    def _onestop_new_code(self, desk, day):
        """A 6-digit code, unused among the desk's bookings of that day."""
        working_time = desk._onestop_hall_working_time()
        start = working_time._to_utc(working_time.tz.localize(datetime.combine(day, time.min)))
        taken = set(
            self.sudo()
            .search(
                [
                    ("department_id", "=", desk.id),
                    ("slot_start", ">=", start),
                    ("slot_start", "<", start + timedelta(days=1)),
                ]
            )
            .mapped("name")
        )
        while True:
            code = "%06d" % secrets.randbelow(1000000)
            if code not in taken:
                return code

    @api.model
    def _onestop_find_for_check_in(self, desk, code, when=None):
        """The booking of ``code`` at ``desk`` for the day of ``when``, not yet used."""
        when = when or fields.Datetime.now()
        working_time = desk._onestop_hall_working_time()
        day = working_time.local_date(when)
        start = working_time._to_utc(working_time.tz.localize(datetime.combine(day, time.min)))
        return self.sudo().search(
            [
                ("department_id", "=", desk.id),
                ("name", "=", code),
                ("state", "=", "booked"),
                ("slot_start", ">=", start),
                ("slot_start", "<", start + timedelta(days=1)),
            ],
            limit=1,
        )

    @api.model
    def _onestop_find_by_token(self, token):
        booking = self.sudo().search([("token", "=", token)], limit=1)
        if booking and consteq(booking.token, token):
            return booking
        return self.browse()

    def _onestop_check_in(self, when=None):
        """The citizen arrives: a ticket, placed in the queue at the slot's start."""
        self.ensure_one()
        when = when or fields.Datetime.now()
        if self.state != "booked":
            raise UserError(self.env._("This booking was already used or cancelled."))
        working_time = self.department_id._onestop_hall_working_time()
        if working_time.local_date(when) != working_time.local_date(self.slot_start):
            raise UserError(self.env._("Check in on the day of your appointment."))
        ticket = self.env["onestop.ticket"]._onestop_issue(
            self.service_group_id, when=when, partner=self.partner_id, booking=self
        )
        self.sudo().write({"state": "checked_in", "ticket_id": ticket.id})
        return ticket

    def action_cancel(self):
        for booking in self:
            if booking.state != "booked":
                raise UserError(self.env._("Only a booking not yet used can be cancelled."))
        self.write({"state": "cancelled"})
        return True
