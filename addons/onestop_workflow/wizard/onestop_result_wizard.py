from odoo import fields, models


class OnestopResultWizard(models.TransientModel):
    """Record the result (the signed decision, certificate...): the dossier is resolved."""

    _name = "onestop.result.wizard"
    _inherit = "onestop.dossier.action.mixin"
    _description = "Record the result of a dossier"
    _onestop_action = "result"

    note = fields.Text(string="Result")
    attachment_ids = fields.Many2many(
        "ir.attachment",
        "onestop_result_wizard_attachment_rel",
        "wizard_id",
        "attachment_id",
        string="Files",
    )

    def _onestop_apply(self, dossier):
        dossier._onestop_record_result(note=self.note, attachments=self.attachment_ids)
