from odoo import fields, models


class OnestopProcedureFee(models.Model):
    """A fee or charge (phí, lệ phí) of a procedure, in VND."""

    _name = "onestop.procedure.fee"
    _description = "Fee of a procedure"
    _order = "procedure_id, sequence, id"

    procedure_id = fields.Many2one(
        "onestop.procedure", required=True, ondelete="cascade", index=True
    )
    sequence = fields.Integer(default=10)
    name = fields.Char(required=True, translate=True)
    currency_id = fields.Many2one(related="procedure_id.currency_id")
    amount = fields.Monetary(required=True, default=0.0)
    note = fields.Char(translate=True)

    _sql_constraints = [
        ("amount_positive", "CHECK(amount >= 0)", "A fee cannot be negative."),
    ]
