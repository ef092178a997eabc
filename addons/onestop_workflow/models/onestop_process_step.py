from odoo import api, fields, models
from odoo.exceptions import ValidationError

STEP_KINDS = [
    ("reception", "Reception"),
    ("processing", "Appraisal / processing"),
    ("approval", "Review"),
    ("signature", "Signature"),
    ("return", "Return of the result"),
]
ALLOWANCE_UNITS = [("working_hours", "Working hours"), ("working_days", "Working days")]


class OnestopProcessStep(models.Model):
    """A step of an internal process: who does it, in which column, in how much time."""

    _name = "onestop.process.step"
    _description = "Step of an internal process"
    _order = "process_id, sequence, id"

    process_id = fields.Many2one("onestop.process", required=True, index=True, ondelete="cascade")
    procedure_id = fields.Many2one(related="process_id.procedure_id", store=True, index=True)
    sequence = fields.Integer(default=10)
    name = fields.Char(required=True, translate=True)
    kind = fields.Selection(STEP_KINDS, required=True, default="processing")
    stage_id = fields.Many2one(
        "onestop.stage",
        required=True,
        ondelete="restrict",
        help="The kanban column of the dossiers at this step.",
    )
    department_id = fields.Many2one(
        "onestop.department",
        string="Department",
        ondelete="restrict",
        help="Who does the step. Empty: the dossier's receiving unit.",
    )
    group_id = fields.Many2one(
        "res.groups",
        string="Group",
        ondelete="set null",
        help="When set, only members of this group may be assigned the step.",
    )
    user_ids = fields.Many2many(
        "res.users",
        "onestop_process_step_res_users_rel",
        "step_id",
        "user_id",
        string="Users",
        help="When set, only these users may be assigned the step.",
    )
    allowance = fields.Float(required=True, default=1.0)
    allowance_unit = fields.Selection(ALLOWANCE_UNITS, required=True, default="working_hours")
    allowance_hours = fields.Float(
        string="Allowance (working hours)", compute="_compute_allowance_hours", store=True
    )
    note = fields.Text(translate=True)

    _sql_constraints = [
        ("allowance_positive", "CHECK(allowance >= 0)", "A step's allowance cannot be negative."),
    ]

    @api.depends("allowance", "allowance_unit", "process_id.procedure_id", "process_id.agency_id")
    def _compute_allowance_hours(self):
        for step in self:
            if step.allowance_unit == "working_days":
                hours_per_day = step._hours_per_day()
                step.allowance_hours = step.allowance * hours_per_day
            else:
                step.allowance_hours = step.allowance

    def _hours_per_day(self):
        self.ensure_one()
        procedure = self.process_id.procedure_id
        department = (
            self.department_id
            or self.process_id.agency_id
            or procedure.competent_department_id
            or procedure.receiving_department_ids[:1]
        )
        calendar = department._onestop_calendar() if department else False
        calendar = calendar or self.env.ref(
            "onestop_base.calendar_vn_admin", raise_if_not_found=False
        )
        return (calendar and calendar.hours_per_day) or 8.0

    @api.constrains("stage_id", "kind")
    def _check_stage(self):
        expected = {"reception": "received", "return": "resolved"}
        for step in self:
            state = expected.get(step.kind, "processing")
            if step.stage_id.state != state:
                raise ValidationError(
                    self.env._(
                        "The step %(step)s must show in a stage of the state %(state)s.",
                        step=step.name,
                        state=dict(self.env["onestop.stage"]._fields["state"].selection)[state],
                    )
                )

    def _allowed_users(self, department):
        """Who may be assigned this step in ``department``."""
        self.ensure_one()
        if self.user_ids:
            return self.user_ids.filtered("active")
        users = (department.member_ids | department.head_id).filtered("active")
        if self.group_id:
            users = users.filtered(lambda u: self.group_id in u.groups_id)
        return users

    def _next(self):
        """The step after this one in its process."""
        self.ensure_one()
        steps = self.process_id.step_ids.sorted(lambda s: (s.sequence, s.id))
        index = list(steps).index(self)
        return steps[index + 1] if index + 1 < len(steps) else self.browse()

    @api.constrains("allowance", "allowance_unit", "process_id")
    def _check_process_allowance(self):
        self.process_id._check_total_allowance()
