from odoo import fields, models


class OnestopProcedureField(models.Model):
    """The sector of a procedure (lĩnh vực): civil status, land, construction, business..."""

    _name = "onestop.procedure.field"
    _description = "Procedure field"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(index=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    procedure_ids = fields.One2many("onestop.procedure", "field_id", string="Procedures")
    procedure_count = fields.Integer(compute="_compute_procedure_count")

    _sql_constraints = [("code_unique", "unique(code)", "The code of a field must be unique.")]

    def _compute_procedure_count(self):
        counts = dict(
            self.env["onestop.procedure"]._read_group(
                [("field_id", "in", self.ids)], ["field_id"], ["__count"]
            )
        )
        for field in self:
            field.procedure_count = counts.get(field, 0)
