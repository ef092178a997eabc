import re

from werkzeug.exceptions import NotFound

from odoo import http
from odoo.http import request

from . import common

TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{20,128}$")
CODE_RE = re.compile(r"^[A-Za-z0-9.\-]{3,64}$")
FACTOR_RE = re.compile(r"^\d{4,12}$")


class OnestopTracking(http.Controller):
    """Public tracking, without login: from the receipt's QR code, or by the dossier's code
    and the last digits of the applicant's phone or ID number."""

    @http.route(
        "/onestop/track/<string:token>",
        type="http",
        auth="public",
        website=True,
        methods=["GET"],
        sitemap=False,
        readonly=True,
    )
    def onestop_track(self, token, **kwargs):
        if not TOKEN_RE.match(token or ""):
            raise NotFound()
        dossier = request.env["onestop.dossier"]._onestop_find_by_tracking_token(token)
        if not dossier:
            raise NotFound()
        return self._onestop_render_tracking(dossier)

    @http.route(
        "/onestop/track",
        type="http",
        auth="public",
        website=True,
        methods=["GET", "POST"],
        sitemap=False,
    )
    def onestop_track_lookup(self, code=None, factor=None, **kwargs):
        if request.httprequest.method == "GET":
            return self._onestop_render_lookup()
        blocked, window = common.throttle_blocked("lookup")
        if blocked:
            return common.too_many(window)
        code = (code or "").strip().upper() if isinstance(code, str) else ""
        factor = re.sub(r"\s", "", factor) if isinstance(factor, str) else ""
        errors = []
        if not CODE_RE.match(code):
            errors.append(request.env._("Enter the dossier code printed on your receipt."))
        if not FACTOR_RE.match(factor):
            errors.append(
                request.env._(
                    "Enter the last 4 digits of the applicant's phone number or ID number."
                )
            )
        if errors:
            return self._onestop_render_lookup(code=code, errors=errors, status=400)
        dossier = request.env["onestop.dossier"]._onestop_lookup(code, factor)
        if not dossier:
            # The same answer for an unknown code and a wrong factor; the failure counts.
            common.throttle_hit("lookup")
            return self._onestop_render_lookup(
                code=code,
                errors=[
                    request.env._(
                        "No dossier matches this code and these digits. Check the code on "
                        "your receipt and the digits, then try again."
                    )
                ],
                status=404,
            )
        return self._onestop_render_tracking(dossier)

    # ------------------------------------------------------------------ helpers
    def _onestop_render_lookup(self, code="", errors=None, status=200):
        return request.render(
            "onestop_portal.tracking_lookup",
            {"code": code, "errors": errors or []},
            status=status,
            headers=common.PRIVATE_HEADERS,
        )

    def _onestop_render_tracking(self, dossier):
        values = dossier._onestop_public_values()
        return request.render(
            "onestop_portal.tracking_page",
            {"dossier_values": values},
            headers=common.PRIVATE_HEADERS,
        )
