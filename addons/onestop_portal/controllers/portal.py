import re
import secrets

import psycopg2
from werkzeug.exceptions import NotFound

from odoo import http
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.http import request
from odoo.tools import str2bool

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager

from ..models.onestop_dossier import PORTAL_DONE_STATES, PORTAL_OPEN_STATES
from . import common

KEY_RE = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
DOSSIERS_PER_PAGE = 20
RETURN_METHODS = ("desk", "postal", "online")


class OnestopCustomerPortal(CustomerPortal):
    """The citizens' portal: their dossiers (list, detail, receipt, files, messages),
    supplements, ratings and online submission. Every route that names a dossier goes
    through ``_document_check_access``: the applicant (record rules) or the holder of the
    dossier's access token, nobody else."""

    # ------------------------------------------------------------------ home
    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "dossier_count" in counters:
            Dossier = request.env["onestop.dossier"]
            values["dossier_count"] = (
                Dossier.search_count(self._onestop_my_domain()) if Dossier.has_access("read") else 0
            )
        return values

    def _onestop_my_domain(self):
        partner = request.env.user.partner_id
        partners = partner | partner.commercial_partner_id
        return [("partner_id", "in", partners.ids), ("parent_id", "=", False)]

    def _onestop_searchbar_sortings(self):
        return {
            "date": {"label": request.env._("Newest"), "order": "create_date desc, id desc"},
            "due": {"label": request.env._("Appointment date"), "order": "due_date, id desc"},
            "code": {"label": request.env._("Code"), "order": "name, id"},
            "state": {"label": request.env._("Status"), "order": "state, id desc"},
        }

    def _onestop_searchbar_filters(self):
        return {
            "all": {"label": request.env._("All"), "domain": []},
            "open": {
                "label": request.env._("In progress"),
                "domain": [
                    ("state", "in", PORTAL_OPEN_STATES),
                    ("applicant_action_required", "=", False),
                ],
            },
            "waiting": {
                "label": request.env._("Waiting for me"),
                "domain": [("applicant_action_required", "=", True)],
            },
            "done": {
                "label": request.env._("Done"),
                "domain": [("state", "in", PORTAL_DONE_STATES)],
            },
        }

    # ------------------------------------------------------------------ list
    @http.route(
        ["/my/dossiers", "/my/dossiers/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
        methods=["GET"],
    )
    def portal_my_dossiers(self, page=1, sortby=None, filterby=None, search=None, **kw):
        Dossier = request.env["onestop.dossier"]
        if not Dossier.has_access("read"):
            return request.redirect("/my")
        sortings = self._onestop_searchbar_sortings()
        filters = self._onestop_searchbar_filters()
        sortby = sortby if sortby in sortings else "date"
        filterby = filterby if filterby in filters else "all"
        search = (search or "").strip()[:100] if isinstance(search, str) else ""
        domain = self._onestop_my_domain() + filters[filterby]["domain"]
        if search:
            procedures = (
                request.env["onestop.procedure"]
                .sudo()
                .with_context(active_test=False)
                .search([("name", "ilike", search)])
            )
            domain += ["|", ("name", "ilike", search), ("procedure_id", "in", procedures.ids)]
        total = Dossier.search_count(domain)
        pager = portal_pager(
            url="/my/dossiers",
            url_args={
                key: value
                for key, value in (("sortby", sortby), ("filterby", filterby), ("search", search))
                if value
            },
            total=total,
            page=page if 0 < page <= common.MAX_ID else 1,
            step=DOSSIERS_PER_PAGE,
        )
        dossiers = Dossier.search(
            domain, order=sortings[sortby]["order"], limit=DOSSIERS_PER_PAGE, offset=pager["offset"]
        )
        request.session["my_dossiers_history"] = dossiers.ids[:100]
        values = self._prepare_portal_layout_values()
        values.update(
            {
                # Found with the citizen's rights: read for display with sudo.
                "dossiers": dossiers.sudo(),
                "page_name": "onestop_dossiers",
                "default_url": "/my/dossiers",
                "pager": pager,
                "searchbar_sortings": sortings,
                "sortby": sortby,
                "searchbar_filters": filters,
                "filterby": filterby,
                "search": search,
                "searchbar_inputs": False,
                "total": total,
            }
        )
        return request.render("onestop_portal.portal_my_dossiers", values)

    # ------------------------------------------------------------------ detail
    def _onestop_check_dossier(self, dossier_id, access_token=None):
        """The dossier, sudo, when the visitor is its applicant or has its token; a 404
        otherwise (an unknown id and someone else's dossier look the same)."""
        if not isinstance(dossier_id, int) or not 0 < dossier_id <= common.MAX_ID:
            raise NotFound()
        if access_token is not None and not isinstance(access_token, str):
            raise NotFound()
        try:
            dossier_sudo = self._document_check_access(
                "onestop.dossier", dossier_id, access_token or None
            )
        except (AccessError, MissingError) as error:
            raise NotFound() from error
        if dossier_sudo.parent_id:
            raise NotFound()
        return dossier_sudo

    def _onestop_public_redirect(self, dossier_id, access_token):
        """A visitor who is not logged in and has no token is asked to log in."""
        if request.env.user._is_public() and not access_token:
            return request.redirect("/web/login?redirect=/my/dossiers/%s" % dossier_id)
        return None

    def _onestop_url(self, dossier_sudo, access_token=None, **params):
        query = dict(params)
        if access_token:
            query["access_token"] = access_token
        url = "/my/dossiers/%s" % dossier_sudo.id
        if query:
            url += "?" + "&".join("%s=%s" % (k, v) for k, v in query.items())
        return url

    def _onestop_dossier_page(self, dossier_sudo, access_token=None, status=200, **kw):
        values = {
            "dossier": dossier_sudo,
            "page_name": "onestop_dossier",
            "timeline": dossier_sudo._onestop_timeline(),
            "progress": dossier_sudo._onestop_progress(),
            "attachments": dossier_sudo._onestop_portal_attachments(),
            "levels": dict(
                request.env["onestop.dossier.rating"]
                ._fields["overall"]
                ._description_selection(request.env)
            ),
            "errors": kw.get("errors") or [],
            "notice": kw.get("notice"),
            "max_mb": "%g" % round(dossier_sudo._onestop_upload_max_bytes() / 1024 / 1024, 1),
            "rating": dossier_sudo.rating_ids[:1],
            "portal_url": self._onestop_url(dossier_sudo, access_token),
            "token_query": ("?access_token=%s" % access_token) if access_token else "",
        }
        values = self._get_page_view_values(
            dossier_sudo, access_token, values, "my_dossiers_history", False
        )
        return request.render(
            "onestop_portal.portal_my_dossier",
            values,
            status=status,
            headers=common.PRIVATE_HEADERS,
        )

    @http.route(
        "/my/dossiers/<int:dossier_id>",
        type="http",
        auth="public",
        website=True,
        methods=["GET"],
    )
    def portal_my_dossier(
        self, dossier_id, access_token=None, submitted=None, sent=None, rated=None, **kw
    ):
        redirect = self._onestop_public_redirect(dossier_id, access_token)
        if redirect:
            return redirect
        dossier_sudo = self._onestop_check_dossier(dossier_id, access_token)
        notice = None
        if submitted:
            notice = request.env._(
                "Your dossier has been submitted. The desk checks it and gives it a code and "
                "an appointment date; you will be told by email."
            )
        elif sent:
            notice = request.env._("Your documents have been sent to the desk. Thank you.")
        elif rated:
            notice = request.env._("Thank you for rating the service.")
        return self._onestop_dossier_page(dossier_sudo, access_token, notice=notice)

    # ------------------------------------------------------------------ downloads
    @http.route(
        "/my/dossiers/<int:dossier_id>/receipt",
        type="http",
        auth="public",
        website=True,
        methods=["GET"],
    )
    def portal_my_dossier_receipt(self, dossier_id, access_token=None, download=None, **kw):
        redirect = self._onestop_public_redirect(dossier_id, access_token)
        if redirect:
            return redirect
        dossier_sudo = self._onestop_check_dossier(dossier_id, access_token)
        if not dossier_sudo.received_date:
            raise NotFound()
        return self._show_report(
            model=dossier_sudo,
            report_type="pdf",
            report_ref="onestop_portal.action_report_form_receipt",
            download=str2bool(download or "1", True),
        )

    @http.route(
        "/my/dossiers/<int:dossier_id>/files/<int:attachment_id>",
        type="http",
        auth="public",
        website=True,
        methods=["GET"],
    )
    def portal_my_dossier_file(self, dossier_id, attachment_id, access_token=None, **kw):
        redirect = self._onestop_public_redirect(dossier_id, access_token)
        if redirect:
            return redirect
        dossier_sudo = self._onestop_check_dossier(dossier_id, access_token)
        attachment = dossier_sudo._onestop_portal_attachments().filtered(
            lambda a: a.id == attachment_id
        )
        if not attachment:
            raise NotFound()
        stream = request.env["ir.binary"]._get_stream_from(attachment)
        response = stream.get_response(as_attachment=True)
        response.headers["X-Content-Type-Options"] = "nosniff"
        return response

    # ------------------------------------------------------------------ supplement
    @http.route(
        "/my/dossiers/<int:dossier_id>/supplement",
        type="http",
        auth="public",
        website=True,
        methods=["POST"],
    )
    def portal_my_dossier_supplement(self, dossier_id, access_token=None, **kw):
        redirect = self._onestop_public_redirect(dossier_id, access_token)
        if redirect:
            return redirect
        dossier_sudo = self._onestop_check_dossier(dossier_id, access_token)
        if not dossier_sudo.applicant_action_required:
            return common.bad_request(
                request.env._("This dossier is not waiting for documents."),
                self._onestop_url(dossier_sudo, access_token),
            )
        Dossier = request.env["onestop.dossier"]
        lines = dossier_sudo.document_line_ids
        names = {"line_%s" % line.id: line for line in lines}
        names["other"] = lines.browse()
        author = request.env.user.partner_id
        if request.env.user._is_public() or author not in (
            dossier_sudo.partner_id | dossier_sudo.partner_id.child_ids
        ):
            author = dossier_sudo.partner_id
        try:
            raw = common.read_uploads(list(names), Dossier._onestop_upload_max_bytes())
        except ValueError:
            return self._onestop_dossier_page(
                dossier_sudo,
                access_token,
                status=400,
                errors=[request.env._("Too many files at once: send at most 10 per document.")],
            )
        try:
            with request.env.cr.savepoint():
                by_line = {}
                for name, files in raw.items():
                    if files:
                        checked = Dossier._onestop_check_uploads(files)
                        by_line[names[name]] = by_line.get(names[name], []) + checked
                dossier_sudo._onestop_portal_supplement(by_line, author)
        except UserError as error:
            return self._onestop_dossier_page(
                dossier_sudo, access_token, status=400, errors=error.args[0].split("\n")
            )
        return request.redirect(self._onestop_url(dossier_sudo, access_token, sent=1), code=303)

    # ------------------------------------------------------------------ rating
    @http.route(
        "/my/dossiers/<int:dossier_id>/rating",
        type="http",
        auth="public",
        website=True,
        methods=["POST"],
    )
    def portal_my_dossier_rating(self, dossier_id, access_token=None, **kw):
        redirect = self._onestop_public_redirect(dossier_id, access_token)
        if redirect:
            return redirect
        dossier_sudo = self._onestop_check_dossier(dossier_id, access_token)
        blocked, window = common.throttle_blocked("rating")
        if blocked:
            return common.too_many(window)
        logged_owner = not request.env.user._is_public() and dossier_sudo.with_user(
            request.env.user
        ).has_access("read")
        values = {
            key: kw.get(key) if isinstance(kw.get(key), str) else None
            for key in ("overall", "on_time", "attitude", "visits", "comment")
        }
        try:
            with request.env.cr.savepoint():
                dossier_sudo._onestop_rate(values, "portal" if logged_owner else "link")
        except UserError as error:
            return self._onestop_dossier_page(
                dossier_sudo, access_token, status=400, errors=[error.args[0]]
            )
        common.throttle_hit("rating")
        return request.redirect(self._onestop_url(dossier_sudo, access_token, rated=1), code=303)

    # ------------------------------------------------------------------ online submission
    def _onestop_online_procedure(self, procedure_id):
        if not isinstance(procedure_id, int) or not 0 < procedure_id <= common.MAX_ID:
            raise NotFound()
        Procedure = request.env["onestop.procedure"].sudo()
        procedure = Procedure.search(
            Procedure._onestop_online_domain() + [("id", "=", procedure_id)]
        )
        if not procedure:
            raise NotFound()
        return procedure

    def _onestop_submission_page(self, procedure, key, form=None, errors=None, status=200):
        partner = request.env.user.partner_id
        form = form or {
            "id_number": partner.onestop_id_number or "",
            "phone": partner.phone or partner.mobile or "",
            "email": partner.email or "",
            "street": partner._onestop_address_line(),
            "department_id": procedure.receiving_department_ids[:1].id,
            "return_method": "desk",
            "return_address": "",
            "note": "",
        }
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "procedure": procedure,
                "partner": partner,
                "key": key,
                "form": form,
                "errors": errors or [],
                "page_name": "onestop_submit",
                "departments": procedure.receiving_department_ids.sorted("name"),
                "max_mb": "%g"
                % round(
                    request.env["onestop.dossier"]._onestop_upload_max_bytes() / 1024 / 1024, 1
                ),
            }
        )
        values.update(self._onestop_submission_values(procedure, form))
        return request.render(
            "onestop_portal.submission_form", values, status=status, headers=common.PRIVATE_HEADERS
        )

    def _onestop_submission_values(self, procedure, form):
        """Hook: more values for the submission page (another addon offers more choices
        than the upload, e.g. a document kept from an earlier dossier)."""
        return {}

    def _onestop_submission_dossier_values(self, procedure, form):
        """The values of the form given to ``onestop.dossier._onestop_portal_submit``.
        ``provided_documents``: the procedure's documents given otherwise than by an upload
        (set by another addon in ``_onestop_read_submission``), which need no file."""
        return {
            "department": form["department"],
            "return_method": form["return_method"],
            "return_address": form["return_address"],
            "note": form["note"],
            "provided_documents": form.get("provided_documents")
            or request.env["onestop.procedure.document"].sudo(),
        }

    @http.route(
        "/my/procedures/<int:procedure_id>/submit",
        type="http",
        auth="user",
        website=True,
        methods=["GET"],
    )
    def portal_submit_form(self, procedure_id, **kw):
        procedure = self._onestop_online_procedure(procedure_id)
        return self._onestop_submission_page(procedure, secrets.token_urlsafe(24))

    @http.route(
        "/my/procedures/<int:procedure_id>/submit",
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def portal_submit(self, procedure_id, submission_key=None, **kw):
        procedure = self._onestop_online_procedure(procedure_id)
        if not isinstance(submission_key, str) or not KEY_RE.match(submission_key):
            return common.bad_request(
                request.env._("This form has expired: open it again."),
                "/my/procedures/%s/submit" % procedure.id,
            )
        Dossier = request.env["onestop.dossier"]
        partner = request.env.user.partner_id
        # One submission at a time per applicant: a second request sent while the first runs
        # fails to lock and is retried by Odoo once the first has committed; it then finds
        # the dossier by the form's key and redirects to it.
        request.env.cr.execute(
            "SELECT id FROM res_partner WHERE id = %s FOR NO KEY UPDATE NOWAIT",
            [partner.id],
            log_exceptions=False,
        )
        existing = Dossier.sudo().search([("portal_submission_key", "=", submission_key)])
        if existing:
            if existing.partner_id != partner:
                return common.bad_request(
                    request.env._("This form has expired: open it again."),
                    "/my/procedures/%s/submit" % procedure.id,
                )
            return request.redirect("/my/dossiers/%s?submitted=1" % existing.id, code=303)
        blocked, window = common.throttle_blocked("submit")
        if blocked:
            return common.too_many(window)
        form, errors = self._onestop_read_submission(procedure, kw)
        try:
            files_by_document, file_errors = self._onestop_read_submission_files(procedure, form)
        except ValueError:
            files_by_document = {}
            file_errors = [request.env._("Too many files at once: send at most 10 per document.")]
        errors += file_errors
        if errors:
            return self._onestop_submission_page(
                procedure, submission_key, form=form, errors=errors, status=400
            )
        values = self._onestop_submission_dossier_values(procedure, form)
        try:
            with request.env.cr.savepoint():
                self._onestop_update_applicant(partner, form)
                dossier, created = Dossier._onestop_portal_submit(
                    procedure, partner, values, files_by_document, submission_key
                )
        except (UserError, ValidationError) as error:
            return self._onestop_submission_page(
                procedure, submission_key, form=form, errors=error.args[0].split("\n"), status=400
            )
        except psycopg2.IntegrityError:
            return common.bad_request(
                request.env._("This form has expired: open it again."),
                "/my/procedures/%s/submit" % procedure.id,
            )
        if created:
            common.throttle_hit("submit")
        return request.redirect("/my/dossiers/%s?submitted=1" % dossier.id, code=303)

    def _onestop_read_submission(self, procedure, kw):
        """The form's fields, cleaned, and the list of what is wrong."""

        def text(name, size=200):
            value = kw.get(name)
            return value.strip()[:size] if isinstance(value, str) else ""

        env = request.env
        form = {
            "id_number": re.sub(r"\s", "", text("id_number", 20)),
            "phone": text("phone", 20),
            "email": text("email", 120),
            "street": text("street", 250),
            "department_id": common.parse_id(kw.get("department_id")),
            "return_method": text("return_method", 10) or "desk",
            "return_address": text("return_address", 250),
            "note": text("note", 2000),
        }
        errors = []
        if not re.match(r"^\d{9,12}$", form["id_number"]):
            errors.append(
                env._("Enter your ID number (9 to 12 digits), or your business's tax code.")
            )
        if len(re.sub(r"\D", "", form["phone"])) < 9:
            errors.append(env._("Enter a phone number where the desk can reach you."))
        if form["email"] and not re.match(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", form["email"]):
            errors.append(env._("The email address is not valid."))
        department = procedure.receiving_department_ids.filtered(
            lambda d: d.id == form["department_id"]
        )
        if len(procedure.receiving_department_ids) == 1:
            department = procedure.receiving_department_ids
        if not department:
            errors.append(env._("Choose the unit that receives your dossier."))
        form["department"] = department
        form["department_id"] = department.id
        allowed = (
            ("desk", "postal", "online")
            if procedure.online_level == "full"
            else (
                "desk",
                "postal",
            )
        )
        if form["return_method"] not in allowed:
            errors.append(env._("Choose how you will receive the result."))
        if form["return_method"] == "postal" and not (form["return_address"] or form["street"]):
            errors.append(env._("Give the address where the post brings the result."))
        return form, errors

    def _onestop_read_submission_files(self, procedure, form=None):
        """The uploads by procedure document, checked, and the list of what is wrong; a
        mandatory document in the form's ``provided_documents`` needs no upload."""
        provided = (form or {}).get("provided_documents") or ()
        Dossier = request.env["onestop.dossier"]
        names = {"document_%s" % document.id: document for document in procedure.document_ids}
        names["other"] = False
        raw = common.read_uploads(list(names), Dossier._onestop_upload_max_bytes())
        files_by_document, errors = {}, []
        for name, files in raw.items():
            if not files:
                continue
            try:
                files_by_document[names[name]] = Dossier._onestop_check_uploads(files)
            except UserError as error:
                errors.extend(error.args[0].split("\n"))
        for document in procedure.document_ids:
            if (
                document.mandatory
                and document not in provided
                and not raw.get("document_%s" % document.id)
            ):
                errors.append(
                    request.env._(
                        "Attach the mandatory document: %(document)s", document=document.name
                    )
                )
        return files_by_document, errors

    def _onestop_update_applicant(self, partner, form):
        """Keep the citizen's contact up to date with what the form says."""
        vals = {}
        if form["id_number"] and form["id_number"] != partner.onestop_id_number:
            vals["onestop_id_number"] = form["id_number"]
        if form["phone"] and form["phone"] not in (partner.phone, partner.mobile):
            vals["phone"] = form["phone"]
        if form["email"] and not partner.email:
            vals["email"] = form["email"]
        if form["street"] and not partner.street:
            vals["street"] = form["street"]
        if vals:
            partner.sudo().write(vals)
