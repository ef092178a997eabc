from odoo import api, fields, models


class OnestopDashboard(models.TransientModel):
    """The reuse rate beside Decision 766's indicators, and the per-unit table."""

    _inherit = "onestop.dashboard"

    reuse_rate = fields.Float(
        string="Reuse rate",
        compute="_compute_digital_indicators",
        help="Documents reused from the citizens' stores / documents for which the store held "
        "a valid document, in dossiers received in the period, in percent.",
    )
    reuse_rate_previous = fields.Float(
        string="Reuse rate (previous period)", compute="_compute_digital_indicators"
    )
    has_reuse_rate = fields.Boolean(compute="_compute_digital_indicators")
    has_reuse_rate_previous = fields.Boolean(compute="_compute_digital_indicators")
    result_digitisation_rate = fields.Float(
        string="Results digitised",
        compute="_compute_digital_indicators",
        help="Dossiers resolved in the period whose result is in the applicant's store / "
        "resolved, in percent.",
    )
    has_result_digitisation_rate = fields.Boolean(compute="_compute_digital_indicators")

    @api.depends("date_from", "date_to", "period_type", "department_ids")
    def _compute_digital_indicators(self):
        Statistics = self.env["onestop.statistics"]
        for dashboard in self:
            current = previous = {}
            if dashboard.date_from and dashboard.date_to:
                domain = dashboard._statistics_domain()
                current = Statistics.compute_digital(
                    dashboard.date_from, max(dashboard.date_from, dashboard.date_to), domain
                )[1]
                previous = Statistics.compute_digital(
                    dashboard.previous_date_from, dashboard.previous_date_to, domain
                )[1]
            for key, values, suffix in (
                ("reuse_rate", current, ""),
                ("reuse_rate", previous, "_previous"),
                ("result_digitisation_rate", current, ""),
            ):
                rate = values.get(key)
                dashboard["%s%s" % (key, suffix)] = 100.0 * rate if rate is not None else 0.0
                dashboard["has_%s%s" % (key, suffix)] = rate is not None

    def action_onestop_digital_xlsx(self):
        """The digitisation and reuse table per unit, as XLSX."""
        self.ensure_one()
        url = "/onestop/reports/digital.xlsx?date_from=%s&date_to=%s" % (
            self.date_from,
            max(self.date_from, self.date_to),
        )
        if self.department_ids:
            url += "&department_ids=%s" % ",".join(str(i) for i in self.department_ids.ids)
        return {"type": "ir.actions.act_url", "url": url, "target": "self"}
