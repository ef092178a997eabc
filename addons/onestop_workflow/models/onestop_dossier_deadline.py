from odoo import api, models
from odoo.exceptions import UserError


class OnestopDossierDeadline(models.Model):
    """Changes of the appointment date are dated facts: only the dossier's actions (a
    supplement received, an apology) write them, and none is changed afterwards."""

    _inherit = "onestop.dossier.deadline"

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
