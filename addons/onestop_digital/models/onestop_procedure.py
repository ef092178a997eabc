from odoo import fields, models


class OnestopProcedure(models.Model):
    _inherit = "onestop.procedure"

    result_kind_id = fields.Many2one(
        "onestop.document.kind",
        string="Kind of result",
        ondelete="restrict",
        help="The kind under which the results of this procedure enter the applicant's store.",
    )
    result_digitisation_required = fields.Boolean(
        string="Result must be digitised",
        help="The result is returned only once its file is in the applicant's store.",
    )
