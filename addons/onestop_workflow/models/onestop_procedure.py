from odoo import fields, models

from odoo.addons.onestop_base.tools.working_time import WORKING_HOURS


class OnestopProcedure(models.Model):
    _inherit = "onestop.procedure"

    process_ids = fields.One2many("onestop.process", "procedure_id", string="Internal processes")
    process_id = fields.Many2one(
        "onestop.process",
        string="Internal process",
        compute="_compute_process_id",
        help="The active internal process that the procedure's dossiers follow.",
    )

    def _compute_process_id(self):
        processes = self.env["onestop.process"].search([("procedure_id", "in", self.ids)])
        # The process without an agency first: it is the procedure's in general.
        processes = processes.sorted(lambda p: (bool(p.agency_id), p.id))
        for procedure in self:
            procedure.process_id = processes.filtered(lambda p, pr=procedure: p.procedure_id == pr)[
                :1
            ]

    def _onestop_process_for(self, department):
        """The active process that the dossiers received by ``department`` follow: the one of
        the nearest agency above it that has a process of its own, else the process without
        an agency, else none (the dossier is then handled without steps)."""
        self.ensure_one()
        processes = self.env["onestop.process"].sudo().search([("procedure_id", "=", self.id)])
        agency = department.agency_id
        while agency:
            process = processes.filtered(lambda p, a=agency: p.agency_id == a)[:1]
            if process:
                return process.with_env(self.env)
            agency = agency.parent_id.agency_id
        return processes.filtered(lambda p: not p.agency_id)[:1].with_env(self.env)

    def _onestop_limit_hours(self):
        """The time limit in working hours that an internal process must fit in: working days
        times the working calendar's hours per day. A limit in calendar days is bounded the
        same way (a project decision: it always holds at least that many working days). When
        online dossiers have a shorter limit, the shorter one applies."""
        self.ensure_one()
        limits = [self.time_limit]
        if self.time_limit_online:
            limits.append(self.time_limit_online)
        limit = min(limits)
        if self.time_unit == WORKING_HOURS:
            return limit
        department = self.competent_department_id or self.receiving_department_ids[:1]
        calendar = department._onestop_calendar() if department else False
        calendar = calendar or self.env.ref(
            "onestop_base.calendar_vn_admin", raise_if_not_found=False
        )
        return limit * ((calendar and calendar.hours_per_day) or 8.0)

    def action_view_process(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("onestop_workflow.action_process")
        action["domain"] = [("procedure_id", "=", self.id)]
        action["context"] = {"default_procedure_id": self.id, "active_test": False}
        return action
