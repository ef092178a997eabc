from odoo import api, fields, models


class OnestopProcedure(models.Model):
    _inherit = "onestop.procedure"

    onestop_catalogue_ids = fields.One2many(
        "onestop.sync.catalogue", "procedure_id", string="National catalogue entry"
    )
    onestop_national_code = fields.Char(
        string="Code on the national portal",
        compute="_compute_onestop_national_code",
        store=True,
        index=True,
        help="The code (MaTTHC) this procedure reports under to the national portal: the "
        "national catalogue entry mapped to it (at the catalogue pull, the entry of the same "
        "code).",
    )

    @api.depends("onestop_catalogue_ids.code", "onestop_catalogue_ids.active")
    def _compute_onestop_national_code(self):
        for procedure in self:
            entry = procedure.onestop_catalogue_ids.filtered("active")[:1]
            procedure.onestop_national_code = entry.code or False
