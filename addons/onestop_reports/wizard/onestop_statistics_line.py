import json

from odoo import fields, models
from odoo.exceptions import UserError

from ..models.onestop_statistics import FIGURES


class OnestopStatisticsLine(models.TransientModel):
    """One line of the statistics table: a group (unit, procedure, field, channel) or the
    totals. The help of each figure is its definition (shared/design/domain.md)."""

    _name = "onestop.statistics.line"
    _description = "Line of period statistics"
    _order = "sequence, id"

    wizard_id = fields.Many2one(
        "onestop.statistics.wizard",
        string="Statistics screen",
        required=True,
        ondelete="cascade",
        index=True,
    )
    sequence = fields.Integer()
    is_total = fields.Boolean(string="Totals line")
    group_label = fields.Char(string="Group")
    group_key = fields.Char(help="Technical: the group's value, as JSON.")

    carried_over = fields.Integer(
        string="Carried over",
        help="Received before the period and not ended (resolved, refused, withdrawn or "
        "stopped) before it started.",
    )
    received_online = fields.Integer(
        string="Received online", help="Received in the period through the online channel."
    )
    received_in_person = fields.Integer(
        string="Received in person", help="Received in the period at the desk."
    )
    received_postal = fields.Integer(
        string="Received by post",
        help="Received in the period through the public postal service (BCCI).",
    )
    received_total = fields.Integer(
        string="Total received", help="Received in the period: online + in person + by post."
    )
    to_handle = fields.Integer(
        string="To handle",
        help="Carried over + received. Equals resolved + refused + withdrawn + stopped + "
        "pending (within and overdue) + paused.",
    )
    resolved_early = fields.Integer(
        string="Resolved early",
        help="Resolved in the period on a day before the day of the due date in force at "
        "resolution.",
    )
    resolved_on_time = fields.Integer(
        string="Resolved on time",
        help="Resolved in the period on the day of the due date in force at resolution, and "
        "not after the due time.",
    )
    resolved_late = fields.Integer(
        string="Resolved late",
        help="Resolved in the period after the due time in force at resolution.",
    )
    resolved_total = fields.Integer(
        string="Total resolved", help="Resolved in the period: early + on time + late."
    )
    pending_within = fields.Integer(
        string="Pending, within deadline",
        help="Received by the end of the period, not ended by then and not waiting for a "
        "supplement, with a due time at or after the end of the period (or now, for a period "
        "not over yet).",
    )
    pending_overdue = fields.Integer(
        string="Pending, overdue",
        help="Received by the end of the period, not ended by then and not waiting for a "
        "supplement, with a due time before the end of the period (or now, for a period not "
        "over yet).",
    )
    paused = fields.Integer(
        string="Waiting for supplement",
        help="Not ended and waiting for a supplement at the end of the period: the clock "
        "stands still, so never counted overdue.",
    )
    refused = fields.Integer(help="Received, then refused in the period, without a result.")
    withdrawn = fields.Integer(help="Withdrawn at the applicant's request in the period.")
    stopped = fields.Integer(help="Stopped (dừng giải quyết) in the period.")
    returned_postal = fields.Integer(
        string="Returned by post",
        help="Results returned through the public postal service in the period, whenever the "
        "dossier was received.",
    )
    on_time_rate = fields.Float(
        string="On-time rate",
        help="(Resolved early + resolved on time) / resolved. Empty when nothing was resolved.",
    )
    online_rate = fields.Float(
        string="Online rate",
        help="Received online / received, over the procedures offered online. Empty when "
        "nothing of such procedures was received.",
    )
    has_on_time_rate = fields.Boolean()
    has_online_rate = fields.Boolean()

    def action_open_dossiers(self, figure):
        """The list of the dossiers that ``figure`` counts on this line."""
        self.ensure_one()
        if figure not in FIGURES:
            raise UserError(
                self.env._("%(figure)s is not a figure of the statistics.", figure=figure)
            )
        wizard = self.wizard_id
        spec = {
            "date_from": fields.Date.to_string(wizard.date_from),
            "date_to": fields.Date.to_string(wizard.date_to),
            "figure": figure,
            "groupby": wizard._statistics_groupby(),
            "group": "__all__" if self.is_total else json.loads(self.group_key or "null"),
            "domain": wizard._statistics_domain(),
        }
        label = self._fields[figure].get_description(self.env)["string"]
        return {
            "type": "ir.actions.act_window",
            "name": "%s: %s" % (label, self.group_label),
            "res_model": "onestop.dossier",
            "view_mode": "list,form",
            "views": [(False, "list"), (False, "form")],
            "domain": [("onestop_statistics_filter", "=", json.dumps(spec))],
            "context": {"create": False},
            "target": "current",
        }
