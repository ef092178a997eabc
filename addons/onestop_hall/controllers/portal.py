from werkzeug.exceptions import NotFound
from werkzeug.utils import redirect

from odoo import fields, http
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import request

from odoo.addons.onestop_portal.controllers import common
from odoo.addons.onestop_portal.controllers.portal import OnestopCustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager

BOOKINGS_PER_PAGE = 20


class OnestopHallPortal(OnestopCustomerPortal):
    """``/my/bookings``: the citizen's appointments at the desks (their own only, by the
    bookings' record rule), with the code for the kiosk and the cancellation of a booking
    ahead."""

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "hall_booking_count" in counters:
            Booking = request.env["onestop.hall.booking"]
            values["hall_booking_count"] = (
                Booking.search_count(self._onestop_my_bookings_domain())
                if Booking.has_access("read")
                else 0
            )
        return values

    def _onestop_my_bookings_domain(self):
        """The user's own bookings (an officer's rules reach the desk's: /my shows only
        theirs as a citizen)."""
        return [("partner_id", "=", request.env.user.partner_id.id)]

    @http.route(
        ["/my/bookings", "/my/bookings/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
        methods=["GET"],
    )
    def portal_my_bookings(self, page=1, **kw):
        Booking = request.env["onestop.hall.booking"]
        if not Booking.has_access("read"):
            return request.redirect("/my")
        # The record rule keeps the citizen to their own bookings (the domain, an officer).
        domain = self._onestop_my_bookings_domain()
        total = Booking.search_count(domain)
        pager = portal_pager(
            url="/my/bookings",
            total=total,
            page=page if 0 < page <= common.MAX_ID else 1,
            step=BOOKINGS_PER_PAGE,
        )
        bookings = Booking.search(domain, limit=BOOKINGS_PER_PAGE, offset=pager["offset"])
        now = fields.Datetime.now()
        rows = [
            {
                "booking": booking,
                "slot": booking.department_id._onestop_hall_format(booking.slot_start),
                "url": booking._onestop_view_url(),
                "can_cancel": booking._onestop_can_cancel(when=now),
            }
            for booking in bookings.sudo()
        ]
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "rows": rows,
                "page_name": "onestop_bookings",
                "default_url": "/my/bookings",
                "pager": pager,
                "total": total,
            }
        )
        return request.render(
            "onestop_hall.portal_my_bookings", values, headers=common.PRIVATE_HEADERS
        )

    @http.route(
        "/my/bookings/<int:booking_id>/cancel",
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def portal_my_booking_cancel(self, booking_id, **kw):
        if not 0 < booking_id <= common.MAX_ID:
            raise NotFound()
        booking = request.env["onestop.hall.booking"].browse(booking_id)
        try:
            booking.check_access("read")
            booking.read(["state"])
        except (AccessError, MissingError) as error:
            raise NotFound() from error
        if booking.sudo().partner_id != request.env.user.partner_id:
            raise NotFound()
        try:
            booking.sudo()._onestop_citizen_cancel()
        except UserError as error:
            return common.message_page(
                409,
                request.env._("The booking cannot be cancelled"),
                str(error),
                back_url="/my/bookings",
            )
        return redirect("/my/bookings", code=303)
