from odoo import api, fields, models


class OnestopDashboard(models.TransientModel):
    """The hall's figures beside Decision 766's indicators on the manager's dashboard."""

    _inherit = "onestop.dashboard"

    hall_issued = fields.Integer(string="Tickets issued", compute="_compute_hall")
    hall_served = fields.Integer(string="Tickets served", compute="_compute_hall")
    hall_no_shows = fields.Integer(string="No-shows", compute="_compute_hall")
    hall_wait_median = fields.Float(string="Wait (median, min)", compute="_compute_hall")
    hall_wait_p90 = fields.Float(string="Wait (90th percentile, min)", compute="_compute_hall")
    hall_service_median = fields.Float(string="Service time (median, min)", compute="_compute_hall")
    hall_without_dossier = fields.Integer(
        string="Served without a dossier", compute="_compute_hall"
    )

    @api.depends("date_from", "date_to", "department_ids")
    def _compute_hall(self):
        Statistics = self.env["onestop.hall.statistics"]
        for dashboard in self:
            total = {}
            if dashboard.date_from and dashboard.date_to:
                total = Statistics.compute(
                    dashboard.date_from, dashboard.date_to, dashboard._hall_desks()
                )[0]
            dashboard.hall_issued = total.get("issued") or 0
            dashboard.hall_served = total.get("served") or 0
            dashboard.hall_no_shows = total.get("no_shows") or 0
            dashboard.hall_wait_median = total.get("wait_median") or 0.0
            dashboard.hall_wait_p90 = total.get("wait_p90") or 0.0
            dashboard.hall_service_median = total.get("service_median") or 0.0
            dashboard.hall_without_dossier = total.get("without_dossier") or 0

    def _hall_desks(self):
        self.ensure_one()
        if not self.department_ids:
            return None
        return self.env["onestop.department"].search(
            [("id", "child_of", self.department_ids.ids), ("kind", "=", "desk")]
        )

    def action_open_hall_hours(self):
        """People waiting per hour of the day: the tickets of the period by hour of issue."""
        self.ensure_one()
        domain = [("day", ">=", self.date_from), ("day", "<=", self.date_to)]
        desks = self._hall_desks()
        if desks is not None:
            domain.append(("department_id", "in", desks.ids))
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Tickets per hour of the day"),
            "res_model": "onestop.ticket",
            "view_mode": "graph,pivot,list",
            "views": [(False, "graph"), (False, "pivot"), (False, "list")],
            "domain": domain,
            "context": {"graph_groupbys": ["issued_hour"], "graph_mode": "bar"},
        }

    def action_hall_xlsx(self):
        self.ensure_one()
        desks = self._hall_desks()
        url = "/onestop/hall/statistics.xlsx?date_from=%s&date_to=%s" % (
            self.date_from,
            self.date_to,
        )
        if desks is not None:
            url += "&department_ids=%s" % ",".join(str(i) for i in desks.ids or [0])
        return {"type": "ir.actions.act_url", "url": url, "target": "self"}
