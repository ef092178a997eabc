from odoo import api, fields, models
from odoo.exceptions import UserError


class OnestopForwardWizard(models.TransientModel):
    """Forward a dossier to the next step of its process: choose the assignee within the
    step's unit."""

    _name = "onestop.forward.wizard"
    _inherit = "onestop.dossier.action.mixin"
    _description = "Forward a dossier"
    _onestop_action = "forward"

    process_step_id = fields.Many2one(
        "onestop.process.step",
        string="Next step",
        compute="_compute_process_step_id",
        readonly=True,
    )
    free = fields.Boolean(
        compute="_compute_process_step_id",
        help="The dossier follows no process: forward it to any unit.",
    )
    department_id = fields.Many2one(
        "onestop.department",
        string="Unit",
        compute="_compute_department_id",
        store=True,
        readonly=False,
        precompute=True,
        required=True,
    )
    allowed_user_ids = fields.Many2many("res.users", compute="_compute_allowed_user_ids")
    user_id = fields.Many2one(
        "res.users",
        string="Assignee",
        compute="_compute_user_id",
        store=True,
        readonly=False,
        precompute=True,
        required=True,
        domain="[('id', 'in', allowed_user_ids)]",
    )
    date_due = fields.Datetime(string="Due", compute="_compute_date_due")
    note = fields.Text()

    @api.depends("dossier_id")
    def _compute_process_step_id(self):
        for wizard in self:
            dossier = wizard.dossier_id
            wizard.free = not dossier.process_id
            wizard.process_step_id = dossier._onestop_next_step() if dossier else False

    @api.depends("process_step_id", "dossier_id")
    def _compute_department_id(self):
        for wizard in self:
            if wizard.process_step_id:
                wizard.department_id = (
                    wizard.process_step_id.department_id or wizard.dossier_id.department_id
                )
            elif not wizard.department_id:
                wizard.department_id = wizard.dossier_id.current_department_id

    @api.depends("department_id", "process_step_id")
    def _compute_allowed_user_ids(self):
        for wizard in self:
            wizard.allowed_user_ids = wizard._allowed_users()

    def _allowed_users(self):
        self.ensure_one()
        department = self.department_id.sudo()
        if self.process_step_id:
            return self.process_step_id.sudo()._allowed_users(department)
        return (department.member_ids | department.head_id).filtered("active")

    @api.depends("department_id", "process_step_id")
    def _compute_user_id(self):
        for wizard in self:
            allowed = wizard._allowed_users()
            if wizard.user_id and wizard.user_id in allowed:
                wizard.user_id = wizard.user_id
            else:
                wizard.user_id = wizard._default_user(allowed)

    def _default_user(self, allowed):
        """The head for a review or a signature; for other steps the officer of the unit with
        the fewest open turns (the head last)."""
        head = self.department_id.sudo().head_id
        if self.process_step_id.kind in ("approval", "signature") and head in allowed:
            return head
        others = allowed - head or allowed
        if len(others) <= 1:
            return others
        load = dict(
            self.env["onestop.dossier.step"]
            .sudo()
            ._read_group(
                [
                    ("date_end", "=", False),
                    ("is_turn", "=", True),
                    ("user_to_id", "in", others.ids),
                ],
                ["user_to_id"],
                ["__count"],
            )
        )
        return others.sorted(lambda u: (load.get(u, 0), u.id))[:1]

    @api.depends("process_step_id", "dossier_id")
    def _compute_date_due(self):
        now = fields.Datetime.now()
        for wizard in self:
            wizard.date_due = (
                wizard.dossier_id._onestop_step_due(wizard.process_step_id, now)
                if wizard.dossier_id
                else False
            )

    def _onestop_check_input(self):
        if self.user_id not in self._allowed_users():
            raise UserError(
                self.env._(
                    "%(user)s may not be assigned this step: choose someone of %(unit)s.",
                    user=self.user_id.name,
                    unit=self.department_id.display_name,
                )
            )

    def _onestop_apply(self, dossier):
        dossier._onestop_forward(
            self.process_step_id, self.user_id, self.department_id, note=self.note
        )
