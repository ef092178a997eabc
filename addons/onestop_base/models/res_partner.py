from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    onestop_id_number = fields.Char(
        string="Personal ID number",
        index=True,
        help="Số định danh cá nhân (citizen identity card number), or the enterprise code for "
        "a business.",
    )
    onestop_birthdate = fields.Date(string="Date of birth")
    onestop_dossier_ids = fields.One2many("onestop.dossier", "partner_id", string="Dossiers")
