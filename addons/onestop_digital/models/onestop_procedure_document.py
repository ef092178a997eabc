from odoo import fields, models


class OnestopProcedureDocument(models.Model):
    _inherit = "onestop.procedure.document"

    kind_id = fields.Many2one(
        "onestop.document.kind",
        string="Kind of document",
        index="btree_not_null",
        ondelete="restrict",
        help="A citizen's stored document of this kind is offered instead of a new copy.",
    )
