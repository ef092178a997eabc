from werkzeug.exceptions import NotFound

from odoo import http
from odoo.http import request

from odoo.addons.portal.controllers.portal import pager as portal_pager

from . import common

PROCEDURES_PER_PAGE = 20


class OnestopCatalogue(http.Controller):
    """The public catalogue of procedures: search by name or code, field and level; each
    procedure's documents, fees and time limit, and a "submit online" button where the
    procedure is offered online."""

    def _onestop_procedure_domain(self):
        return request.env["onestop.procedure"]._onestop_catalogue_domain()

    @http.route(
        ["/onestop/procedures", "/onestop/procedures/page/<int:page>"],
        type="http",
        auth="public",
        website=True,
        methods=["GET"],
        sitemap=False,
        readonly=True,
    )
    def onestop_catalogue(self, page=1, search=None, field=None, level=None, online=None, **kw):
        Procedure = request.env["onestop.procedure"].sudo()
        domain = self._onestop_procedure_domain()
        search = (search or "").strip()[:100] if isinstance(search, str) else ""
        if search:
            domain += ["|", ("name", "ilike", search), ("code", "ilike", search)]
        field_id = level_id = None
        if field:
            field_id = common.parse_id(field)
            if not field_id:
                return common.bad_request(
                    request.env._("Unknown field of procedures."), "/onestop/procedures"
                )
            domain.append(("field_id", "=", field_id))
        if level:
            level_id = common.parse_id(level)
            if not level_id:
                return common.bad_request(
                    request.env._("Unknown administrative level."), "/onestop/procedures"
                )
            domain.append(("level_id", "=", level_id))
        if online == "1":
            domain.append(("online_level", "in", ("partial", "full")))
        total = Procedure.search_count(domain)
        url_args = {
            key: value
            for key, value in (
                ("search", search),
                ("field", field_id),
                ("level", level_id),
                ("online", "1" if online == "1" else None),
            )
            if value
        }
        pager = portal_pager(
            url="/onestop/procedures",
            url_args=url_args,
            total=total,
            page=page if isinstance(page, int) and 0 < page <= common.MAX_ID else 1,
            step=PROCEDURES_PER_PAGE,
        )
        procedures = Procedure.search(
            domain, order="field_id, name, id", limit=PROCEDURES_PER_PAGE, offset=pager["offset"]
        )
        fields_ = request.env["onestop.procedure.field"].sudo().search([])
        levels = request.env["onestop.admin.level"].sudo().search([])
        values = {
            "procedures": procedures,
            "pager": pager,
            "search": search,
            "field_id": field_id,
            "level_id": level_id,
            "online": online == "1",
            "procedure_fields": fields_,
            "levels": levels,
            "total": total,
        }
        return request.render("onestop_portal.catalogue_page", values)

    @http.route(
        "/onestop/procedures/<int:procedure_id>",
        type="http",
        auth="public",
        website=True,
        methods=["GET"],
        sitemap=False,
        readonly=True,
    )
    def onestop_procedure(self, procedure_id, **kw):
        if procedure_id > common.MAX_ID:
            raise NotFound()
        procedure = (
            request.env["onestop.procedure"]
            .sudo()
            .search(self._onestop_procedure_domain() + [("id", "=", procedure_id)])
        )
        if not procedure:
            raise NotFound()
        return request.render(
            "onestop_portal.procedure_page",
            {"procedure": procedure, "can_submit_online": procedure._onestop_is_online()},
        )
