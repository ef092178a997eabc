from odoo import api, fields, models
from odoo.exceptions import UserError

# Written only by the actions (send, cancel).
PROTECTED_FIELDS = {"state", "date", "user_id", "due_before"}


class OnestopDossierApology(models.Model):
    """An apology with a new appointment date (phiếu xin lỗi và hẹn lại ngày trả kết quả, form
    04). At most one is sent per dossier, at least one working day before the due date. The
    deadline job prepares drafts for dossiers at risk of being late."""

    _name = "onestop.dossier.apology"
    _description = "Apology and new appointment"
    _order = "id desc"

    dossier_id = fields.Many2one("onestop.dossier", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="dossier_id.company_id", store=True, index=True)
    partner_id = fields.Many2one(related="dossier_id.partner_id", string="Applicant")
    state = fields.Selection(
        [("draft", "Draft"), ("sent", "Sent"), ("cancel", "Cancelled")],
        required=True,
        default="draft",
        index=True,
        readonly=True,
    )
    current_due_date = fields.Datetime(
        related="dossier_id.due_date", string="Current appointment date"
    )
    due_before = fields.Datetime(string="Former appointment date", readonly=True, copy=False)
    new_due_date = fields.Datetime(string="New appointment date", required=True)
    reason = fields.Text(required=True, help="Why the result will be late, told to the applicant.")
    date = fields.Datetime(string="Sent on", readonly=True, copy=False)
    user_id = fields.Many2one("res.users", string="Sent by", readonly=True, copy=False)
    is_proposal = fields.Boolean(
        readonly=True, help="Prepared by the deadline job for a dossier at risk of being late."
    )

    @api.model_create_multi
    def create(self, vals_list):
        if any(PROTECTED_FIELDS & set(vals) for vals in vals_list):
            self._onestop_check_action_flag()
        return super().create(vals_list)

    def write(self, vals):
        if self.filtered(lambda a: a.state != "draft") and not self.env.context.get(
            "onestop_action"
        ):
            raise UserError(self.env._("An apology that has been sent cannot be changed."))
        if PROTECTED_FIELDS & set(vals):
            self._onestop_check_action_flag()
        return super().write(vals)

    def _onestop_check_action_flag(self):
        """Sending (state, date, sender, former date) happens only through the action."""
        if not (self.env.su or self.env.context.get("onestop_action")):
            raise UserError(
                self.env._("An apology is sent or cancelled with its buttons, never by hand.")
            )

    @api.ondelete(at_uninstall=False)
    def _unlink_only_drafts(self):
        if self.filtered(lambda a: a.state == "sent"):
            raise UserError(self.env._("An apology that has been sent cannot be deleted."))

    def action_confirm(self):
        """Send the apology: the dossier gets its new appointment date (once only)."""
        for apology in self:
            if apology.state != "draft":
                raise UserError(self.env._("This apology has been sent already."))
            apology.dossier_id._onestop_check_can_act(desk=True)
            apology.dossier_id.sudo()._onestop_apologise(
                apology.sudo(), apology.new_due_date, apology.reason
            )
        return {"type": "ir.actions.act_window_close"}

    def action_cancel(self):
        self.filtered(lambda a: a.state == "draft").with_context(onestop_action=True).write(
            {"state": "cancel"}
        )
        return {"type": "ir.actions.act_window_close"}

    def action_print(self):
        return self.env.ref("onestop_workflow.action_report_form_apology").report_action(self)
