from odoo.tests import tagged

from .common import SyncCase


@tagged("post_install", "-at_install")
class TestViews(SyncCase):
    """The administrator's screens load; the officers' dossier form does not show the
    national portal's page, nor the endpoint's credentials to anyone else."""

    def test_administrator_screens(self):
        for xmlid in (
            "onestop_sync.action_sync_event",
            "onestop_sync.action_sync_endpoint",
            "onestop_sync.action_sync_catalogue",
            "onestop_sync.action_sync_unmapped_procedures",
            "onestop_sync.action_sync_reconciliation",
        ):
            action = self.env.ref(xmlid)
            views = [(False, mode) for mode in action.view_mode.split(",")]
            result = self.env[action.res_model].with_user(self.admin).get_views(views)
            self.assertTrue(result["views"], xmlid)
        form = self.env["onestop.sync.endpoint"].with_user(self.admin).get_views([(False, "form")])
        self.assertIn('name="password"', form["views"]["form"]["arch"])

    def test_officers_do_not_see_the_portal_page(self):
        for user in (self.reception, self.manager):
            arch = (
                self.env["onestop.dossier"]
                .with_user(user)
                .get_views([(False, "form")])["views"]["form"]["arch"]
            )
            self.assertNotIn("onestop_sync_event_ids", arch)
        arch = (
            self.env["onestop.dossier"]
            .with_user(self.admin)
            .get_views([(False, "form")])["views"]["form"]["arch"]
        )
        self.assertIn("onestop_sync_event_ids", arch)

    def test_reconcile_now_as_administrator(self):
        self.receive(2026, 3, 2, 9)
        action = self.env.ref("onestop_sync.action_sync_reconcile_now")
        result = action.with_user(self.admin).with_context(active_model="onestop.dossier").run()
        self.assertEqual(result["res_model"], "onestop.dossier")
