from odoo import fields, models


class OnestopResultWizard(models.TransientModel):
    """Record the result (the signed decision, certificate...): the dossier is resolved."""

    _name = "onestop.result.wizard"
    _inherit = "onestop.dossier.action.mixin"
    _description = "Record the result of a dossier"

    dossier_id = fields.Many2one("onestop.dossier", required=True, ondelete="cascade")
    note = fields.Text(string="Result")
    attachment_ids = fields.Many2many(
        "ir.attachment",
        "onestop_result_wizard_attachment_rel",
        "wizard_id",
        "attachment_id",
        string="Files",
    )

    def action_confirm(self):
        self.ensure_one()
        self._onestop_check_unchanged()
        self.dossier_id._onestop_check_action("result")
        self.dossier_id.sudo()._onestop_record_result(
            note=self.note, attachments=self.attachment_ids
        )
        return {"type": "ir.actions.act_window_close"}
