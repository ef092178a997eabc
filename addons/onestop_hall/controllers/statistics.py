from werkzeug.exceptions import BadRequest, Forbidden

from odoo import http
from odoo.exceptions import UserError
from odoo.http import request

from odoo.addons.onestop_reports.controllers.main import xlsx_response


class OnestopHallStatisticsController(http.Controller):
    @http.route(
        "/onestop/hall/statistics.xlsx",
        type="http",
        auth="user",
        methods=["GET"],
        readonly=True,
    )
    def hall_statistics_xlsx(self, date_from=None, date_to=None, department_ids=None, **kwargs):
        """The hall's figures of a period as XLSX: per service, per counter, per hour (with
        its chart)."""
        if not request.env.user._is_internal():
            raise Forbidden()
        Statistics = request.env["onestop.statistics"]
        try:
            start = Statistics._statistics_date(date_from)
            stop = Statistics._statistics_date(date_to)
            ids = [int(v) for v in (department_ids or "").split(",") if v.strip()]
        except (ValueError, TypeError, UserError) as exc:
            raise BadRequest(request.env._("Give the period as dates, the desks as ids.")) from exc
        if start > stop or any(not 0 < i < 2**31 for i in ids):
            raise BadRequest(request.env._("Give the period as dates, the desks as ids."))
        desks = request.env["onestop.department"].browse(ids) if department_ids else None

        def build():
            content = request.env["onestop.hall.statistics"]._xlsx(start, stop, desks)
            return content, "thong-ke-xep-hang-%s-%s.xlsx" % (start, stop)

        return xlsx_response(build)
