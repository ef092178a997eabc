from werkzeug.exceptions import BadRequest, Forbidden

from odoo import http
from odoo.exceptions import AccessError, UserError
from odoo.http import content_disposition, request

from odoo.addons.onestop_reports.controllers.main import XLSX_MIMETYPE, OnestopReportsController


class OnestopDigitalReports(OnestopReportsController):
    @http.route(
        "/onestop/reports/digital.xlsx",
        type="http",
        auth="public",
        methods=["GET"],
        readonly=True,
    )
    def digital_xlsx(self, date_from=None, date_to=None, department_ids=None, **kwargs):
        """Digitisation and reuse per unit, as XLSX."""
        self._check_internal_user()
        departments = self._parse_ids(department_ids)
        domain = [("department_id", "child_of", departments)] if departments else []
        try:
            content = request.env["onestop.statistics"]._statistics_digital_xlsx(
                date_from, date_to, domain
            )
        except UserError as exc:
            raise BadRequest(str(exc)) from exc
        except AccessError as exc:
            raise Forbidden() from exc
        filename = "so-hoa-%s-%s.xlsx" % (date_from, date_to)
        return request.make_response(
            content,
            headers=[
                ("Content-Type", XLSX_MIMETYPE),
                ("Content-Disposition", content_disposition(filename)),
                ("Cache-Control", "no-store"),
            ],
        )
