"""The dossier as the national portal hears of it: the national status table, the payloads,
the one hook that writes the outbox, and the daily reconciliation."""

from datetime import timedelta

import pytz

from odoo import api, fields, models
from odoo.exceptions import UserError

from .onestop_sync_endpoint import PortalDown, PortalError

NATIONAL_STATUSES = [
    ("1", "1 New registration"),
    ("2", "2 Received"),
    ("3", "3 Not received"),
    ("4", "4 Processing"),
    ("5", "5 Supplement requested"),
    ("6", "6 Financial obligation requested"),
    ("7", "7 Withdrawn by the citizen"),
    ("8", "8 Stopped"),
    ("9", "9 Resolved"),
    ("10", "10 Result returned"),
]
# The one table from our states (and, where the state alone does not say it, the control
# slip line just written) to the ten national statuses. A key is a state, or
# "state/line kind", or "refused/intake" (refused before reception). Status 6 (financial
# obligation) has no state of ours.
NATIONAL_STATUS = {
    "draft": "1",
    "received": "2",
    "received/handover": "4",
    "received/send_back": "4",
    "received/reassign": "4",
    "received/supplement_received": "4",
    "processing": "4",
    "waiting_supplement": "5",
    "resolved": "9",
    "returned": "10",
    "refused/intake": "3",
    "refused": "8",
    "withdrawn": "7",
    "stopped": "8",
}
# The control slip lines that change what the portal shows of the whole dossier (state,
# dates, results): a push (DongBoHoSoMC) besides the progress line.
PUSH_KINDS = {
    "reception",
    "supplement_request",
    "supplement_received",
    "reschedule",
    "result",
    "return",
    "refusal",
    "withdrawal",
    "stop",
}
CHANNEL_CODES = {"in_person": 1, "online": 2, "postal": 3}
NATIONAL_TZ = pytz.timezone("Asia/Ho_Chi_Minh")
SYNC_ISSUES = [
    ("never", "Never reached the portal"),
    ("waiting", "Events waiting"),
    ("dead", "Dead event"),
    ("differs", "Status differs"),
]


def national_date(value):
    """``yyyyMMddHHmmss`` in Vietnam time of a naive UTC datetime ('' for none)."""
    if not value:
        return ""
    return pytz.utc.localize(value).astimezone(NATIONAL_TZ).strftime("%Y%m%d%H%M%S")


