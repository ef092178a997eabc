from odoo import api, fields, models
from odoo.modules import module

from odoo.addons.onestop_portal.models.onestop_portal_throttle import _positive_int

# The kiosk's tickets per client and hour: a kiosk in a busy hall issues a few hundred an
# hour from one address; a script issuing more is refused like the tracking page's lookups.
KIOSK_LIMIT = ("onestop_hall.kiosk_max_per_hour", 400)
BOOKING_LIMIT = ("onestop_hall.booking_max_per_hour", 10)


class OnestopPortalThrottle(models.Model):
    """The portal's abuse limits, reused by the kiosk and the online booking."""

    _inherit = "onestop.portal.throttle"

    scope = fields.Selection(
        selection_add=[("kiosk", "Kiosk tickets"), ("booking", "Online bookings")],
        ondelete={"kiosk": "cascade", "booking": "cascade"},
    )

    @api.model
    def _onestop_limit(self, scope):
        if scope in ("kiosk", "booking"):
            param, default = KIOSK_LIMIT if scope == "kiosk" else BOOKING_LIMIT
            value = self.env["ir.config_parameter"].sudo().get_param(param)
            return _positive_int(value, default), 60
        return super()._onestop_limit(scope)

    @api.model
    def _onestop_hit(self, scope, client_key, now=None):
        """The kiosk's and the booking's hits are counted in a short transaction of their
        own (READ COMMITTED): the kiosks of a hall share one address, and in the request's
        snapshot two of them counting at once would fail with a serialisation error."""
        if scope not in ("kiosk", "booking") or module.current_test or not self.env.registry.ready:
            return super()._onestop_hit(scope, client_key, now=now)
        with self.env.registry.cursor() as cr:
            cr.execute("SET TRANSACTION ISOLATION LEVEL READ COMMITTED")
            return super(OnestopPortalThrottle, self.with_env(self.env(cr=cr)))._onestop_hit(
                scope, client_key, now=now
            )
