from werkzeug.exceptions import BadRequest

from odoo import models
from odoo.http import request

# The public pages of the one-stop shop (tracking, catalogue, verification, the hall's
# kiosk, screen and tickets) speak Vietnamese first.
VIETNAMESE_FIRST_PATHS = ("/onestop/",)


class IrHttp(models.AbstractModel):
    _inherit = "ir.http"

    @classmethod
    def _get_translation_frontend_modules_name(cls):
        # The chatter of a dossier's portal page is mail's thread and composer: their terms
        # ("The conversation is empty.", "Attach files"...) are mail's, which the frontend
        # does not load by itself (only web's and portal's).
        return [*super()._get_translation_frontend_modules_name(), "mail"]

    @classmethod
    def _match(cls, path):
        # A visitor (not logged in) who chose no other language (no cookie, or Vietnamese)
        # reads the public pages in Vietnamese, whatever the browser asks for; the language
        # selector (a language in the address, then the cookie) still switches. Logged-in
        # users keep their language. Vietnamese is then this request's default language, so
        # that the page answers at its own address (the one in the receipt's QR code) rather
        # than redirecting to /vi/... when the database's default language is another one.
        if (
            not hasattr(request, "is_frontend")
            and not request.session.uid
            and path.startswith(VIETNAMESE_FIRST_PATHS)
            and request.cookies.get("frontend_lang", "vi_VN") == "vi_VN"
            and request.env["res.lang"]._get_data(code="vi_VN").code
        ):
            request.update_context(lang="vi_VN")
            request.onestop_vietnamese_first = True
        return super()._match(path)

    @classmethod
    def _get_default_lang(cls):
        if getattr(request, "onestop_vietnamese_first", False):
            return request.env["res.lang"]._get_data(code="vi_VN")
        return super()._get_default_lang()

    @classmethod
    def _pre_dispatch(cls, rule, args):
        res = super()._pre_dispatch(rule, args)
        # No text of a form or an address of the OneStop pages holds a NUL character, which
        # PostgreSQL refuses: such a request is malformed (400), not a server error.
        endpoint = getattr(rule.endpoint, "original_endpoint", rule.endpoint)
        if (
            getattr(endpoint, "__module__", "").startswith("odoo.addons.onestop_")
            and rule.endpoint.routing.get("type") == "http"
            and any(
                isinstance(value, str) and "\x00" in value
                for value in (*request.get_http_params().values(), *args.values())
            )
        ):
            raise BadRequest()
        return res
