import json

from odoo import http
from odoo.http import request

from ..models.onestop_department import BUS_CHANNEL
from .kiosk import find_desk, vietnamese


class OnestopHallScreen(http.Controller):
    """The hall's screen: the numbers called and their counters, the next numbers, the
    waiting counts per service. Updated through the bus (websocket), no polling; it speaks
    each call. Numbers only, no personal data."""

    @http.route(
        "/onestop/hall/<string:desk>",
        type="http",
        auth="public",
        website=True,
        methods=["GET"],
        sitemap=False,
        readonly=True,
    )
    def hall(self, desk, **kwargs):
        vietnamese()
        department = find_desk(desk)
        state = department._onestop_hall_state()
        return request.render(
            "onestop_hall.hall_screen",
            {
                "desk": department,
                "state": state,
                "state_json": json.dumps(state),
                "channel": BUS_CHANNEL % department.id,
                "state_url": "/onestop/hall/%s/state" % (department.code or department.id),
            },
            headers=[("Cache-Control", "no-store")],
        )

    @http.route(
        "/onestop/hall/<string:desk>/state",
        type="http",
        auth="public",
        website=True,
        methods=["GET"],
        sitemap=False,
        readonly=True,
    )
    def hall_state(self, desk, **kwargs):
        """The screen's state once, for a screen whose connection came back."""
        department = find_desk(desk)
        return request.make_json_response(
            department._onestop_hall_state(), headers=[("Cache-Control", "no-store")]
        )
