from odoo import fields, models


class OnestopAdminLevel(models.Model):
    """An administrative level (ministry, province, commune...). Levels are data: since 2025
    local government has two levels where it had three, and nothing may assume a number."""

    _name = "onestop.admin.level"
    _description = "Administrative level"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True, index=True)
    sequence = fields.Integer(default=10, help="Higher levels first.")
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("code_unique", "unique(code)", "The code of an administrative level must be unique."),
    ]
