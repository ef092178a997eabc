from odoo import api, models
from odoo.exceptions import UserError


class OnestopDossierPause(models.Model):
    """Pauses are dated facts that statistics and deadlines read: only the dossier's
    actions (a supplement requested, received, or the dossier ended) write them."""

    _inherit = "onestop.dossier.pause"

    def _onestop_check_written_by_action(self):
        if not (self.env.su or self.env.context.get("onestop_action")):
            raise UserError(
                self.env._(
                    "The pauses of a dossier's clock are written by its actions (a supplement "
                    "requested or received), never by hand."
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        self._onestop_check_written_by_action()
        return super().create(vals_list)

    def write(self, vals):
        self._onestop_check_written_by_action()
        return super().write(vals)
