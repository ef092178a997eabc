from werkzeug.exceptions import NotFound

from odoo import http
from odoo.exceptions import AccessError, MissingError
from odoo.http import request

from odoo.addons.onestop_portal.controllers import common
from odoo.addons.onestop_portal.controllers.portal import OnestopCustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager

DOCUMENTS_PER_PAGE = 20


class OnestopDigitalPortal(OnestopCustomerPortal):
    """``/my/documents``: the citizen's store of digitised documents (their own and their
    business's), and the download of each, under the store's record rule only."""

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "citizen_document_count" in counters:
            Stored = request.env["onestop.citizen.document"]
            values["citizen_document_count"] = (
                Stored.search_count([]) if Stored.has_access("read") else 0
            )
        return values

    @http.route(
        ["/my/documents", "/my/documents/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
        methods=["GET"],
    )
    def portal_my_documents(self, page=1, **kw):
        Stored = request.env["onestop.citizen.document"]
        if not Stored.has_access("read"):
            return request.redirect("/my")
        # The record rule keeps the citizen to their own documents and their business's.
        total = Stored.search_count([])
        pager = portal_pager(
            url="/my/documents",
            total=total,
            page=page if 0 < page <= common.MAX_ID else 1,
            step=DOCUMENTS_PER_PAGE,
        )
        documents = Stored.search([], limit=DOCUMENTS_PER_PAGE, offset=pager["offset"])
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "documents": documents.sudo(),
                "page_name": "onestop_documents",
                "default_url": "/my/documents",
                "pager": pager,
                "total": total,
            }
        )
        return request.render(
            "onestop_digital.portal_my_documents", values, headers=common.PRIVATE_HEADERS
        )

    @http.route(
        "/my/documents/<int:document_id>/download",
        type="http",
        auth="user",
        website=True,
        methods=["GET"],
    )
    def portal_my_document_download(self, document_id, **kw):
        if not 0 < document_id <= common.MAX_ID:
            raise NotFound()
        document = request.env["onestop.citizen.document"].browse(document_id)
        try:
            document.check_access("read")
            document.read(["name"])
        except (AccessError, MissingError) as error:
            raise NotFound() from error
        stream = request.env["ir.binary"]._get_stream_from(
            document.sudo(), "file", filename=document.sudo().filename or document.sudo().name
        )
        response = stream.get_response(as_attachment=True)
        response.headers["X-Content-Type-Options"] = "nosniff"
        for name, value in common.PRIVATE_HEADERS:
            response.headers[name] = value
        return response

    # ------------------------------------------------------------------ online submission
    def _onestop_reuse_offers(self, procedure):
        """``{procedure document: stored documents}``: for each document of the procedure
        that names a kind, the logged-in citizen's (and their business's) valid stored
        documents of that kind, as the desk offers them (sudo, found by owner)."""
        partner = request.env.user.partner_id
        Stored = request.env["onestop.citizen.document"].sudo()
        offers = {}
        for document in procedure.document_ids.filtered("kind_id"):
            found = Stored.search(Stored._onestop_reusable_domain(partner, document.kind_id))
            if found:
                offers[document] = found
        return offers

    def _onestop_submission_values(self, procedure, form):
        values = super()._onestop_submission_values(procedure, form)
        values["reuse_offers"] = {
            document.id: stored
            for document, stored in self._onestop_reuse_offers(procedure).items()
        }
        return values

    def _onestop_read_submission(self, procedure, kw):
        """The choices ``reuse_<procedure document id>`` (a stored document's id): only a
        document offered to this citizen for this line is accepted; anything else is an
        error of the form, and no dossier is made."""
        form, errors = super()._onestop_read_submission(procedure, kw)
        offers = self._onestop_reuse_offers(procedure)
        reused = {}
        for document in procedure.document_ids:
            value = kw.get("reuse_%s" % document.id)
            if value in (None, "", "0"):
                continue
            stored_id = common.parse_id(value)
            stored = offers.get(document, request.env["onestop.citizen.document"]).filtered(
                lambda s, stored_id=stored_id: s.id == stored_id
            )
            if not stored:
                errors.append(
                    request.env._(
                        "The document chosen to reuse for %(document)s is not one of your valid "
                        "digitised documents of this kind: choose another or attach a file.",
                        document=document.name,
                    )
                )
                continue
            reused[document] = stored
        form["reuse"] = {document.id: stored.id for document, stored in reused.items()}
        form["reused_documents"] = reused
        form["provided_documents"] = request.env["onestop.procedure.document"].sudo().union(*reused)
        return form, errors

    def _onestop_submission_dossier_values(self, procedure, form):
        values = super()._onestop_submission_dossier_values(procedure, form)
        values["reused_documents"] = form.get("reused_documents") or {}
        return values
