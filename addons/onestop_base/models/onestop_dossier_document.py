from odoo import api, fields, models


class OnestopDossierDocument(models.Model):
    """A line of the dossier's checklist: a required document and what was handed in."""

    _name = "onestop.dossier.document"
    _description = "Document of a dossier"
    _order = "dossier_id, sequence, id"

    dossier_id = fields.Many2one("onestop.dossier", required=True, ondelete="cascade", index=True)
    procedure_document_id = fields.Many2one(
        "onestop.procedure.document", string="Required document", ondelete="set null"
    )
    sequence = fields.Integer(default=10)
    name = fields.Char(required=True)
    mandatory = fields.Boolean()
    originals = fields.Integer(default=1)
    copies = fields.Integer(default=0)
    is_submitted = fields.Boolean(
        string="Handed in",
        compute="_compute_is_submitted",
        store=True,
        readonly=False,
        help="Handed in at the desk, or uploaded.",
    )
    attachment_ids = fields.Many2many(
        "ir.attachment",
        "onestop_dossier_document_attachment_rel",
        "document_id",
        "attachment_id",
        string="Files",
    )
    note = fields.Char()

    _sql_constraints = [
        (
            "counts_positive",
            "CHECK(originals >= 0 AND copies >= 0)",
            "The numbers of originals and copies cannot be negative.",
        ),
    ]

    @api.depends("attachment_ids")
    def _compute_is_submitted(self):
        for line in self:
            if line.attachment_ids:
                line.is_submitted = True
            elif not line.is_submitted:
                line.is_submitted = False
