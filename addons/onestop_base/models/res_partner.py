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

    def _onestop_address_line(self):
        """The contact's address on one line, without its empty parts."""
        self.ensure_one()
        lines = (self.contact_address or "").split("\n")
        return ", ".join(part for part in (line.strip(" ,") for line in lines) if part)
