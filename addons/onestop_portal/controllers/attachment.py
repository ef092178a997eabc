from werkzeug.exceptions import BadRequest

from odoo import http
from odoo.exceptions import UserError
from odoo.http import request

from odoo.addons.portal.controllers.attachment import PortalAttachmentController


class OnestopAttachmentController(PortalAttachmentController):
    """The portal chatter of a dossier takes the same files as the portal's forms: a citizen
    (or a visitor with the dossier's link) uploads PDF, JPG, PNG or DOCX within the size
    limit, checked by content, under a cleaned name."""

    @http.route()
    def mail_attachment_upload(
        self, ufile=None, thread_id=None, thread_model=None, is_pending=False, **kwargs
    ):
        if not (ufile and thread_id and thread_model):
            # A request without the form (e.g. OPTIONS, which skips the CSRF check): 400.
            raise BadRequest()
        if thread_model == "onestop.dossier" and not request.env.user._is_internal():
            Dossier = request.env["onestop.dossier"]
            data = ufile.stream.read(Dossier._onestop_upload_max_bytes() + 1)
            try:
                [(name, _mimetype, _data)] = Dossier._onestop_check_uploads(
                    [(ufile.filename, data)]
                )
            except UserError as error:
                return request.make_json_response({"error": error.args[0]})
            ufile.stream.seek(0)
            ufile.filename = name
        return super().mail_attachment_upload(
            ufile, thread_id, thread_model, is_pending=is_pending, **kwargs
        )
