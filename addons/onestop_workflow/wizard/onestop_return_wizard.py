from odoo import fields, models

from odoo.addons.onestop_base.models.onestop_dossier import RETURN_METHODS


class OnestopReturnWizard(models.TransientModel):
    """Return the result to the applicant: at the desk, online, or by post (with the postal
    tracking number)."""

    _name = "onestop.return.wizard"
    _inherit = "onestop.dossier.action.mixin"
    _description = "Return the result of a dossier"
    _onestop_action = "return"

    method = fields.Selection(RETURN_METHODS, required=True, default="desk")
    tracking_ref = fields.Char(string="Postal tracking number")

    def _onestop_apply(self, dossier):
        # A postal return without a tracking number is refused by the dossier (base).
        dossier._onestop_return_result(
            method=self.method, tracking_ref=(self.tracking_ref or "").strip() or False
        )
