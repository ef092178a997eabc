from odoo import fields, models
from odoo.exceptions import UserError

from odoo.addons.onestop_base.models.onestop_dossier import RETURN_METHODS


class OnestopReturnWizard(models.TransientModel):
    """Return the result to the applicant: at the desk, online, or by post (with the postal
    tracking number)."""

    _name = "onestop.return.wizard"
    _inherit = "onestop.dossier.action.mixin"
    _description = "Return the result of a dossier"

    dossier_id = fields.Many2one("onestop.dossier", required=True, ondelete="cascade")
    method = fields.Selection(RETURN_METHODS, required=True, default="desk")
    tracking_ref = fields.Char(string="Postal tracking number")

    def action_confirm(self):
        self.ensure_one()
        self._onestop_check_unchanged()
        self.dossier_id._onestop_check_action("return")
        if self.method == "postal" and not (self.tracking_ref or "").strip():
            raise UserError(self.env._("A result sent by post needs the postal tracking number."))
        self.dossier_id.sudo()._onestop_return_result(
            method=self.method,
            tracking_ref=self.tracking_ref.strip() if self.tracking_ref else False,
        )
        return {"type": "ir.actions.act_window_close"}
