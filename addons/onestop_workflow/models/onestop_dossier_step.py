from odoo import api, fields, models
from odoo.exceptions import UserError

from odoo.addons.onestop_base.models.onestop_dossier import TIMINGS

LINE_KINDS = [
    ("reception", "Reception"),
    ("handover", "Handover"),
    ("send_back", "Sent back"),
    ("supplement_request", "Supplement requested"),
    ("supplement_received", "Supplement received"),
    ("refusal", "Refusal"),
    ("reschedule", "New appointment"),
    ("stop", "Stop"),
    ("withdrawal", "Withdrawal"),
    ("result", "Result"),
    ("return", "Result returned"),
    ("transfer", "Inter-agency transfer"),
    ("reassign", "Reassignment"),
]
# Lines that hand the dossier to someone for a time (a turn); the others record an event.
TURN_KINDS = ("reception", "handover", "send_back", "reassign")
WRITE_FLAG = "onestop_step_action"


class OnestopDossierStep(models.Model):
    """A line of the control slip (phiếu kiểm soát quá trình giải quyết hồ sơ, form 05): a
    handover or a turn of the dossier, dated. Written by the dossier's actions only; a line
    that has ended never changes, and no line is ever deleted."""

    _name = "onestop.dossier.step"
    _description = "Control slip line"
    _order = "dossier_id, sequence, id"

    dossier_id = fields.Many2one("onestop.dossier", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="dossier_id.company_id", store=True, index=True)
    process_step_id = fields.Many2one(
        "onestop.process.step", string="Process step", index=True, ondelete="restrict"
    )
    sequence = fields.Integer(default=10)
    name = fields.Char(required=True)
    kind = fields.Selection(LINE_KINDS, required=True)
    user_from_id = fields.Many2one("res.users", string="From", ondelete="restrict")
    user_to_id = fields.Many2one("res.users", string="To", index=True, ondelete="restrict")
    department_from_id = fields.Many2one(
        "onestop.department", string="From unit", ondelete="restrict"
    )
    department_to_id = fields.Many2one(
        "onestop.department", string="To unit", index=True, ondelete="restrict"
    )
    date_start = fields.Datetime(string="Start", required=True, index=True)
    date_due = fields.Datetime(string="Due", index=True)
    date_end = fields.Datetime(string="End", index=True)
    result = fields.Selection(
        TIMINGS, help="Ended before the due date's day, on that day in time, or late."
    )
    paused_hours = fields.Float(help="Working time the line spent waiting for a supplement.")
    note = fields.Text()
    kind_label = fields.Char(compute="_compute_kind_label", string="Kind label")
    is_turn = fields.Boolean(
        compute="_compute_is_turn", store=True, help="The line hands the dossier to someone."
    )
    overdue = fields.Boolean(
        index=True, help="Flagged by the deadline job: the line ran past its due time."
    )
    reminder_sent = fields.Boolean(help="The assignee has an activity for the coming due time.")
    head_notified = fields.Boolean(help="The department head was told that the line is late.")

    @api.depends_context("lang")
    @api.depends("kind")
    def _compute_kind_label(self):
        labels = dict(self._fields["kind"]._description_selection(self.env))
        for line in self:
            line.kind_label = labels.get(line.kind, "")

    @api.depends("kind")
    def _compute_is_turn(self):
        for line in self:
            line.is_turn = line.kind in TURN_KINDS

    @api.depends("dossier_id", "name")
    def _compute_display_name(self):
        for line in self:
            line.display_name = "%s - %s" % (line.dossier_id.display_name, line.name)

    # ------------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.context.get(WRITE_FLAG):
            raise UserError(
                self.env._(
                    "Control slip lines are written by the dossier's actions (forward, send "
                    "back, supplement...), never by hand."
                )
            )
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.context.get(WRITE_FLAG):
            raise UserError(
                self.env._("A control slip line cannot be changed: it is a record of the state.")
            )
        ended = self.filtered("date_end")
        if ended:
            raise UserError(
                self.env._(
                    "The control slip line %(line)s has ended: it cannot be changed.",
                    line=ended[0].display_name,
                )
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(
            self.env._("A control slip line cannot be deleted: it is a record of the state.")
        )

    # ------------------------------------------------------------------ business methods
    def _close(self, when, note=False):
        """End the line at ``when`` and judge it against its due time."""
        for line in self:
            vals = {"date_end": when}
            if line.date_due:
                timing = line.dossier_id._onestop_working_time().timing(when, line.date_due)
                vals["result"] = timing
                vals["overdue"] = timing == "late"
            if note:
                vals["note"] = "%s\n%s" % (line.note, note) if line.note else note
            line.with_context(**{WRITE_FLAG: True}).write(vals)
        return True
