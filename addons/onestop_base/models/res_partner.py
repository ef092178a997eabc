from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    onestop_id_number = fields.Char(
        string="ID number",
        index=True,
        help="The personal identification number of a citizen (số định danh cá nhân), or the "
        "enterprise code of a business.",
    )
    onestop_birthdate = fields.Date(string="Date of birth")
    onestop_dossier_ids = fields.One2many("onestop.dossier", "partner_id", string="Dossiers")
