import re
from datetime import timezone

import pytz
from werkzeug.exceptions import NotFound

from odoo import http
from odoo.http import request

from odoo.addons.onestop_portal.controllers import common

from ..models.onestop_signer import pades_message
from ..tools import pades

TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{20,128}$")


class OnestopVerify(http.Controller):
    """``/onestop/verify``: anyone uploads a PDF, or follows the QR code of a document the
    agency signed, and learns who signed it, when, whether it was changed after signing and
    whether the agency signed it. Checks are limited per client like the tracking lookup."""

    @http.route(
        "/onestop/verify",
        type="http",
        auth="public",
        website=True,
        methods=["GET", "POST"],
        sitemap=False,
    )
    def onestop_verify(self, **kwargs):
        if request.httprequest.method == "GET":
            return self._onestop_render()
        blocked, window = common.throttle_blocked("verify")
        if blocked:
            return common.too_many(window)
        storage = request.httprequest.files.get("pdf")
        if not storage or not storage.filename:
            return self._onestop_render(
                errors=[request.env._("Choose the PDF file to check.")], status=400
            )
        data = storage.stream.read(pades.MAX_VERIFY_BYTES + 1)
        common.throttle_hit("verify")
        roots, prints = request.env["onestop.signer"].sudo()._onestop_trust()
        report = pades.verify_pdf(data, roots)
        if report.state == pades.ERROR and report.error:
            return self._onestop_render(
                errors=[pades_message(request.env, report.error)], status=400
            )
        return self._onestop_render(report=report, prints=prints)

    @http.route(
        "/onestop/verify/<string:token>",
        type="http",
        auth="public",
        website=True,
        methods=["GET"],
        sitemap=False,
        readonly=True,
    )
    def onestop_verify_token(self, token, **kwargs):
        if not TOKEN_RE.match(token or ""):
            raise NotFound()
        signature = request.env["onestop.signature"]._onestop_find(token)
        if not signature or not signature.attachment_id:
            raise NotFound()
        roots, prints = request.env["onestop.signer"].sudo()._onestop_trust()
        report = pades.verify_pdf(signature.attachment_id.raw, roots)
        return self._onestop_render(report=report, prints=prints, signature=signature)

    # ------------------------------------------------------------------ helpers
    def _onestop_render(self, report=None, prints=(), signature=None, errors=None, status=200):
        env = request.env
        labels = {
            pades.VALID: env._(
                "The signature is valid: the document is unchanged since it was signed."
            ),
            pades.UNTRUSTED: env._(
                "The document is unchanged since it was signed, but the signer's certificate "
                "is not one this agency trusts (unknown authority, or expired)."
            ),
            pades.MODIFIED: env._("The document was changed after it was signed."),
            pades.INVALID: env._("The signature does not match the document: it was altered."),
            pades.UNSIGNED: env._("This PDF carries no digital signature."),
        }
        tz = pytz.timezone("Asia/Ho_Chi_Minh")
        rows = []
        for result in report.signatures if report else []:
            when = result.signing_time
            rows.append(
                {
                    "signer": result.signer or "-",
                    "time": when.astimezone(timezone.utc)
                    .astimezone(tz)
                    .strftime("%H:%M:%S %d/%m/%Y")
                    if when
                    else "-",
                    "intact": result.intact,
                    "unchanged": result.covers_document,
                    "trusted": result.trusted,
                    "agency": result.signer_fingerprint in prints,
                    "state": result.state,
                }
            )
        values = {
            "errors": errors or [],
            "report": report,
            "summary": labels.get(report.state, "") if report else "",
            "rows": rows,
            "signature_label": signature._onestop_label() if signature else "",
            "onestop_nav": "verify",
            "page_title": env._("Check a signed document"),
        }
        return request.render(
            "onestop_digital.verify_page", values, status=status, headers=common.PRIVATE_HEADERS
        )
