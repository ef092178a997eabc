from odoo import fields, models


class OnestopProcedureDocument(models.Model):
    """A document that a dossier of the procedure contains (thành phần hồ sơ)."""

    _name = "onestop.procedure.document"
    _description = "Required document of a procedure"
    _order = "procedure_id, sequence, id"

    procedure_id = fields.Many2one(
        "onestop.procedure", required=True, ondelete="cascade", index=True
    )
    sequence = fields.Integer(default=10)
    name = fields.Char(required=True, translate=True)
    originals = fields.Integer(default=1, help="Number of originals to hand in.")
    copies = fields.Integer(default=0, help="Number of copies to hand in.")
    mandatory = fields.Boolean(default=True)
    form_file = fields.Binary(string="Blank form", attachment=True)
    form_filename = fields.Char()
    note = fields.Char(translate=True)

    _sql_constraints = [
        (
            "counts_positive",
            "CHECK(originals >= 0 AND copies >= 0)",
            "The numbers of originals and copies cannot be negative.",
        ),
    ]
