from odoo import api, fields, models
from odoo.exceptions import UserError


class OnestopReassignWizard(models.TransientModel):
    """A head gives the open step to another officer of the unit."""

    _name = "onestop.reassign.wizard"
    _inherit = "onestop.dossier.action.mixin"
    _description = "Reassign a dossier"
    _onestop_action = "reassign"

    department_id = fields.Many2one(related="dossier_id.current_department_id", string="Unit")
    current_user_id = fields.Many2one(related="dossier_id.user_id", string="Current assignee")
    allowed_user_ids = fields.Many2many("res.users", compute="_compute_allowed_user_ids")
    user_id = fields.Many2one(
        "res.users",
        string="New assignee",
        required=True,
        domain="[('id', 'in', allowed_user_ids)]",
    )
    note = fields.Text()

    @api.depends("dossier_id")
    def _compute_allowed_user_ids(self):
        for wizard in self:
            wizard.allowed_user_ids = wizard._allowed_users()

    def _allowed_users(self):
        self.ensure_one()
        line = self.dossier_id.current_step_id.sudo()
        department = line.department_to_id or self.dossier_id.sudo().department_id
        if line.process_step_id:
            users = line.process_step_id._allowed_users(department)
        else:
            users = (department.member_ids | department.head_id).filtered("active")
        return users - line.user_to_id

    def _onestop_check_input(self):
        if self.user_id not in self._allowed_users():
            raise UserError(
                self.env._(
                    "%(user)s may not take this step: choose another officer of the unit.",
                    user=self.user_id.name,
                )
            )

    def _onestop_apply(self, dossier):
        dossier._onestop_reassign(self.user_id, note=self.note)
