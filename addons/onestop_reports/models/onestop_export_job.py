import json
import logging
import tempfile

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

_logger = logging.getLogger(__name__)

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Lists longer than this (dossiers) are exported by the job queue rather than in the request;
# the setting onestop_reports.export_sync_limit changes it.
DEFAULT_SYNC_LIMIT = 20000


class OnestopExportJob(models.Model):
    """A list of dossiers exported to XLSX by a background job: for lists too long to be
    written while the user waits, the export runs in the job queue (a cron worker), keeps the
    file as an attachment and tells the user it is ready."""

    _name = "onestop.export.job"
    _inherit = ["mail.thread"]
    _description = "Dossier export"
    _order = "id desc"

    name = fields.Char(required=True, readonly=True)
    user_id = fields.Many2one(
        "res.users",
        string="Requested by",
        required=True,
        readonly=True,
        index=True,
        ondelete="cascade",
        default=lambda self: self.env.user,
    )
    domain = fields.Text(
        string="Filter", required=True, readonly=True, default="[]", help="The dossiers exported."
    )
    state = fields.Selection(
        [("queued", "Queued"), ("done", "Ready"), ("failed", "Failed")],
        required=True,
        readonly=True,
        default="queued",
        index=True,
    )
    row_count = fields.Integer(string="Dossiers", readonly=True)
    attachment_id = fields.Many2one("ir.attachment", string="File", readonly=True)
    date_done = fields.Datetime(string="Finished on", readonly=True)
    error = fields.Text(readonly=True)

    # ------------------------------------------------------------------ business methods
    @api.model
    def _onestop_sync_limit(self):
        value = (
            self.env["ir.config_parameter"].sudo().get_param("onestop_reports.export_sync_limit")
        )
        try:
            limit = int(value)
        except (TypeError, ValueError):
            return DEFAULT_SYNC_LIMIT
        return limit if limit > 0 else DEFAULT_SYNC_LIMIT

    @api.model
    def _onestop_queue(self, domain, count):
        """Queue the export of the dossiers of ``domain`` (``count`` of them) for the current
        user and wake the job queue up."""
        self.env["onestop.dossier"].check_access("read")
        job = self.sudo().create(
            {
                "name": self.env._(
                    "%(count)s dossiers, %(date)s",
                    count=count,
                    date=fields.Datetime.context_timestamp(self, fields.Datetime.now()).strftime(
                        "%d/%m/%Y %H:%M"
                    ),
                ),
                "user_id": self.env.uid,
                "domain": json.dumps(domain),
            }
        )
        self.env.ref("onestop_reports.ir_cron_onestop_export").sudo()._trigger()
        return job.with_env(self.env)

    @api.model
    def _cron_onestop_export(self):
        """Export the oldest queued job with the rights of the user who asked for it; each run
        of the job queue takes one (its own transaction) and wakes the queue again while others
        wait."""
        job = self.search([("state", "=", "queued")], order="id", limit=1)
        if job:
            job._onestop_run()
        if self.search_count([("state", "=", "queued")]):
            self.env.ref("onestop_reports.ir_cron_onestop_export")._trigger()
        return True

    def _onestop_run(self):
        self.ensure_one()
        user = self.user_id
        user_env = self.with_user(user).with_context(**user.context_get()).env
        Dossier = user_env["onestop.dossier"]
        try:
            domain = json.loads(self.domain)
            with self.env.cr.savepoint(), tempfile.TemporaryFile(suffix=".xlsx") as fileobj:
                count = Dossier._onestop_export_xlsx(domain, fileobj)
                fileobj.seek(0)
                content = fileobj.read()
        except (UserError, AccessError, ValueError, KeyError, TypeError) as error:
            _logger.info("Export %s of %s failed: %s", self.id, user.login, error)
            self.write({"state": "failed", "error": str(error), "date_done": fields.Datetime.now()})
            self._onestop_notify(
                user_env._("The export %(name)s failed: %(error)s", name=self.name, error=error)
            )
            return False
        filename = "ho-so-%s.xlsx" % fields.Date.context_today(Dossier).strftime("%Y%m%d")
        attachment = (
            self.env["ir.attachment"]
            .sudo()
            .create(
                {
                    "name": filename,
                    "raw": content,
                    "mimetype": XLSX_MIMETYPE,
                    "res_model": self._name,
                    "res_id": self.id,
                }
            )
        )
        self.write(
            {
                "state": "done",
                "row_count": count,
                "attachment_id": attachment.id,
                "date_done": fields.Datetime.now(),
            }
        )
        self._onestop_notify(
            Markup('%s <a href="/web/content/%s?download=true">%s</a>')
            % (
                user_env._(
                    "The export %(name)s is ready (%(count)s dossiers):",
                    name=self.name,
                    count=count,
                ),
                attachment.id,
                filename,
            )
        )
        return True

    def _onestop_notify(self, body):
        """Tell the user who asked for the export, in their inbox."""
        self.ensure_one()
        user = self.user_id
        self.sudo().message_notify(
            partner_ids=user.partner_id.ids,
            body=body,
            subject=self.with_context(lang=user.lang).env._("Dossier export"),
        )

    def action_download(self):
        self.ensure_one()
        if not self.attachment_id:
            raise UserError(self.env._("The file of this export is not ready."))
        return {
            "type": "ir.actions.act_url",
            "url": "/web/content/%s?download=true" % self.attachment_id.id,
            "target": "download",
        }
