from odoo import api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.onestop_base.tools.working_time import WORKING_HOURS


class OnestopProcedure(models.Model):
    _inherit = "onestop.procedure"

    on_the_spot = fields.Boolean(
        string="Resolved on the spot",
        help='"4 tại chỗ": received, appraised, approved and returned at the counter in one '
        "visit, by an officer holding the rights of every step of the process.",
    )

    @api.constrains("on_the_spot", "time_limit", "time_unit")
    def _check_on_the_spot(self):
        for procedure in self.filtered("on_the_spot"):
            short = procedure.time_limit < 1 or (
                procedure.time_unit == WORKING_HOURS and procedure.time_limit < 8
            )
            if short:
                raise ValidationError(
                    self.env._(
                        "A procedure resolved on the spot keeps its legal time limit of at "
                        "least one working day (the statistics count it as resolved early)."
                    )
                )

    def _onestop_hall_services(self):
        """The hall services (of any desk) that cover the procedure, for online booking."""
        self.ensure_one()
        return (
            self.env["onestop.hall.service"]
            .sudo()
            .search(
                [
                    "|",
                    ("procedure_ids", "in", self.ids),
                    ("field_ids", "in", self.field_id.ids),
                    ("slot_capacity", ">", 0),
                ]
            )
        )
