import json
import logging
import uuid
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

from .onestop_sync_endpoint import PortalDown, PortalError

_logger = logging.getLogger(__name__)

EVENT_KINDS = [("push", "Dossier (DongBoHoSoMC)"), ("progress", "Progress (CapNhatTienDoHoSoMC)")]
VERBS = {"push": "DongBoHoSoMC", "progress": "CapNhatTienDoHoSoMC"}
EVENT_STATES = [
    ("pending", "Pending"),
    ("sent", "Sent"),
    ("failed", "Failed, will retry"),
    ("dead", "Dead"),
]
# Backoff never waits longer than this between two attempts.
MAX_DELAY = timedelta(hours=6)


class OnestopSyncEvent(models.Model):
    """The outbox: what the national portal must hear, written in the same transaction as the
    action that caused it, and sent later by the job (``onestop.mail.queue``, kind ``sync``)
    in order per dossier. Each event has its own key (``uid``, sent as ``X-Idempotency-Key``
    and ``MaSuKien``): a resend after a crash updates what the portal has, never duplicates
    it. An event that fails waits longer each time, and is dead after the endpoint's maximum
    attempts; a dead event holds its dossier's later events back until an administrator
    retries it."""

    _name = "onestop.sync.event"
    _description = "National portal event (outbox)"
    _order = "id desc"
    _rec_name = "uid"

    dossier_id = fields.Many2one(
        "onestop.dossier", required=True, index=True, ondelete="cascade", readonly=True
    )
    dossier_code = fields.Char(readonly=True, help="The code the portal knows (MaHoSo).")
    kind = fields.Selection(EVENT_KINDS, required=True, readonly=True)
    payload = fields.Text(readonly=True, help="The JSON body sent to the portal.")
    national_status = fields.Char(readonly=True, help="The national status (1-10) sent.")
    state = fields.Selection(
        EVENT_STATES, required=True, default="pending", index=True, readonly=True
    )
    uid = fields.Char(
        string="Key",
        required=True,
        readonly=True,
        copy=False,
        index=True,
        default=lambda self: uuid.uuid4().hex,
    )
    attempts = fields.Integer(readonly=True)
    refusals = fields.Integer(
        readonly=True, help="Attempts the portal answered with an error: dead at the maximum."
    )
    next_attempt = fields.Datetime(readonly=True, index=True)
    last_attempt = fields.Datetime(readonly=True)
    sent_date = fields.Datetime(readonly=True)
    response = fields.Text(readonly=True, help="The portal's last answer, or the error.")
    national_ref = fields.Char(
        string="National reference", readonly=True, help="The portal's own number for the dossier."
    )
    company_id = fields.Many2one(related="dossier_id.company_id", store=True, index=True)

    _sql_constraints = [("uid_unique", "UNIQUE(uid)", "An event's key is unique.")]

    # ------------------------------------------------------------------ actions
    def action_retry(self):
        """Send dead or failed events again now (and their dossiers' events held back)."""
        events = self.filtered(lambda e: e.state in ("failed", "dead"))
        if not events:
            raise UserError(self.env._("Only failed or dead events are sent again."))
        events.write({"state": "pending", "refusals": 0, "next_attempt": False})
        self.env["onestop.mail.queue"]._enqueue_job("sync", events.dossier_id, now=True)
        return True

    # ------------------------------------------------------------------ recording
    @api.model
    def _onestop_record(self, dossier, kind, payload, status):
        """Write an event for ``dossier`` (in the caller's transaction) and queue the job that
        sends it."""
        uid = uuid.uuid4().hex
        event = self.sudo().create(
            {
                "dossier_id": dossier.id,
                "dossier_code": payload.get("MaHoSo"),
                "kind": kind,
                "national_status": status,
                "uid": uid,
                "payload": json.dumps(dict(payload, MaSuKien=uid), ensure_ascii=False),
            }
        )
        self.env["onestop.mail.queue"]._enqueue_job("sync", dossier)
        return event

    @api.model
    def _onestop_enqueue_waiting(self):
        """Queue the job for every dossier with events still to send (after an outage, a new
        endpoint, a procedure newly mapped)."""
        waiting = self.sudo().search([("state", "in", ("pending", "failed"))])
        return self.env["onestop.mail.queue"]._enqueue_job("sync", waiting.dossier_id)

    # ------------------------------------------------------------------ sending
    @api.model
    def _onestop_send_dossier(self, dossier, now=None):
        """Send ``dossier``'s events in order. Returns True when nothing is left to do now
        (all sent, or held back: a dead event, no endpoint, an unmapped procedure), or the
        datetime of the next attempt."""
        now = now or fields.Datetime.now()
        events = self.sudo().search(
            [("dossier_id", "=", dossier.id), ("state", "!=", "sent")], order="id"
        )
        if not events or events[0].state == "dead":
            return True
        endpoint = self.env["onestop.sync.endpoint"]._onestop_active()
        if not endpoint:
            return True
        if endpoint._is_down(now):
            return endpoint.down_until
        for event in events:
            if event.state == "dead":
                return True
            if event.next_attempt and event.next_attempt > now:
                return event.next_attempt
            result = event._send(endpoint, now)
            if event.state != "sent":
                return result
        return True

    def _payload_to_send(self):
        """The stored payload; a procedure mapped since the event was written gets its
        national code now."""
        self.ensure_one()
        payload = json.loads(self.payload)
        if "MaTTHC" in payload and not payload["MaTTHC"]:
            payload["MaTTHC"] = self.dossier_id.procedure_id.onestop_national_code or ""
        return payload

    def _send(self, endpoint, now):
        """One attempt. True when sent; else the next attempt's datetime, or True when the
        event cannot go now (dead, unmapped)."""
        self.ensure_one()
        payload = self._payload_to_send()
        if payload.get("MaTTHC") == "":
            self.write({"response": self.env._("The procedure has no national code yet.")})
            return True
        self.write({"attempts": self.attempts + 1, "last_attempt": now})
        try:
            answer = endpoint._call(VERBS[self.kind], payload, key=self.uid)
        except PortalDown as error:
            # Not the event's fault: it waits for the portal, and never dies of an outage.
            endpoint._mark_down(error, now)
            self._log_failure(error)
            self.write(
                {"state": "failed", "next_attempt": endpoint.down_until, "response": str(error)}
            )
            return self.next_attempt
        except PortalError as error:
            return self._failed(error, endpoint, now)
        ref = answer.get("MaHoSoQG") or answer.get("national_ref")
        vals = {
            "state": "sent",
            "sent_date": now,
            "next_attempt": False,
            "response": json.dumps(answer, ensure_ascii=False)[:2000],
        }
        if ref:
            vals["national_ref"] = ref
        self.write(vals)
        self.dossier_id._onestop_sync_sent(self, ref)
        endpoint._mark_up()
        return True

    def _log_failure(self, error):
        _logger.warning(
            "OneStop sync: event %s of dossier %s not sent (attempt %s): %s",
            self.uid,
            self.dossier_code,
            self.attempts,
            error,
        )

    def _failed(self, error, endpoint, now):
        """The portal refused the event: backoff, dead after the endpoint's maximum."""
        message = str(error)
        self._log_failure(message)
        self.refusals += 1
        if self.refusals >= endpoint.max_attempts:
            self.write({"state": "dead", "next_attempt": False, "response": message})
            return True
        delay = min(
            timedelta(seconds=endpoint.retry_delay * 2 ** min(self.refusals - 1, 20)), MAX_DELAY
        )
        self.write({"state": "failed", "next_attempt": now + delay, "response": message})
        return self.next_attempt
