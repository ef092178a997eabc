from odoo import fields, models

ACTION_BY_STATE = {"refused": "refuse", "withdrawn": "withdraw", "stopped": "stop"}


class OnestopCloseWizard(models.TransientModel):
    """Refuse (form 03, with the reasons), stop, or withdraw at the applicant's request."""

    _name = "onestop.close.wizard"
    _inherit = "onestop.dossier.action.mixin"
    _description = "End a dossier without a result"

    close_state = fields.Selection(
        [("refused", "Refuse"), ("withdrawn", "Withdraw"), ("stopped", "Stop")],
        string="Action",
        required=True,
        default="refused",
    )
    reason = fields.Text(string="Reasons", required=True)

    def _onestop_action_key(self):
        return ACTION_BY_STATE[self.close_state]

    def _onestop_apply(self, dossier):
        dossier._onestop_end(self.close_state, self.reason)
