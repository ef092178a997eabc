from odoo import fields, models

ACTION_BY_STATE = {"refused": "refuse", "withdrawn": "withdraw", "stopped": "stop"}


class OnestopCloseWizard(models.TransientModel):
    """Refuse (form 03, with the reasons), stop, or withdraw at the applicant's request."""

    _name = "onestop.close.wizard"
    _inherit = "onestop.dossier.action.mixin"
    _description = "End a dossier without a result"

    dossier_id = fields.Many2one("onestop.dossier", required=True, ondelete="cascade")
    close_state = fields.Selection(
        [("refused", "Refuse"), ("withdrawn", "Withdraw"), ("stopped", "Stop")],
        string="Action",
        required=True,
        default="refused",
    )
    reason = fields.Text(string="Reasons", required=True)

    def action_confirm(self):
        self.ensure_one()
        self._onestop_check_unchanged()
        self.dossier_id._onestop_check_action(ACTION_BY_STATE[self.close_state])
        self.dossier_id.sudo()._onestop_end(self.close_state, self.reason)
        return {"type": "ir.actions.act_window_close"}
