from odoo import models


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    def _get_rendering_context(self, report, docids, data):
        # The reports of OneStop's records are official forms, printed in Vietnamese.
        if (report.model or "").startswith("onestop."):
            self.env["res.lang"]._onestop_check_vietnamese()
        return super()._get_rendering_context(report, docids, data)
