from odoo import api, fields, models
from odoo.exceptions import UserError

INDICATORS = ("on_time", "online", "digitisation", "satisfaction")
# Where each indicator's graph reads its dates and its measure on the analysis report.
GRAPHS = {
    "on_time": ("resolved_date", "on_time_pct"),
    "online": ("received_date", "online_pct"),
    "digitisation": ("received_date", "digitised_pct"),
    "satisfaction": ("rating_date", "satisfied_pct"),
}


class OnestopDashboard(models.TransientModel):
    """The manager's dashboard: the service-quality indicators of the period beside those of
    the previous period, with graphs on the analysis report."""

    _name = "onestop.dashboard"
    _inherit = ["onestop.period.mixin"]
    _description = "Service-quality dashboard"

    department_ids = fields.Many2many(
        "onestop.department",
        string="Units",
        help="Only the dossiers received by these units and their sub-units. Empty: every "
        "dossier you may see.",
    )
    received_total = fields.Integer(string="Total received", compute="_compute_indicators")
    received_total_previous = fields.Integer(
        string="Total received (previous period)", compute="_compute_indicators"
    )
    resolved_total = fields.Integer(string="Total resolved", compute="_compute_indicators")
    resolved_total_previous = fields.Integer(
        string="Total resolved (previous period)", compute="_compute_indicators"
    )
    on_time_rate = fields.Float(
        string="On-time rate",
        compute="_compute_indicators",
        help="(Resolved early + on time) / resolved in the period, in percent.",
    )
    on_time_rate_previous = fields.Float(
        string="On-time rate (previous period)", compute="_compute_indicators"
    )
    online_rate = fields.Float(
        string="Online rate",
        compute="_compute_indicators",
        help="Received online / received in the period, over the procedures offered online, "
        "in percent.",
    )
    online_rate_previous = fields.Float(
        string="Online rate (previous period)", compute="_compute_indicators"
    )
    digitisation_rate = fields.Float(
        string="Digitisation rate",
        compute="_compute_indicators",
        help="Dossiers received in the period whose documents are all digitised / received, "
        "in percent.",
    )
    digitisation_rate_previous = fields.Float(
        string="Digitisation rate (previous period)", compute="_compute_indicators"
    )
    satisfaction_rate = fields.Float(
        string="Satisfaction",
        compute="_compute_indicators",
        help="Satisfied or very satisfied ratings / ratings given in the period, in percent.",
    )
    satisfaction_rate_previous = fields.Float(
        string="Satisfaction (previous period)", compute="_compute_indicators"
    )
    has_on_time_rate = fields.Boolean(compute="_compute_indicators")
    has_on_time_rate_previous = fields.Boolean(compute="_compute_indicators")
    has_online_rate = fields.Boolean(compute="_compute_indicators")
    has_online_rate_previous = fields.Boolean(compute="_compute_indicators")
    has_digitisation_rate = fields.Boolean(compute="_compute_indicators")
    has_digitisation_rate_previous = fields.Boolean(compute="_compute_indicators")
    has_satisfaction_rate = fields.Boolean(compute="_compute_indicators")
    has_satisfaction_rate_previous = fields.Boolean(compute="_compute_indicators")

    @api.depends("date_from", "date_to")
    def _compute_display_name(self):
        for dashboard in self:
            dashboard.display_name = dashboard._period_title(self.env._("Service quality"))

    @api.depends("date_from", "date_to", "period_type", "department_ids")
    def _compute_indicators(self):
        Statistics = self.env["onestop.statistics"]
        for dashboard in self:
            if not dashboard.date_from or not dashboard.date_to:
                dashboard._set_indicators({}, "")
                dashboard._set_indicators({}, "_previous")
                continue
            domain = dashboard._statistics_domain()
            current = Statistics.compute_indicators(
                dashboard.date_from, max(dashboard.date_from, dashboard.date_to), domain
            )
            previous = Statistics.compute_indicators(
                dashboard.previous_date_from, dashboard.previous_date_to, domain
            )
            dashboard._set_indicators(current, "")
            dashboard._set_indicators(previous, "_previous")

    def _set_indicators(self, values, suffix):
        self["received_total%s" % suffix] = values.get("received_total", 0)
        self["resolved_total%s" % suffix] = values.get("resolved_total", 0)
        for indicator in INDICATORS:
            rate = values.get("%s_rate" % indicator)
            self["%s_rate%s" % (indicator, suffix)] = 100.0 * rate if rate is not None else 0.0
            self["has_%s_rate%s" % (indicator, suffix)] = rate is not None

    def _statistics_domain(self):
        self.ensure_one()
        if not self.department_ids:
            return []
        return [("department_id", "child_of", self.department_ids.ids)]

    # ------------------------------------------------------------------ actions
    @api.model
    def action_open_dashboard(self):
        dashboard = self.create({})
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Service quality"),
            "res_model": self._name,
            "res_id": dashboard.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
        }

    def action_open_graph(self, indicator=None):
        """The indicator month by month over this period and the previous one, on the
        analysis report (``indicator`` or the context's ``onestop_indicator``)."""
        self.ensure_one()
        indicator = indicator or self.env.context.get("onestop_indicator")
        if indicator not in GRAPHS:
            raise UserError(self.env._("%(name)s is not an indicator.", name=indicator))
        date_field, measure = GRAPHS[indicator]
        tz = self.env["onestop.statistics"]._statistics_tz()
        start = self.env["onestop.statistics"]._statistics_bounds(
            self.previous_date_from, self.previous_date_from
        )["start"]
        stop = self.env["onestop.statistics"]._statistics_bounds(self.date_to, self.date_to)["stop"]
        domain = [(date_field, ">=", start), (date_field, "<", stop)]
        if self.department_ids:
            domain.append(("department_id", "child_of", self.department_ids.ids))
        labels = {
            "on_time": self.env._("On-time rate"),
            "online": self.env._("Online rate"),
            "digitisation": self.env._("Digitisation rate"),
            "satisfaction": self.env._("Satisfaction"),
        }
        return {
            "type": "ir.actions.act_window",
            "name": labels[indicator],
            "res_model": "onestop.dossier.report",
            "view_mode": "graph,pivot,list",
            "views": [(False, "graph"), (False, "pivot"), (False, "list")],
            "domain": domain,
            "context": {
                "tz": tz.zone,
                "graph_measure": measure,
                "graph_mode": "line",
                "graph_groupbys": ["%s:month" % date_field],
                "pivot_measures": [measure, "dossier_count"],
                "pivot_row_groupby": ["department_id"],
                "pivot_column_groupby": ["%s:month" % date_field],
            },
        }

    def action_open_supervision(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "onestop_reports.action_dossier_supervision"
        )
        if self.department_ids:
            action["domain"] = [("department_id", "child_of", self.department_ids.ids)]
        return action
