from odoo import api, fields, models


class OnestopSupplementWizard(models.TransientModel):
    """Request a supplement (form 02): one list of everything missing. The clocks stop until
    the applicant hands it in."""

    _name = "onestop.supplement.wizard"
    _inherit = "onestop.dossier.action.mixin"
    _description = "Request a supplement"
    _onestop_action = "supplement"

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

    def _onestop_apply(self, dossier):
        dossier._onestop_request_supplement(self.missing)
