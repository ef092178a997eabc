from odoo import models
from odoo.http import request

# The public pages of the one-stop shop speak Vietnamese first.
VIETNAMESE_FIRST_PATHS = ("/onestop/track", "/onestop/procedures")


class IrHttp(models.AbstractModel):
    _inherit = "ir.http"

    @classmethod
    def _match(cls, path):
        # A visitor (not logged in) who chose no language (no cookie) reads the public pages
        # in Vietnamese, whatever the browser asks for; the language selector (a language in
        # the address, then the cookie) still switches. Logged-in users keep their language.
        if (
            not hasattr(request, "is_frontend")
            and not request.session.uid
            and path.startswith(VIETNAMESE_FIRST_PATHS)
            and not request.cookies.get("frontend_lang")
            and request.env["res.lang"]._get_data(code="vi_VN").code
        ):
            request.update_context(lang="vi_VN")
        return super()._match(path)
