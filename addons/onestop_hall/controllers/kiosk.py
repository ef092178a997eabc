import re

from werkzeug.exceptions import NotFound
from werkzeug.utils import redirect

from odoo import fields, http
from odoo.http import request

from odoo.addons.onestop_portal.controllers import common

from ..models.onestop_ticket import PRIORITIES

TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{20,64}$")
DESK_RE = re.compile(r"^[A-Za-z0-9.]{1,40}$")


def vietnamese():
    """Pages in the hall speak Vietnamese, whoever the visitor is."""
    if request.env["res.lang"]._lang_get("vi_VN"):
        request.update_context(lang="vi_VN")


def find_desk(desk):
    if not DESK_RE.match(desk or "") or (desk.isdigit() and int(desk) > common.MAX_ID):
        raise NotFound()
    department = request.env["onestop.department"].sudo()._onestop_hall_desk(desk)
    if not department:
        raise NotFound()
    return department.with_context(lang=request.env.lang)


class OnestopKiosk(http.Controller):
    """The kiosk in the hall: pick a service, get a numbered ticket to print (80 mm), with a
    QR code to its status page. Public; limited per client like the tracking page."""

    @http.route(
        "/onestop/kiosk/<string:desk>",
        type="http",
        auth="public",
        website=True,
        methods=["GET"],
        sitemap=False,
    )
    def kiosk(self, desk, **kwargs):
        vietnamese()
        department = find_desk(desk)
        return self._render_kiosk(department)

    @http.route(
        "/onestop/kiosk/<string:desk>/ticket",
        type="http",
        auth="public",
        website=True,
        methods=["POST"],
        sitemap=False,
    )
    def kiosk_ticket(self, desk, service_id=None, priority="none", **kwargs):
        vietnamese()
        department = find_desk(desk)
        blocked, window = common.throttle_blocked("kiosk")
        if blocked:
            return common.too_many(window)
        is_open, _opens_at = department._onestop_hall_open()
        if not is_open:
            return self._render_kiosk(department, status=409)
        service = request.env["onestop.hall.service"].sudo().browse(common.parse_id(service_id))
        if not service.exists() or service.department_id != department or not service.active:
            return common.bad_request(
                request.env._("Choose one of the services on the screen."),
                back_url="/onestop/kiosk/%s" % desk,
            )
        if priority not in dict(PRIORITIES):
            return common.bad_request(
                request.env._("Choose a priority category on the screen, or none."),
                back_url="/onestop/kiosk/%s" % desk,
            )
        ticket = request.env["onestop.ticket"].sudo()._onestop_issue(service, priority=priority)
        common.throttle_hit("kiosk")
        return redirect("/onestop/ticket/%s?print=1" % ticket.token, code=303)

    @http.route(
        "/onestop/ticket/<string:token>",
        type="http",
        auth="public",
        website=True,
        methods=["GET"],
        sitemap=False,
        readonly=True,
    )
    def ticket(self, token, print=None, **kwargs):  # pylint: disable=redefined-builtin
        """The ticket's status page (its QR code): position and expected wait; with
        ``print=1``, the 80 mm layout the kiosk prints."""
        vietnamese()
        if not TOKEN_RE.match(token or ""):
            raise NotFound()
        ticket = request.env["onestop.ticket"].sudo()._onestop_find_by_token(token)
        if not ticket:
            raise NotFound()
        values = ticket.with_context(lang=request.env.lang)._onestop_public_values()
        template = "onestop_hall.ticket_print" if print else "onestop_hall.ticket_status"
        return request.render(template, values, headers=common.PRIVATE_HEADERS)

    @http.route(
        "/onestop/kiosk/<string:desk>/checkin",
        type="http",
        auth="public",
        website=True,
        methods=["POST"],
        sitemap=False,
    )
    def kiosk_checkin(self, desk, code=None, **kwargs):
        """A citizen with an online booking types its code: a ticket placed at the slot."""
        vietnamese()
        department = find_desk(desk)
        blocked, window = common.throttle_blocked("kiosk")
        if blocked:
            return common.too_many(window)
        is_open, _opens_at = department._onestop_hall_open()
        if not is_open:
            return self._render_kiosk(department, status=409)
        code = re.sub(r"\s", "", code) if isinstance(code, str) else ""
        common.throttle_hit("kiosk")
        booking = request.env["onestop.hall.booking"].sudo().browse()
        if re.match(r"^\d{6}$", code):
            booking = booking._onestop_find_for_check_in(department, code)
        if not booking:
            return common.message_page(
                404,
                request.env._("No appointment today with this code"),
                request.env._(
                    "Check the 6-digit code of your booking, or take a number for the service."
                ),
                back_url="/onestop/kiosk/%s" % desk,
            )
        ticket = booking._onestop_check_in()
        return redirect("/onestop/ticket/%s?print=1" % ticket.token, code=303)

    # ------------------------------------------------------------------ helpers
    def _render_kiosk(self, department, status=200):
        is_open, opens_at = department._onestop_hall_open()
        values = {
            "desk": department,
            "desk_key": department.code or department.id,
            "is_open": is_open,
            "opens_at": department._onestop_hall_format(opens_at) if opens_at else False,
            "services": department.hall_service_ids.filtered("active"),
            "priorities": [p for p in PRIORITIES if p[0] != "none"],
            "priority_labels": dict(
                request.env["onestop.ticket"]
                ._fields["priority"]
                ._description_selection(request.env)
            ),
            "now": fields.Datetime.now(),
        }
        return request.render(
            "onestop_hall.kiosk_page", values, status=status, headers=common.PRIVATE_HEADERS
        )
