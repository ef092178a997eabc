from odoo import api, fields, models
from odoo.exceptions import ValidationError


class OnestopProcess(models.Model):
    """The internal process of a procedure (quy trình nội bộ): ordered steps, each with a
    department and a time allowance that together fit in the procedure's time limit.

    A procedure that many agencies handle (every commune registers births) has one process
    per agency, each with the agency's own units and people, and may keep one without an
    agency for the agencies that have none of their own."""

    _name = "onestop.process"
    _description = "Internal process"
    _inherit = ["mail.thread"]
    _order = "procedure_id, id"

    name = fields.Char(required=True, translate=True, tracking=True)
    procedure_id = fields.Many2one(
        "onestop.procedure", required=True, index=True, ondelete="cascade", tracking=True
    )
    agency_id = fields.Many2one(
        "onestop.department",
        string="Agency",
        index=True,
        ondelete="restrict",
        tracking=True,
        domain="[('kind', '=', 'agency')]",
        help="The agency whose dossiers follow this process: those received by its desks. "
        "Empty: the dossiers of the agencies without a process of their own.",
    )
    active = fields.Boolean(default=True, tracking=True)
    step_ids = fields.One2many("onestop.process.step", "process_id", string="Steps", copy=True)
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        compute="_compute_company_id",
        store=True,
        readonly=False,
        precompute=True,
    )
    total_hours = fields.Float(
        string="Total allowance (working hours)", compute="_compute_total_hours", store=True
    )
    limit_hours = fields.Float(
        string="Time limit (working hours)",
        compute="_compute_limit_hours",
        help="The procedure's time limit in working hours: the steps must fit in it.",
    )
    note = fields.Text()

    @api.depends("procedure_id")
    def _compute_company_id(self):
        for process in self:
            process.company_id = process.procedure_id.company_id or self.env.company

    @api.depends("step_ids.allowance_hours")
    def _compute_total_hours(self):
        for process in self:
            process.total_hours = sum(process.step_ids.mapped("allowance_hours"))

    @api.depends("procedure_id.time_limit", "procedure_id.time_unit")
    def _compute_limit_hours(self):
        for process in self:
            process.limit_hours = process.procedure_id._onestop_limit_hours()

    @api.constrains("active", "procedure_id", "agency_id")
    def _check_one_active_process(self):
        for process in self.filtered("active"):
            others = self.search_count(
                [
                    ("procedure_id", "=", process.procedure_id.id),
                    ("agency_id", "=", process.agency_id.id),
                    ("active", "=", True),
                    ("id", "!=", process.id),
                ]
            )
            if others and process.agency_id:
                raise ValidationError(
                    self.env._(
                        "The procedure %(procedure)s already has an active process for "
                        "%(agency)s: archive it before activating another one.",
                        procedure=process.procedure_id.display_name,
                        agency=process.agency_id.display_name,
                    )
                )
            if others:
                raise ValidationError(
                    self.env._(
                        "The procedure %(procedure)s already has an active process: archive it "
                        "before activating another one.",
                        procedure=process.procedure_id.display_name,
                    )
                )

    @api.constrains("agency_id")
    def _check_agency(self):
        for process in self.filtered("agency_id"):
            if process.agency_id.kind != "agency":
                raise ValidationError(
                    self.env._(
                        "The process %(process)s must belong to an agency, not to %(department)s.",
                        process=process.name,
                        department=process.agency_id.display_name,
                    )
                )

    @api.constrains("step_ids", "procedure_id")
    def _check_total_allowance(self):
        for process in self:
            limit = process.procedure_id._onestop_limit_hours()
            total = sum(process.step_ids.mapped("allowance_hours"))
            if total > limit + 1e-6:
                raise ValidationError(
                    self.env._(
                        "The steps of the process %(process)s need %(total)s working hours, "
                        "more than the time limit of the procedure %(procedure)s "
                        "(%(limit)s working hours).",
                        process=process.name,
                        total=round(total, 2),
                        procedure=process.procedure_id.display_name,
                        limit=round(limit, 2),
                    )
                )

    def _first_step(self):
        self.ensure_one()
        return self.step_ids.sorted(lambda s: (s.sequence, s.id))[:1]
