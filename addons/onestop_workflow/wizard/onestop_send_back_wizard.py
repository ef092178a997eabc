from odoo import api, fields, models
from odoo.exceptions import UserError


class OnestopSendBackWizard(models.TransientModel):
    """Send a dossier back to an earlier step, with the reason."""

    _name = "onestop.send.back.wizard"
    _inherit = "onestop.dossier.action.mixin"
    _description = "Send a dossier back"
    _onestop_action = "send_back"

    allowed_line_ids = fields.Many2many("onestop.dossier.step", compute="_compute_allowed_line_ids")
    target_line_id = fields.Many2one(
        "onestop.dossier.step",
        string="Back to",
        compute="_compute_target_line_id",
        store=True,
        readonly=False,
        precompute=True,
        required=True,
        domain="[('id', 'in', allowed_line_ids)]",
        help="The earlier turn whose holder gets the dossier again.",
    )
    user_id = fields.Many2one(related="target_line_id.user_to_id", string="Assignee")
    department_id = fields.Many2one(related="target_line_id.department_to_id", string="Unit")
    reason = fields.Text(required=True)

    @api.depends("dossier_id")
    def _compute_allowed_line_ids(self):
        for wizard in self:
            wizard.allowed_line_ids = wizard.dossier_id._onestop_send_back_targets()

    @api.depends("dossier_id")
    def _compute_target_line_id(self):
        for wizard in self:
            targets = wizard.dossier_id._onestop_send_back_targets()
            if wizard.target_line_id and wizard.target_line_id in targets:
                wizard.target_line_id = wizard.target_line_id
            else:
                wizard.target_line_id = targets[:1]

    def _onestop_check_input(self):
        if self.target_line_id not in self.dossier_id._onestop_send_back_targets():
            raise UserError(self.env._("Choose an earlier step of this dossier."))

    def _onestop_apply(self, dossier):
        dossier._onestop_send_back(self.target_line_id, self.reason)
