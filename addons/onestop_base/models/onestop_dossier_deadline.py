from odoo import api, fields, models
from odoo.exceptions import UserError


class OnestopDossierDeadline(models.Model):
    """A change of a dossier's due date, dated: a pause that moved it, or a new appointment
    after an apology. The due date in force at any past time is read from these lines, so a
    past period's statistics stay the same: only the dossier's ``_set_due_date`` writes them,
    and none is changed afterwards."""

    _name = "onestop.dossier.deadline"
    _description = "Change of a dossier's appointment date"
    _order = "date desc, id desc"

    dossier_id = fields.Many2one("onestop.dossier", required=True, ondelete="cascade", index=True)
    date = fields.Datetime(required=True, index=True, readonly=True, help="When it took effect.")
    due_before = fields.Datetime(string="Previous appointment date", readonly=True)
    due_after = fields.Datetime(string="New appointment date", required=True, readonly=True)
    kind = fields.Selection(
        [("pause", "Pause for supplement"), ("reschedule", "New appointment (apology)")],
        required=True,
        readonly=True,
    )
    reason = fields.Text(readonly=True)
    pause_id = fields.Many2one("onestop.dossier.pause", readonly=True, ondelete="set null")
    user_id = fields.Many2one("res.users", default=lambda self: self.env.user, readonly=True)

    @api.model_create_multi
    def create(self, vals_list):
        if not (self.env.su or self.env.context.get("onestop_action")):
            raise UserError(
                self.env._(
                    "Changes of a dossier's appointment date are written by its actions (a "
                    "supplement received, an apology), never by hand."
                )
            )
        return super().create(vals_list)
