from odoo import api, fields, models
from odoo.exceptions import UserError


class OnestopDossierPause(models.Model):
    """A time when the dossier's clock stood still, waiting for the applicant's supplement.
    A dated fact: statistics read "paused at T" from it, so only the dossier's primitives
    (``_onestop_pause``, ``_onestop_resume``, ``_onestop_close``) write it."""

    _name = "onestop.dossier.pause"
    _description = "Pause of a dossier's clock"
    _order = "date_start desc, id desc"

    dossier_id = fields.Many2one("onestop.dossier", required=True, ondelete="cascade", index=True)
    date_start = fields.Datetime(required=True, index=True, readonly=True)
    date_end = fields.Datetime(index=True, readonly=True)
    reason = fields.Text(readonly=True, help="What the applicant was asked for.")
    working_hours = fields.Float(readonly=True, help="Working time the pause lasted.")
    state_before = fields.Selection(
        [("received", "Received"), ("processing", "Processing")], readonly=True
    )
    user_id = fields.Many2one("res.users", default=lambda self: self.env.user, readonly=True)

    _sql_constraints = [
        (
            "dates_order",
            "CHECK(date_end IS NULL OR date_end >= date_start)",
            "A pause cannot end before it starts.",
        ),
    ]

    @api.model_create_multi
    def create(self, vals_list):
        self._onestop_check_written_by_action()
        return super().create(vals_list)

    def write(self, vals):
        self._onestop_check_written_by_action()
        return super().write(vals)

    def _onestop_check_written_by_action(self):
        if not (self.env.su or self.env.context.get("onestop_action")):
            raise UserError(
                self.env._(
                    "The pauses of a dossier's clock are written by its actions (a supplement "
                    "requested or received), never by hand."
                )
            )