class OnestopDossier(models.Model):
    _inherit = "onestop.dossier"

    onestop_sync_event_ids = fields.One2many(
        "onestop.sync.event", "dossier_id", string="National portal events", readonly=True
    )
    onestop_national_status = fields.Selection(
        NATIONAL_STATUSES,
        string="National status (ours)",
        compute="_compute_onestop_national_status",
        help="What our state means in the national portal's statuses.",
    )
    onestop_sync_status = fields.Selection(
        NATIONAL_STATUSES,
        string="Last status sent",
        readonly=True,
        copy=False,
        help="The national status of the last push the portal accepted.",
    )
    onestop_national_ref = fields.Char(string="National reference", readonly=True, copy=False)
    onestop_portal_status = fields.Selection(
        NATIONAL_STATUSES,
        string="Status on the portal",
        readonly=True,
        copy=False,
        help="What the portal answered at the last reconciliation.",
    )
    onestop_sync_checked = fields.Datetime(string="Reconciled on", readonly=True, copy=False)
    onestop_sync_issue = fields.Selection(
        SYNC_ISSUES,
        string="Sync issue",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="Set by the daily reconciliation.",
    )

    @api.depends("state", "received_date")
    def _compute_onestop_national_status(self):
        for dossier in self:
            dossier.onestop_national_status = dossier._onestop_national_status()

    # ------------------------------------------------------------------ the status table
    def _onestop_national_status(self, kind=None):
        """The national status of the dossier now, ``kind`` being the control slip line just
        written (if any). Reads ``NATIONAL_STATUS``, its only owner."""
        self.ensure_one()
        if self.state == "refused" and not self.received_date:
            return NATIONAL_STATUS["refused/intake"]
        if kind and "%s/%s" % (self.state, kind) in NATIONAL_STATUS:
            return NATIONAL_STATUS["%s/%s" % (self.state, kind)]
        return NATIONAL_STATUS.get(self.state, "")

    # ------------------------------------------------------------------ the outbox hook
    def _onestop_open_line(self, kind, name, when, **kwargs):
        """Every turn and event of a dossier writes its control slip line here: the one place
        where the outbox hears of it, in the same transaction."""
        line = super()._onestop_open_line(kind, name, when, **kwargs)
        self._onestop_sync_record(line)
        return line

    def _onestop_sync_record(self, line):
        self.ensure_one()
        if self.parent_id or self.state == "draft":
            # An inter-agency part: the portal hears of the parent dossier only. A draft
            # (an online registration asked for a supplement before reception) has no code
            # yet: the portal hears of it at reception, or of its refusal.
            return
        Event = self.env["onestop.sync.event"]
        status = self._onestop_national_status(line.kind)
        if line.kind in PUSH_KINDS:
            Event._onestop_record(self, "push", self._onestop_sync_push_payload(status), status)
        Event._onestop_record(
            self, "progress", self._onestop_sync_progress_payload(line, status), status
        )

    def _onestop_sync_code(self):
        """MaHoSo: our code; a dossier refused before reception has none, so its agency's
        code and its id."""
        self.ensure_one()
        if self.name and self.name != "/":
            return self.name
        return "%s-R%06d" % (self.department_id._onestop_code() or "", self.id)

    def _onestop_sync_push_payload(self, status):
        """DongBoHoSoMC: the whole dossier as it stands."""
        self.ensure_one()
        partner = self.partner_id
        return {
            "MaHoSo": self._onestop_sync_code(),
            "MaTTHC": self.procedure_id.onestop_national_code or "",
            "TenTTHC": self.procedure_id.name,
            "MaCoQuan": self.department_id._onestop_code() or "",
            "KenhThucHien": CHANNEL_CODES.get(self.channel, 1),
            "NgayTiepNhan": national_date(self.received_date),
            "NgayHenTra": national_date(self.due_date),
            "NgayKetThucXuLy": national_date(self.resolved_date or self.ended_date),
            "NgayTra": national_date(self.returned_date),
            "TrangThaiHoSo": status,
            "ChuHoSo": partner.name or "",
            "LoaiDoiTuong": 2 if partner.is_company else 1,
            "SoGiayToChuHoSo": partner.onestop_id_number or "",
            "DiaChiChuHoSo": self.applicant_address or "",
            "SoDienThoai": partner.phone or "",
            "Email": partner.email or "",
            "PhiLePhi": [
                {"TenPhiLePhi": fee.name, "MucPhi": int(fee.amount)} for fee in self.fee_line_ids
            ],
            "DaThanhToan": 1 if self.fee_paid else 0,
            "TaiLieuNop": [
                {
                    "TenTaiLieu": document.name,
                    "DaSoHoa": 1 if document.attachment_ids else 0,
                    "DuocTaiSuDung": 1 if self._onestop_sync_reused(document) else 0,
                }
                for document in self.document_line_ids.filtered("is_submitted")
            ],
            "KetQua": [{"TenGiayTo": a.name} for a in self.result_attachment_ids],
            "LyDo": self.end_reason or "",
        }

    def _onestop_sync_reused(self, document):
        """Whether a submitted document was reused from the citizen's store (onestop_digital
        says so; nothing reuses documents here)."""
        return False

    def _onestop_sync_progress_payload(self, line, status):
        """CapNhatTienDoHoSoMC: one step of the processing."""
        self.ensure_one()
        user = line.user_from_id or line.user_to_id or self.env.user
        content = line.name or ""
        if line.note:
            content = "%s: %s" % (content, line.note)
        return {
            "MaHoSo": self._onestop_sync_code(),
            "NguoiXuLy": user.name or "",
            "ChucDanh": line.department_to_id.display_name or "",
            "NguoiNhan": line.user_to_id.name or "",
            "ThoiDiemXuLy": national_date(line.date_start),
            "NoiDungXuLy": content[:2000],
            "TrangThai": status,
            "NgayBatDau": national_date(line.date_start),
            "NgayKetThucTheoQuyDinh": national_date(line.date_due or self.due_date),
        }

    def _onestop_sync_sent(self, event, ref):
        """The portal accepted ``event``."""
        vals = {}
        if event.kind == "push":
            vals["onestop_sync_status"] = event.national_status
        if ref:
            vals["onestop_national_ref"] = ref
        if vals:
            self.sudo().with_context(onestop_action=True).write(vals)

    # ------------------------------------------------------------------ actions
    def action_onestop_sync_resend(self):
        """Push each dossier again as it stands now (its dead events become pending)."""
        self._check_onestop_group("onestop_base.group_onestop_admin")
        Event = self.env["onestop.sync.event"]
        for dossier in self:
            if dossier.state == "draft" or dossier.parent_id:
                raise UserError(
                    self.env._(
                        "The dossier %(dossier)s is not reported to the portal.",
                        dossier=dossier.display_name,
                    )
                )
            dead = dossier.onestop_sync_event_ids.filtered(lambda e: e.state == "dead")
            dead.write({"state": "pending", "refusals": 0, "next_attempt": False})
            status = dossier._onestop_national_status()
            Event._onestop_record(
                dossier, "push", dossier._onestop_sync_push_payload(status), status
            )
        self.env["onestop.mail.queue"]._enqueue_job("sync", self, now=True)
        self.sudo().write({"onestop_sync_issue": False})
        return True

    def action_onestop_sync_lookup(self):
        """Ask the portal (TraCuuHoSo) what it holds of this dossier now."""
        self.ensure_one()
        self._check_onestop_group("onestop_base.group_onestop_admin")
        endpoint = self.env["onestop.sync.endpoint"]._onestop_active()
        if not endpoint:
            raise UserError(self.env._("No national portal endpoint is active."))
        code = self._onestop_sync_code()
        try:
            answer = endpoint._call("TraCuuHoSo", {"MaHoSo": [code]})
        except (PortalDown, PortalError) as error:
            raise UserError(
                self.env._("The portal could not be asked: %(error)s", error=error)
            ) from None
        rows = [r for r in answer.get("data") or [] if isinstance(r, dict)]
        row = next((r for r in rows if r.get("MaHoSo") == code), None)
        status = str(row.get("TrangThaiHoSo") or "") if row else ""
        known = dict(NATIONAL_STATUSES)
        self.sudo().write(
            {
                "onestop_portal_status": status if status in known else False,
                "onestop_sync_checked": fields.Datetime.now(),
            }
        )
        if not row:
            message = self.env._("The portal does not know the dossier %(code)s.", code=code)
        else:
            message = self.env._(
                "The portal holds the dossier %(code)s with the status %(status)s.",
                code=code,
                status=known.get(status, status or "-"),
            )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "info" if row else "warning",
                "message": message,
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    # ------------------------------------------------------------------ reconciliation
    @api.model
    def _cron_onestop_sync_reconcile(self, when=None, days=90, batch=100):
        """Compare our statuses with the portal's (TraCuuHoSo) for the dossiers received in
        the last ``days`` days or still open, and mark each difference: never reached the
        portal, events waiting, a dead event, a status that differs. Queues the job for
        dossiers whose events wait without one. Returns the number of issues."""
        when = when or fields.Datetime.now()
        Event = self.env["onestop.sync.event"].sudo()
        Event._onestop_enqueue_waiting()
        dossiers = self.sudo().search(
            [
                ("parent_id", "=", False),
                ("state", "!=", "draft"),
                "|",
                ("state", "in", ("received", "processing", "waiting_supplement")),
                ("received_date", ">=", when - timedelta(days=days)),
            ]
        )
        endpoint = self.env["onestop.sync.endpoint"]._onestop_active()
        portal = {}
        known = dict(NATIONAL_STATUSES)
        looked_up = False
        sent = dossiers.filtered("onestop_sync_status")
        if endpoint and sent:
            looked_up = True
            for start in range(0, len(sent), batch):
                chunk = sent[start : start + batch]
                try:
                    answer = endpoint._call(
                        "TraCuuHoSo", {"MaHoSo": [d._onestop_sync_code() for d in chunk]}
                    )
                except (PortalDown, PortalError):
                    looked_up = False
                    break
                for row in answer.get("data") or []:
                    if isinstance(row, dict) and row.get("MaHoSo"):
                        portal[row["MaHoSo"]] = str(row.get("TrangThaiHoSo") or "")
        groups = Event._read_group(
            [("dossier_id", "in", dossiers.ids), ("state", "!=", "sent")],
            ["dossier_id", "state"],
        )
        waiting = {}
        for dossier, state in groups:
            if state == "dead" or waiting.get(dossier.id) != "dead":
                waiting[dossier.id] = state
        issues = 0
        batches = {}
        for dossier in dossiers:
            code = dossier._onestop_sync_code()
            vals = {"onestop_sync_checked": when}
            if code in portal:
                vals["onestop_portal_status"] = portal[code] if portal[code] in known else False
            issue = False
            if waiting.get(dossier.id) == "dead":
                issue = "dead"
            elif dossier.id in waiting:
                issue = "waiting"
            elif not dossier.onestop_sync_status:
                issue = "never"
            elif code in portal and portal[code] != dossier.onestop_national_status:
                issue = "differs"
            elif looked_up and code not in portal:
                issue = "never"
            vals["onestop_sync_issue"] = issue
            issues += bool(issue)
            key = tuple(sorted(vals.items()))
            batches[key] = batches.get(key, dossiers.browse()) | dossier
        for key, batch in batches.items():
            # One write per outcome, not per dossier.
            batch.with_context(onestop_action=True).write(dict(key))
        return issues
