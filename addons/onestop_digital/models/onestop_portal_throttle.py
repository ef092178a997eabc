from odoo import api, fields, models

from odoo.addons.onestop_portal.models.onestop_portal_throttle import _positive_int

VERIFY_LIMIT_PARAM = "onestop_digital.verify_max_per_hour"


class OnestopPortalThrottle(models.Model):
    """The public verification page counts each check: verifying costs the server CPU."""

    _inherit = "onestop.portal.throttle"

    scope = fields.Selection(
        selection_add=[("verify", "Signature checks")], ondelete={"verify": "cascade"}
    )

    @api.model
    def _onestop_limit(self, scope):
        if scope == "verify":
            get = self.env["ir.config_parameter"].sudo().get_param
            return _positive_int(get(VERIFY_LIMIT_PARAM), 30), 60
        return super()._onestop_limit(scope)
