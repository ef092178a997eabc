import json
import tempfile

from werkzeug.exceptions import BadRequest, Forbidden, NotFound
from werkzeug.wsgi import wrap_file

from odoo import fields, http
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.http import content_disposition, request

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_headers(filename, size=None):
    headers = [
        ("Content-Type", XLSX_MIMETYPE),
        ("Content-Disposition", content_disposition(filename)),
        ("Cache-Control", "no-store"),
    ]
    return headers + ([("Content-Length", str(size))] if size is not None else [])


def xlsx_response(build):
    """The download of an XLSX table: ``build()`` returns ``(content, filename)``; what the
    user asked wrongly (UserError, ValidationError) answers 400 with its message, a refused
    access 403. Every OneStop XLSX download goes through here."""
    try:
        content, filename = build()
    except (UserError, ValidationError) as exc:
        raise BadRequest(str(exc)) from exc
    except AccessError as exc:
        raise Forbidden() from exc
    return request.make_response(content, headers=xlsx_headers(filename))


class OnestopReportsController(http.Controller):
    # ------------------------------------------------------------------ helpers
    @staticmethod
    def _check_internal_user():
        """Exports are for the agency's staff: visitors and portal users get a 403."""
        user = request.env.user
        if user._is_public() or not user._is_internal():
            raise Forbidden()

    @staticmethod
    def _parse_domain(domain):
        if not domain:
            return []
        try:
            value = json.loads(domain)
        except ValueError as exc:
            raise BadRequest(request.env._("The dossier filter is not valid JSON.")) from exc
        if not isinstance(value, list):
            raise BadRequest(request.env._("The dossier filter must be a list."))
        return value

    @staticmethod
    def _parse_ids(ids):
        try:
            values = [int(value) for value in (ids or "").split(",") if value.strip()]
        except ValueError as exc:
            raise BadRequest(request.env._("Units are given by their ids.")) from exc
        if any(not 0 < value < 2**31 for value in values):
            raise BadRequest(request.env._("Units are given by their ids."))
        return values

    # ------------------------------------------------------------------ statistics
    @http.route(
        "/onestop/reports/statistics.xlsx",
        type="http",
        auth="public",
        methods=["GET"],
        readonly=True,
    )
    def statistics_xlsx(
        self, date_from=None, date_to=None, groupby=None, department_ids=None, domain=None, **kwargs
    ):
        """The period statistics as the official XLSX table."""
        self._check_internal_user()
        domain = self._parse_domain(domain)
        departments = self._parse_ids(department_ids)
        if departments:
            domain = [*domain, ("department_id", "child_of", departments)]
        groupby = None if groupby in (None, "", "none") else groupby

        def build():
            content = request.env["onestop.statistics"]._statistics_xlsx(
                date_from, date_to, groupby, domain
            )
            return content, "thong-ke-%s-%s.xlsx" % (date_from, date_to)

        return xlsx_response(build)

    # ------------------------------------------------------------------ log book (form 06)
    @http.route(
        "/onestop/reports/logbook.xlsx",
        type="http",
        auth="public",
        methods=["GET"],
        readonly=True,
    )
    def logbook_xlsx(self, department_id=None, date_from=None, date_to=None, **kwargs):
        """A reception desk's dossier log book (form 06) for a period, as XLSX."""
        self._check_internal_user()
        [department] = self._parse_ids(department_id)[:1] or [None]
        if not department:
            raise BadRequest(request.env._("Choose the reception desk whose log book to print."))
        Statistics = request.env["onestop.statistics"]

        def build():
            start = Statistics._statistics_date(date_from)
            stop = Statistics._statistics_date(date_to)
            desk = request.env["onestop.department"].browse(department).exists()
            if not desk:
                raise NotFound()
            book = request.env["onestop.logbook.wizard"].new(
                {
                    "department_id": desk.id,
                    "period_type": "custom",
                    "date_from": start,
                    "date_to": stop,
                }
            )
            return book._logbook_xlsx(), "so-theo-doi-ho-so-%s-%s.xlsx" % (start, stop)

        return xlsx_response(build)

    # ------------------------------------------------------------------ dossier lists
    @http.route(
        "/onestop/reports/dossiers.xlsx",
        type="http",
        auth="public",
        methods=["GET"],
        readonly=True,
    )
    def dossiers_xlsx(self, domain=None, **kwargs):
        """Any list of dossiers (a domain) as XLSX, written in constant memory to a temporary
        file and streamed from it."""
        self._check_internal_user()
        domain = self._parse_domain(domain)
        Dossier = request.env["onestop.dossier"]
        fileobj = tempfile.TemporaryFile(prefix="onestop-dossiers-", suffix=".xlsx")
        try:
            Dossier._onestop_export_xlsx(domain, fileobj)
        except UserError as exc:
            fileobj.close()
            raise BadRequest(str(exc)) from exc
        except AccessError as exc:
            fileobj.close()
            raise Forbidden() from exc
        except (ValueError, KeyError, TypeError) as exc:
            fileobj.close()
            raise BadRequest(request.env._("The dossier filter is not valid.")) from exc
        size = fileobj.tell()
        fileobj.seek(0)
        filename = "ho-so-%s.xlsx" % fields.Date.context_today(Dossier).strftime("%Y%m%d")
        response = request.make_response(
            wrap_file(request.httprequest.environ, fileobj), headers=xlsx_headers(filename, size)
        )
        response.direct_passthrough = True
        return response

    # ------------------------------------------------------------------ public board
    @http.route(
        "/onestop/board/<string:desk>",
        type="http",
        auth="public",
        methods=["GET"],
        sitemap=False,
        readonly=True,
    )
    def board(self, desk, **kwargs):
        """The hall screen of a reception desk (by id or e-identifier code): counts and dossier
        codes only, refreshing by itself."""
        department = request.env["onestop.department"].sudo()._onestop_board_desk(desk)
        if not department:
            raise NotFound()
        if request.env["res.lang"]._lang_get("vi_VN"):
            # A screen in a Vietnamese hall: Vietnamese labels, whoever the visitor is.
            request.update_context(lang="vi_VN")
            department = department.with_context(lang="vi_VN")
        values = department._onestop_board_values()
        return request.render(
            "onestop_reports.board_page", values, headers=[("Cache-Control", "no-store")]
        )
