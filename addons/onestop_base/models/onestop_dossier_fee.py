from odoo import fields, models


class OnestopDossierFee(models.Model):
    """A fee charged for a dossier."""

    _name = "onestop.dossier.fee"
    _description = "Fee of a dossier"
    _order = "dossier_id, sequence, id"

    dossier_id = fields.Many2one("onestop.dossier", required=True, ondelete="cascade", index=True)
    sequence = fields.Integer(default=10)
    name = fields.Char(required=True)
    currency_id = fields.Many2one(related="dossier_id.currency_id")
    amount = fields.Monetary(default=0.0)

    _sql_constraints = [
        ("amount_positive", "CHECK(amount >= 0)", "A fee cannot be negative."),
    ]
