from odoo import fields, models


class OnestopDocumentKind(models.Model):
    """A kind of document (identity card, birth certificate, land-use right certificate...):
    shared by the procedures' required documents, the dossiers' lines and the citizens' store,
    so that a stored document is offered where a procedure asks for its kind."""

    _name = "onestop.document.kind"
    _description = "Kind of document"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True, index=True)
    sequence = fields.Integer(default=10)
    reusable = fields.Boolean(
        default=True,
        help="Documents of this kind enter the citizen's store when the desk digitises them, "
        "and are offered again in later dossiers.",
    )
    validity_months = fields.Integer(
        string="Valid for (months)",
        help="How long a document of this kind stays valid after its issue date; 0: no limit.",
    )
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("code_unique", "unique(code)", "The code of a kind of document is unique."),
        ("validity_positive", "CHECK(validity_months >= 0)", "The validity cannot be negative."),
    ]
