import logging
from datetime import timedelta

import requests

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

_logger = logging.getLogger(__name__)

ADMIN = "onestop_base.group_onestop_admin"


class PortalDown(Exception):
    """The portal did not answer (refused connection, timeout, dropped connection, 5xx): try
    again later; the endpoint pauses meanwhile."""


class PortalError(Exception):
    """The portal answered, but not with success (an error code, a malformed answer): the
    event is retried with backoff, then dead."""


class OnestopSyncEndpoint(models.Model):
    """Where and how to reach the National Public Service Portal (DVCQG).

    The credentials and the session token are read only by OneStop administrators (the model's
    access rights and the fields' groups) and never written to the logs or the chatter."""

    _name = "onestop.sync.endpoint"
    _description = "National portal endpoint"
    _order = "sequence, id"

    name = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    url = fields.Char(
        string="URL",
        required=True,
        help="The portal's service address; the verbs (login, DongBoHoSoMC, "
        "CapNhatTienDoHoSoMC, TraCuuHoSo, catalogues) are appended to it.",
    )
    agency_code = fields.Char(
        required=True, help="The agency code the portal gave the province (sent as a header)."
    )
    username = fields.Char(groups=ADMIN, copy=False)
    password = fields.Char(groups=ADMIN, copy=False)
    session_token = fields.Char(groups=ADMIN, copy=False, readonly=True)
    session_expiry = fields.Datetime(groups=ADMIN, copy=False, readonly=True)
    timeout = fields.Integer(
        string="Timeout (seconds)", default=20, help="How long one call may take."
    )
    max_attempts = fields.Integer(
        default=8,
        help="After this many answers refusing it (an error, a malformed answer) an event is "
        "dead (kept for a retry). An outage kills no event.",
    )
    retry_delay = fields.Integer(
        string="First retry after (seconds)",
        default=60,
        help="The wait after the first failure; it doubles at each further failure.",
    )
    max_pause = fields.Integer(
        string="Longest pause (seconds)",
        default=600,
        help="While the portal does not answer, the pause between two calls doubles up to " "this.",
    )
    down_until = fields.Datetime(
        readonly=True,
        copy=False,
        help="The portal did not answer: no call is made before this time.",
    )
    last_error = fields.Char(readonly=True, copy=False)
    outages = fields.Integer(
        readonly=True, copy=False, help="Calls without an answer in a row: each doubles the pause."
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )

    _sql_constraints = [
        ("timeout_positive", "CHECK(timeout > 0)", "The timeout must be positive."),
        ("attempts_positive", "CHECK(max_attempts > 0)", "The attempts must be positive."),
        (
            "delays_positive",
            "CHECK(retry_delay > 0 AND max_pause > 0)",
            "The delays must be positive.",
        ),
    ]

    @api.constrains("url")
    def _check_url(self):
        for endpoint in self:
            if not (endpoint.url or "").startswith(("http://", "https://")):
                raise ValidationError(
                    self.env._("The portal's URL starts with http:// or https://.")
                )

    # ------------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        endpoints = super().create(vals_list)
        if endpoints.filtered("active"):
            # Events written while no endpoint existed leave now.
            self.env["onestop.sync.event"]._onestop_enqueue_waiting()
        return endpoints

    def write(self, vals):
        if {"url", "username", "password", "agency_code"} & set(vals):
            vals = dict(vals, session_token=False, session_expiry=False)
        res = super().write(vals)
        if vals.get("active") or "down_until" in vals and not vals["down_until"]:
            self.env["onestop.sync.event"]._onestop_enqueue_waiting()
        return res

    # ------------------------------------------------------------------ actions
    def action_test_connection(self):
        self.ensure_one()
        self.check_access("write")
        try:
            self.sudo()._login()
        except (PortalDown, PortalError) as error:
            raise UserError(
                self.env._("The portal refused the session: %(error)s", error=error)
            ) from None
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._("The portal opened a session."),
            },
        }

    def action_pull_catalogue(self):
        self.ensure_one()
        try:
            counts = self.env["onestop.sync.catalogue"]._onestop_pull(self)
        except (PortalDown, PortalError) as error:
            raise UserError(
                self.env._("The catalogue could not be pulled: %(error)s", error=error)
            ) from None
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._(
                    "Catalogue pulled: %(agencies)s agencies, %(fields)s fields, "
                    "%(procedures)s procedures (%(mapped)s mapped to ours).",
                    **counts,
                ),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    def action_resume(self):
        """Call the portal again now (after an outage)."""
        self.write({"down_until": False, "last_error": False, "outages": 0})

    @api.model
    def _cron_onestop_pull_catalogue(self):
        """Weekly: pull the national catalogue through the active endpoint (new national
        procedures get mapped to ours of the same code). A failure is logged; the mapping
        stays as it was."""
        endpoint = self._onestop_active()
        if not endpoint:
            return False
        try:
            return self.env["onestop.sync.catalogue"]._onestop_pull(endpoint)
        except (PortalDown, PortalError) as error:
            _logger.warning("OneStop sync: the national catalogue was not pulled: %s", error)
            return False

    # ------------------------------------------------------------------ the portal's verbs
    @api.model
    def _onestop_active(self):
        return self.sudo().search([("company_id", "in", self.env.companies.ids)], limit=1)

    def _is_down(self, now=None):
        self.ensure_one()
        now = now or fields.Datetime.now()
        return bool(self.down_until and self.down_until > now)

    def _mark_down(self, error, now=None):
        """No call before a pause that doubles while the portal stays down (at most
        ``max_pause``)."""
        self.ensure_one()
        now = now or fields.Datetime.now()
        pause = min(self.retry_delay * 2 ** min(self.outages, 20), self.max_pause)
        self.write(
            {
                "down_until": now + timedelta(seconds=pause),
                "outages": self.outages + 1,
                "last_error": str(error)[:200],
            }
        )

    def _mark_up(self):
        if self.outages or self.last_error:
            self.write({"outages": 0, "last_error": False})

    def _headers(self):
        return {"X-Agency-Code": self.agency_code or "", "Accept": "application/json"}

    def _http(self, verb, body, headers):
        url = "%s/%s" % (self.url.rstrip("/"), verb)
        try:
            response = requests.post(url, json=body, headers=headers, timeout=self.timeout)
        except requests.RequestException as error:
            # The exception's text may quote the URL, never a credential: the body is not in it.
            raise PortalDown(
                self.env._("%(verb)s: no answer (%(error)s)", verb=verb, error=type(error).__name__)
            ) from None
        if response.status_code >= 500:
            raise PortalDown(
                self.env._("%(verb)s: HTTP %(status)s", verb=verb, status=response.status_code)
            )
        if response.status_code == 401:
            return response, None
        try:
            data = response.json()
        except ValueError:
            data = None
        if not isinstance(data, dict):
            raise PortalError(
                self.env._(
                    "%(verb)s: malformed answer (HTTP %(status)s): %(text)s",
                    verb=verb,
                    status=response.status_code,
                    text=(response.text or "")[:200],
                )
            )
        if response.status_code >= 400 or str(data.get("error_code", "0")) != "0":
            raise PortalError(
                self.env._(
                    "%(verb)s: the portal answered %(code)s: %(message)s",
                    verb=verb,
                    code=data.get("error_code", response.status_code),
                    message=data.get("message") or "-",
                )
            )
        return response, data

    def _login(self):
        """Open a session: username and password in the body, the agency code as a header."""
        self.ensure_one()
        response, data = self._http(
            "login",
            {"username": self.username or "", "password": self.password or ""},
            self._headers(),
        )
        if data is None or not data.get("session"):
            raise PortalError(self.env._("login: the portal refused the credentials."))
        expires = int(data.get("expires_in") or 1800)
        self.write(
            {
                "session_token": data["session"],
                "session_expiry": fields.Datetime.now() + timedelta(seconds=max(expires - 30, 1)),
            }
        )
        return data["session"]

    def _token(self):
        self.ensure_one()
        expiry = self.session_expiry
        if self.session_token and expiry and expiry > fields.Datetime.now():
            return self.session_token
        return self._login()

    def _call(self, verb, body, key=None):
        """Call ``verb`` with the session token (renewed once when the portal says it
        expired) and return the portal's answer (a dict). Raises PortalDown or PortalError."""
        self.ensure_one()
        endpoint = self.sudo()
        for renewed in (False, True):
            headers = dict(endpoint._headers(), **{"X-Session-Token": endpoint._token()})
            if key:
                headers["X-Idempotency-Key"] = key
            response, data = endpoint._http(verb, body, headers)
            if data is not None:
                return data
            endpoint.write({"session_token": False, "session_expiry": False})
            if renewed:
                raise PortalError(self.env._("%(verb)s: the session was refused.", verb=verb))
        return {}
