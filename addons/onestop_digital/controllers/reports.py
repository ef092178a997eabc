from odoo import http
from odoo.http import request

from odoo.addons.onestop_reports.controllers.main import OnestopReportsController, xlsx_response


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

        def build():
            content = request.env["onestop.statistics"]._statistics_digital_xlsx(
                date_from, date_to, domain
            )
            return content, "so-hoa-%s-%s.xlsx" % (date_from, date_to)

        return xlsx_response(build)
