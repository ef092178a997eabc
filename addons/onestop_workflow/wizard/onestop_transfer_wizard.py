from odoo import api, fields, models
from odoo.exceptions import UserError


class OnestopTransferWizard(models.TransientModel):
    """Send a part of the work to a unit of another agency (liên thông)."""

    _name = "onestop.transfer.wizard"
    _inherit = "onestop.dossier.action.mixin"
    _description = "Inter-agency transfer"
    _onestop_action = "transfer"

    agency_id = fields.Many2one(related="dossier_id.department_id.agency_id")
    department_id = fields.Many2one(
        "onestop.department",
        string="Unit of another agency",
        required=True,
        domain="[('agency_id', '!=', agency_id)]",
    )
    allowed_user_ids = fields.Many2many("res.users", compute="_compute_allowed_user_ids")
    user_id = fields.Many2one(
        "res.users",
        string="Assignee",
        domain="[('id', 'in', allowed_user_ids)]",
        help="Empty: the unit's head.",
    )
    work = fields.Text(string="Work asked", required=True)
    allowance = fields.Float(required=True, default=1.0)
    allowance_unit = fields.Selection(
        [("working_hours", "Working hours"), ("working_days", "Working days")],
        required=True,
        default="working_days",
    )

    @api.depends("department_id")
    def _compute_allowed_user_ids(self):
        for wizard in self:
            department = wizard.department_id.sudo()
            wizard.allowed_user_ids = (department.member_ids | department.head_id).filtered(
                "active"
            )

    def _onestop_check_input(self):
        if self.user_id and self.user_id not in self.allowed_user_ids:
            raise UserError(
                self.env._(
                    "%(user)s does not work in %(unit)s.",
                    user=self.user_id.name,
                    unit=self.department_id.display_name,
                )
            )

    def _onestop_apply(self, dossier):
        # An allowance of nothing is refused by the dossier's _onestop_transfer.
        hours = self.allowance
        if self.allowance_unit == "working_days":
            calendar = self.department_id.sudo()._onestop_calendar()
            hours *= calendar.hours_per_day or 8.0
        dossier._onestop_transfer(self.department_id.sudo(), self.work, hours, user=self.user_id)
