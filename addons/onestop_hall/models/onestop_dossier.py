from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError


class OnestopDossier(models.Model):
    """The dossier received from a queue ticket, and "4 tại chỗ": received, appraised,
    approved and returned at the counter in one action."""

    _inherit = "onestop.dossier"

    ticket_id = fields.Many2one(
        "onestop.ticket",
        string="Queue ticket",
        index="btree_not_null",
        copy=False,
        ondelete="set null",
        help="The hall's ticket the dossier was received from.",
    )
    on_the_spot = fields.Boolean(
        string="Resolved on the spot",
        copy=False,
        readonly=True,
        help="Received, appraised, approved and returned at the counter in one visit.",
    )
    procedure_on_the_spot = fields.Boolean(
        related="procedure_id.on_the_spot", string="Procedure resolved on the spot"
    )

    @api.onchange("ticket_id")
    def _onchange_ticket_id(self):
        if self.ticket_id.partner_id and not self.partner_id:
            self.partner_id = self.ticket_id.partner_id

    # ------------------------------------------------------------------ 4 tại chỗ
    def _onestop_on_the_spot_steps(self):
        """The process steps between reception and return, and the unit of each."""
        self.ensure_one()
        process = self.procedure_id._onestop_process_for(self.department_id)
        steps = process.step_ids.sorted(lambda s: (s.sequence, s.id)) if process else []
        return [
            (step, step.department_id or self.department_id)
            for step in steps
            if step.kind not in ("reception", "return")
        ]

    def _onestop_check_on_the_spot(self):
        """The procedure allows it, the dossier can be received, and the officer holds the
        rights of every step of the process (the desk's reception, each step's assignees)."""
        self._check_onestop_group("onestop_base.group_onestop_reception")
        self.check_access("write")
        for dossier in self:
            if not dossier.procedure_id.on_the_spot:
                raise UserError(
                    self.env._(
                        "The procedure %(procedure)s is not resolved on the spot.",
                        procedure=dossier.procedure_id.display_name,
                    )
                )
            dossier._onestop_check_refusal("_onestop_refusal_receive")
            if dossier._onestop_is_admin():
                continue
            user = self.env.user
            if dossier.department_id not in user.sudo().onestop_department_ids:
                raise AccessError(
                    self.env._(
                        "Only the officers of %(desk)s receive its dossiers.",
                        desk=dossier.department_id.display_name,
                    )
                )
            for step, department in dossier._onestop_on_the_spot_steps():
                if user not in step.sudo()._allowed_users(department):
                    raise AccessError(
                        self.env._(
                            "You may not do the step %(step)s of %(procedure)s: an officer "
                            "holding the rights of every step resolves it on the spot.",
                            step=step.name,
                            procedure=dossier.procedure_id.display_name,
                        )
                    )

    def action_on_the_spot(self):
        """Receive, appraise, approve and return at the counter, now."""
        self._check_onestop_group("onestop_base.group_onestop_reception")
        self._onestop_check_on_the_spot()
        self.sudo()._onestop_on_the_spot()
        return True

    def _onestop_on_the_spot(self, when=None):
        """Every turn of the process in one go, each written on the control slip with the
        officer and the time: reception, each step, the result, its return at the desk
        (no rights checks: see ``action_on_the_spot``)."""
        when = when or fields.Datetime.now()
        user = self.env.user
        for dossier in self:
            dossier.with_context(onestop_action=True).write(
                {"on_the_spot": True, "return_method": "desk"}
            )
            dossier._receive(when=when)
            for step, department in dossier._onestop_on_the_spot_steps():
                dossier._onestop_forward(step, user, department, when=when)
            dossier._onestop_record_result(
                note=self.env._("Resolved on the spot (4 tại chỗ)."), when=when
            )
            dossier._onestop_return_result(method="desk", when=when)
        return True
