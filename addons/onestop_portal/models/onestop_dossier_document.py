from odoo import fields, models


class OnestopDossierDocument(models.Model):
    _inherit = "onestop.dossier.document"

    portal_other = fields.Boolean(
        string="Other documents sent online",
        readonly=True,
        copy=False,
        help="The line that collects the files a citizen sent online beyond the required "
        "documents.",
    )
