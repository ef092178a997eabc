from odoo import api, fields, models


class OnestopSupplementWizard(models.TransientModel):
    """Request a supplement (form 02): one list of everything missing. The clocks stop until
    the applicant hands it in."""

    _name = "onestop.supplement.wizard"
    _inherit = "onestop.dossier.action.mixin"
    _description = "Request a supplement"

    dossier_id = fields.Many2one("onestop.dossier", required=True, ondelete="cascade")
    document_ids = fields.Many2many(
        "onestop.dossier.document",
        string="Documents to complete",
        domain="[('dossier_id', '=', dossier_id)]",
    )
    missing = fields.Text(
        string="Everything missing",
        compute="_compute_missing",
        store=True,
        readonly=False,
        precompute=True,
        required=True,
        help="One list of everything the applicant must add or correct: it is sent once.",
    )

    @api.depends("document_ids")
    def _compute_missing(self):
        for wizard in self:
            lines = ["- %s" % document.name for document in wizard.document_ids]
            if lines:
                wizard.missing = "\n".join(lines)

    def action_confirm(self):
        self.ensure_one()
        self._onestop_check_unchanged()
        self.dossier_id._onestop_check_action("supplement")
        self.dossier_id.sudo()._onestop_request_supplement(self.missing)
        return {"type": "ir.actions.act_window_close"}
