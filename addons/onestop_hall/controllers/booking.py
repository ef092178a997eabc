from datetime import timedelta

from werkzeug.exceptions import NotFound
from werkzeug.utils import redirect

from odoo import fields, http
from odoo.exceptions import UserError
from odoo.http import request

from odoo.addons.onestop_portal.controllers import common

from .kiosk import TOKEN_RE, find_desk

# How many working days ahead a citizen may book.
BOOKING_DAYS = 5


class OnestopBooking(http.Controller):
    """Online booking: a slot in the desk's working sessions for one of its services (the
    catalogue's procedure pages link here); logged-in citizens book, the ticket is issued
    at check-in on the kiosk with the booking code."""

    @http.route(
        "/onestop/booking/<string:desk>",
        type="http",
        auth="public",
        website=True,
        methods=["GET", "POST"],
        sitemap=False,
    )
    def booking(self, desk, service=None, slot=None, **kwargs):
        department = find_desk(desk)
        services = department.hall_service_ids.filtered(lambda s: s.active and s.slot_capacity)
        chosen = services.filtered(lambda s: s.id == common.parse_id(service))[:1]
        if request.httprequest.method == "POST":
            if request.env.user._is_public():
                return redirect(
                    "/web/login?redirect=/onestop/booking/%s?service=%s"
                    % (department.code or department.id, chosen.id or ""),
                    code=303,
                )
            blocked, window = common.throttle_blocked("booking")
            if blocked:
                return common.too_many(window)
            try:
                slot_start = fields.Datetime.to_datetime(slot)
            except (TypeError, ValueError):
                slot_start = None
            now = fields.Datetime.now()
            if slot_start and not now - timedelta(days=1) < slot_start < now + timedelta(days=400):
                slot_start = None
            if not chosen or not slot_start:
                return common.bad_request(
                    request.env._("Choose a service and one of its free slots."),
                    back_url="/onestop/booking/%s" % desk,
                )
            try:
                booking = (
                    request.env["onestop.hall.booking"]
                    .sudo()
                    ._onestop_book(chosen, slot_start, request.env.user.partner_id)
                )
            except UserError as error:
                return common.message_page(
                    409,
                    request.env._("The slot cannot be booked"),
                    str(error),
                    back_url="/onestop/booking/%s?service=%s" % (desk, chosen.id),
                )
            common.throttle_hit("booking")
            return redirect("/onestop/booking/view/%s" % booking.token, code=303)
        return request.render(
            "onestop_hall.booking_page",
            {
                "desk": department,
                "desk_key": department.code or department.id,
                "services": services,
                "service": chosen,
                "days": self._days(department, chosen) if chosen else [],
                "cutoff": self._cutoff_label(chosen) if chosen else False,
                "logged_in": not request.env.user._is_public(),
            },
            headers=common.PRIVATE_HEADERS,
        )

    @http.route(
        "/onestop/booking/view/<string:token>",
        type="http",
        auth="public",
        website=True,
        methods=["GET"],
        sitemap=False,
        readonly=True,
    )
    def booking_view(self, token, **kwargs):
        if not TOKEN_RE.match(token or ""):
            raise NotFound()
        booking = request.env["onestop.hall.booking"].sudo()._onestop_find_by_token(token)
        if not booking:
            raise NotFound()
        desk = booking.department_id
        return request.render(
            "onestop_hall.booking_view",
            {
                "booking": booking,
                "slot": desk._onestop_hall_format(booking.slot_start),
                "desk_name": desk.name,
                "qr": booking._onestop_qr(),
                "logged_in": not request.env.user._is_public(),
            },
            headers=common.PRIVATE_HEADERS,
        )

    # ------------------------------------------------------------------ helpers
    def _days(self, department, service):
        """The next working days with their free slots: ``[(date label, [(value, time
        label, free)])]``."""
        Booking = request.env["onestop.hall.booking"].sudo()
        working_time = department._onestop_hall_working_time()
        now = fields.Datetime.now()
        day = working_time.local_date(now)
        days = []
        for _index in range(60):
            if len(days) >= BOOKING_DAYS:
                break
            slots = Booking._onestop_slots(service, day, when=now)
            if slots:
                days.append(
                    (
                        day.strftime("%d/%m/%Y"),
                        [
                            (
                                fields.Datetime.to_string(start),
                                working_time._to_local(start).strftime("%H:%M"),
                                free,
                            )
                            for start, _end, free in slots
                        ],
                    )
                )
            day += timedelta(days=1)
        return days

    def _cutoff_label(self, service):
        """The service's afternoon cutoff as the desk's clock shows it (15:00), or False."""
        cutoff = service.sudo()._onestop_cutoff_hour()
        if cutoff is None or cutoff >= 24:
            return False
        minutes = round(cutoff * 60)
        return "%02d:%02d" % (minutes // 60, minutes % 60)
