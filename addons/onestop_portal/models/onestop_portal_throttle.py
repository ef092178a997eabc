import hashlib
import hmac
from datetime import timedelta

from odoo import api, fields, models

# scope -> (config parameter of the limit, default limit, parameter of the window, default
# window in minutes)
LIMITS = {
    "lookup": ("onestop_portal.lookup_max_failures", 5, "onestop_portal.lookup_window_minutes", 15),
    "submit": ("onestop_portal.submit_max_per_hour", 20, False, 60),
    "rating": ("onestop_portal.rating_max_per_hour", 20, False, 60),
}


def _positive_int(value, default):
    try:
        number = int(value)
    except (TypeError, ValueError):
        return default
    return number if number > 0 else default


class OnestopPortalThrottle(models.Model):
    """How often one client (a keyed hash of its IP address, never the address itself) did
    something the portal limits: failed lookups, submissions, ratings. Stored in the
    database so that every worker process counts the same hits."""

    _name = "onestop.portal.throttle"
    _description = "Portal abuse limit"
    _order = "window_start desc, id desc"
    _log_access = False

    scope = fields.Selection(
        [("lookup", "Failed lookups"), ("submit", "Online submissions"), ("rating", "Ratings")],
        required=True,
        readonly=True,
    )
    client_key = fields.Char(
        string="Client", required=True, readonly=True, help="A keyed hash of the IP address."
    )
    hits = fields.Integer(readonly=True)
    window_start = fields.Datetime(required=True, readonly=True, index=True)

    _sql_constraints = [
        ("client_unique", "unique(scope, client_key)", "One counter per client and scope."),
    ]

    @api.model
    def _onestop_client_key(self, address):
        secret = self.env["ir.config_parameter"].sudo().get_param("database.secret") or ""
        digest = hmac.new(secret.encode(), (address or "-").encode(), hashlib.sha256)
        return digest.hexdigest()[:32]

    @api.model
    def _onestop_limit(self, scope):
        """``(limit, window in minutes)`` of ``scope``: the settings, or the defaults when a
        setting is missing or not a whole number."""
        limit_param, limit, window_param, window = LIMITS[scope]
        get = self.env["ir.config_parameter"].sudo().get_param
        limit = _positive_int(get(limit_param), limit)
        if window_param:
            window = _positive_int(get(window_param), window)
        return limit, window

    @api.model
    def _onestop_blocked(self, scope, client_key, now=None):
        """Whether the client used up its allowance for ``scope`` in the current window."""
        now = now or fields.Datetime.now()
        limit, window = self._onestop_limit(scope)
        self.env.cr.execute(
            """
            SELECT hits FROM onestop_portal_throttle
             WHERE scope = %s AND client_key = %s AND window_start > %s
            """,
            [scope, client_key, now - timedelta(minutes=window)],
        )
        row = self.env.cr.fetchone()
        return bool(row and row[0] >= limit)

    @api.model
    def _onestop_hit(self, scope, client_key, now=None):
        """Count one hit of the client (atomically: concurrent workers add up) and return
        the hits of the current window."""
        now = now or fields.Datetime.now()
        _limit, window = self._onestop_limit(scope)
        self.env.cr.execute(
            """
            INSERT INTO onestop_portal_throttle AS t (scope, client_key, hits, window_start)
            VALUES (%(scope)s, %(key)s, 1, %(now)s)
            ON CONFLICT (scope, client_key) DO UPDATE
               SET hits = CASE WHEN t.window_start <= %(expired)s THEN 1 ELSE t.hits + 1 END,
                   window_start = CASE WHEN t.window_start <= %(expired)s
                                       THEN %(now)s ELSE t.window_start END
            RETURNING hits
            """,
            {
                "scope": scope,
                "key": client_key,
                "now": now,
                "expired": now - timedelta(minutes=window),
            },
        )
        self.invalidate_model()
        return self.env.cr.fetchone()[0]

    @api.model
    def _cron_onestop_cleanup(self):
        """Forget the counters of windows that ended more than a day ago."""
        self.env.cr.execute(
            "DELETE FROM onestop_portal_throttle WHERE window_start < %s",
            [fields.Datetime.now() - timedelta(days=1)],
        )
        return True
