from odoo.exceptions import ValidationError
from odoo.tests import tagged

from odoo.addons.onestop_base.models.onestop_dossier import OPEN_STATES
from odoo.addons.onestop_base.tests.common import local

from .common import WorkflowCase


@tagged("post_install", "-at_install")
class TestStages(WorkflowCase):
    """The kanban has no column "None": every received dossier sits in a stage."""

    def test_demo_dossiers_have_a_stage(self):
        # ``make run`` and ``make test`` build the demo data: fifty dossiers in every state,
        # some received by onestop_base before this addon and its stages were installed.
        if not self.env.ref("onestop_base.dept_hoalu", raise_if_not_found=False):
            self.skipTest("the database has no demo data")
        Dossier = self.env["onestop.dossier"].with_context(active_test=False)
        running = Dossier.search([("state", "in", list(OPEN_STATES))])
        self.assertGreaterEqual(len(running), 10)
        self.assertEqual(set(running.mapped("state")), set(OPEN_STATES))
        self.assertFalse(running.filtered(lambda d: not d.stage_id).mapped("name"))
        # Ended ones too, refused at intake included: no "None" column in "My work".
        self.assertFalse(Dossier.search([("state", "!=", "draft"), ("stage_id", "=", False)]))
        for dossier in running:
            self.assertEqual(dossier.stage_id.state, dossier.state, dossier.name)

    def test_dossiers_received_before_the_stages_get_one(self):
        received = self.make_dossier()
        received.sudo()._receive(when=local(2026, 3, 2, 9, 0))
        refused = self.make_dossier()
        refused.sudo()._onestop_close("refused", "Không thuộc thẩm quyền.")
        waiting = self.make_dossier()
        waiting.sudo()._receive(when=local(2026, 3, 2, 9, 0))
        waiting.sudo()._onestop_pause("Bổ sung giấy tờ.", when=local(2026, 3, 2, 10, 0))
        dossiers = received | refused | waiting
        # As when onestop_base's dossiers exist before this addon's stages do.
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE onestop_dossier SET stage_id = NULL WHERE id IN %s", [tuple(dossiers.ids)]
        )
        dossiers.invalidate_recordset(["stage_id"])
        self.assertFalse(dossiers.filtered("stage_id"))
        self.env["onestop.dossier"]._onestop_fill_stages()
        self.assertEqual(received.stage_id, self.stage["received"])
        self.assertEqual(refused.stage_id, self.stage["refused"])
        self.assertEqual(waiting.stage_id, self.stage["supplement"])

    def test_a_running_dossier_needs_a_stage(self):
        dossier = self.make_dossier()
        dossier.sudo()._receive(when=local(2026, 3, 2, 9, 0))
        self.assertEqual(dossier.stage_id, self.stage["received"])
        self.stage["supplement"].active = False
        with self.assertRaisesRegex(ValidationError, "no active stage"):
            with self.env.cr.savepoint():
                dossier.sudo()._onestop_pause("Bổ sung giấy tờ.", when=local(2026, 3, 2, 10, 0))
        dossier.invalidate_recordset()
        self.assertEqual(dossier.state, "received")
        self.assertEqual(dossier.stage_id, self.stage["received"])

    def test_filling_never_stops_an_update(self):
        waiting = self.make_dossier()
        waiting.sudo()._receive(when=local(2026, 3, 2, 9, 0))
        waiting.sudo()._onestop_pause("Bổ sung giấy tờ.", when=local(2026, 3, 2, 10, 0))
        self.stage["supplement"].active = False
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE onestop_dossier SET stage_id = NULL WHERE id = %s", [waiting.id]
        )
        waiting.invalidate_recordset(["stage_id"])
        with self.assertLogs("odoo.addons.onestop_workflow.models.onestop_dossier", "WARNING"):
            self.env["onestop.dossier"]._onestop_fill_stages()
        self.assertFalse(waiting.stage_id)
