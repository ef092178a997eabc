import base64
import secrets
from datetime import datetime, time, timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import consteq
from odoo.tools.image import image_data_uri

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
        free)]`` in naive UTC, cut from the desk's working sessions (the working-day engine:
        none on weekends and holidays, a make-up day has its weekday's sessions), only those
        starting after ``when`` and before the afternoon cutoff.

        The cutoff: a dossier received at or after its procedure's cutoff hour counts from
        the next working day (``WorkingTime.start_point()``, as ``_receive()`` applies it).
        A Vietnamese centre does not give an appointment at which the citizen's dossier
        cannot be received that day, so a slot whose reception would count from a later
        working day is not offered; for a group of several procedures the earliest cutoff
        applies (``onestop.hall.service._onestop_cutoff_hour()``). Walk-ins after the cutoff
        still get a ticket at the kiosk."""
        when = when or fields.Datetime.now()
        service = service.sudo()
        working_time = service.department_id._onestop_hall_working_time()
        cutoff = service._onestop_cutoff_hour()
        slots = []
        for start, end in working_time.sessions(day):
            cursor = start
            while cursor + timedelta(minutes=SLOT_MINUTES) <= end:
                slot_start = working_time._to_utc(cursor)
                slot_end = working_time._to_utc(cursor + timedelta(minutes=SLOT_MINUTES))
                received_today = cutoff is None or working_time.local_date(
                    working_time.start_point(slot_start, cutoff)
                ) == working_time.local_date(slot_start)
                if slot_start > when and received_today:
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

    def _onestop_can_cancel(self, when=None):
        """Whether the citizen may still cancel: booked, and the slot not yet begun."""
        self.ensure_one()
        when = when or fields.Datetime.now()
        return self.state == "booked" and self.slot_start > when

    def _onestop_citizen_cancel(self, when=None):
        """The citizen cancels a booking ahead (no rights checks: the portal checks the
        record rule first); the slot's place is free again, as the slots count only the
        bookings not cancelled."""
        when = when or fields.Datetime.now()
        for booking in self:
            if not booking._onestop_can_cancel(when=when):
                raise UserError(
                    self.env._(
                        "Only a booking not yet used, whose time is ahead, can be cancelled."
                    )
                )
        self.sudo().write({"state": "cancelled"})
        return True

    def _onestop_view_url(self):
        """The booking's page (its code for the kiosk), reached by its token."""
        self.ensure_one()
        return "/onestop/booking/view/%s" % self.sudo().token

    def _onestop_qr(self):
        """The QR code of the booking's page, as a PNG data URI."""
        self.ensure_one()
        png = self.env["ir.actions.report"].barcode(
            "QR",
            self.get_base_url() + self._onestop_view_url(),
            width=240,
            height=240,
            quiet=0,
            barLevel="M",
        )
        return image_data_uri(base64.b64encode(png))
