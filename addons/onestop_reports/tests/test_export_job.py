import base64
import io
import json

import openpyxl

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import ReportsCase


@tagged("post_install", "-at_install")
class TestExportJob(ReportsCase):
    """Long lists are exported by the job queue, not in the request."""

    def setUp(self):
        super().setUp()
        # Lists of more than 3 dossiers count as long here.
        self.env["ir.config_parameter"].sudo().set_param("onestop_reports.export_sync_limit", 3)

    def export(self, user, dossiers):
        return (
            dossiers.with_user(user)
            .with_context(active_ids=dossiers.ids, active_domain=self.scope)
            .action_onestop_export_xlsx()
        )

    def notice(self, job):
        """The message that tells the manager about the export."""
        messages = self.env["mail.message"].search(
            [("model", "=", "onestop.export.job"), ("res_id", "=", job.id)]
        )
        notice = messages.filtered(lambda m: self.manager.partner_id in m.partner_ids)
        self.assertEqual(len(notice), 1)
        return notice

    def test_short_list_downloads_at_once(self):
        action = self.export(self.manager, self.dossiers("BC"))
        self.assertEqual(action["type"], "ir.actions.act_url")
        self.assertFalse(self.env["onestop.export.job"].search([]))

    def test_long_list_is_queued_then_ready(self):
        Dossier = self.env["onestop.dossier"].with_user(self.manager)
        everything = Dossier.search(self.scope)
        self.assertGreater(len(everything), 3)
        action = self.export(self.manager, everything)
        self.assertEqual(action["tag"], "display_notification")
        job = self.env["onestop.export.job"].with_user(self.manager).search([])
        self.assertEqual(len(job), 1)
        self.assertEqual(job.state, "queued")
        self.assertEqual(json.loads(job.sudo().domain), json.loads(json.dumps(self.scope)))
        # The job queue is woken up at once.
        cron = self.env.ref("onestop_reports.ir_cron_onestop_export")
        self.assertTrue(self.env["ir.cron.trigger"].search([("cron_id", "=", cron.id)]))

        self.env["onestop.export.job"]._cron_onestop_export()
        self.assertEqual(job.state, "done")
        self.assertEqual(job.row_count, len(everything))
        # The file is the manager's list, readable back.
        attachment = job.with_user(self.manager).attachment_id
        workbook = openpyxl.load_workbook(io.BytesIO(base64.b64decode(attachment.datas)))
        sheet = workbook.active
        codes = {row[0].value for row in sheet.iter_rows(min_row=2)}
        self.assertEqual(codes, set(everything.mapped("name")))
        # The manager is told, in the inbox, with the link to the file.
        message = self.notice(job)
        self.assertIn("/web/content/%s" % attachment.id, str(message.body))
        action = job.with_user(self.manager).action_download()
        self.assertIn(str(attachment.id), action["url"])

    def test_exports_are_private(self):
        everything = self.env["onestop.dossier"].with_user(self.manager).search(self.scope)
        self.export(self.manager, everything)
        self.env["onestop.export.job"]._cron_onestop_export()
        job = self.env["onestop.export.job"].search([])
        self.assertFalse(self.env["onestop.export.job"].with_user(self.admin).search([]))
        with self.assertRaises(AccessError):
            job.with_user(self.reception).read(["name"])
        with self.assertRaises(AccessError):
            job.attachment_id.with_user(self.reception).read(["datas"])

    def test_record_rules_apply_in_the_background(self):
        """The job exports what the user may read, whatever the filter says."""
        job = (
            self.env["onestop.export.job"]
            .with_user(self.reception)
            ._onestop_queue([("id", "in", self.dossiers("ABCDEFGH").ids)], 8)
        )
        self.env["onestop.export.job"]._cron_onestop_export()
        visible = (
            self.env["onestop.dossier"]
            .with_user(self.reception)
            .search([("id", "in", self.dossiers("ABCDEFGH").ids)])
        )
        self.assertEqual(job.sudo().row_count, len(visible))

    def test_bad_filter_fails_and_says_so(self):
        job = (
            self.env["onestop.export.job"]
            .with_user(self.manager)
            ._onestop_queue([("no_such_field", "=", 1)], 10)
        )
        self.env["onestop.export.job"]._cron_onestop_export()
        self.assertEqual(job.sudo().state, "failed")
        self.assertTrue(job.sudo().error)
        self.assertIn("no_such_field", str(self.notice(job).body))
