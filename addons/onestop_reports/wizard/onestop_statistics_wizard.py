import json
from urllib.parse import urlencode

from markupsafe import Markup, escape

from odoo import Command, api, fields, models

from ..models.onestop_statistics import FIGURES, KEYS

GROUPBY = [
    ("department_id", "Receiving unit"),
    ("department_id.agency_id", "Agency"),
    ("procedure_id", "Procedure"),
    ("procedure_id.field_id", "Field"),
    ("channel", "Channel"),
    ("none", "No grouping"),
]


class OnestopStatisticsWizard(models.TransientModel):
    """The managers' statistics screen: a period, a grouping, and the table with its totals;
    each figure opens the list of the dossiers it counts."""

    _name = "onestop.statistics.wizard"
    _inherit = ["onestop.period.mixin"]
    _description = "Period statistics"

    groupby = fields.Selection(GROUPBY, string="Group by", required=True, default="department_id")
    department_ids = fields.Many2many(
        "onestop.department",
        string="Units",
        help="Count only the dossiers received by these units and their sub-units. Empty: "
        "every dossier you may see.",
    )
    line_ids = fields.One2many("onestop.statistics.line", "wizard_id", string="Statistics")
    computed_at = fields.Datetime(string="Computed at", readonly=True)
    legend = fields.Html(compute="_compute_legend", sanitize=False)

    @api.depends("date_from", "date_to")
    def _compute_display_name(self):
        for wizard in self:
            wizard.display_name = wizard._period_title(self.env._("Period statistics"))

    def _compute_legend(self):
        Line = self.env["onestop.statistics.line"]
        rows = []
        for key in KEYS:
            description = Line._fields[key].get_description(self.env)
            rows.append(
                Markup("<tr><td class='fw-bold text-nowrap pe-3'>%s</td><td>%s</td></tr>")
                % (escape(description["string"]), escape(description.get("help") or ""))
            )
        legend = Markup("<table class='table table-sm o_onestop_statistics_legend'>%s</table>") % (
            Markup("").join(rows)
        )
        for wizard in self:
            wizard.legend = legend

    # ------------------------------------------------------------------ actions
    @api.model
    def action_open_statistics(self):
        """Open the screen on the current month, computed."""
        wizard = self.create({})
        wizard.action_compute()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Period statistics"),
            "res_model": self._name,
            "res_id": wizard.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
        }

    def action_compute(self):
        self.ensure_one()
        groupby = self._statistics_groupby()
        groups, total = self.env["onestop.statistics"].compute_with_total(
            self.date_from, self.date_to, groupby, self._statistics_domain()
        )
        Statistics = self.env["onestop.statistics"]
        commands = [Command.clear()]
        if groupby:
            for sequence, row in enumerate(groups):
                commands.append(
                    Command.create(
                        {
                            "sequence": sequence,
                            "group_label": Statistics._statistics_group_label(
                                groupby, row[groupby]
                            ),
                            "group_key": json.dumps(self._group_key(row[groupby])),
                            **self._line_figures(row),
                        }
                    )
                )
        commands.append(
            Command.create(
                {
                    "sequence": len(groups) + 1,
                    "is_total": True,
                    "group_label": self.env._("Total"),
                    **self._line_figures(total),
                }
            )
        )
        self.write({"line_ids": commands, "computed_at": fields.Datetime.now()})
        return True

    def action_export_xlsx(self):
        self.ensure_one()
        params = {
            "date_from": fields.Date.to_string(self.date_from),
            "date_to": fields.Date.to_string(self.date_to),
            "groupby": self.groupby,
        }
        if self.department_ids:
            params["department_ids"] = ",".join(str(i) for i in self.department_ids.ids)
        return {
            "type": "ir.actions.act_url",
            "url": "/onestop/reports/statistics.xlsx?%s" % urlencode(params),
            "target": "download",
        }

    # ------------------------------------------------------------------ helpers
    def _statistics_groupby(self):
        self.ensure_one()
        return None if self.groupby == "none" else self.groupby

    def _statistics_domain(self):
        self.ensure_one()
        if not self.department_ids:
            return []
        return [("department_id", "child_of", self.department_ids.ids)]

    @staticmethod
    def _group_key(group):
        if isinstance(group, tuple):
            return group[0]
        return None if group is False else group

    @staticmethod
    def _line_figures(row):
        values = {key: row[key] for key in FIGURES}
        for rate in ("on_time_rate", "online_rate"):
            values[rate] = row[rate] or 0.0
            values["has_%s" % rate] = row[rate] is not None
        return values
