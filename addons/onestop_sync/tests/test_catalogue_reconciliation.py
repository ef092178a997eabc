from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

from .common import SyncCase, local


@tagged("post_install", "-at_install")
class TestCatalogueReconciliation(SyncCase):
    """The catalogue pull maps our procedures to the national codes; the daily reconciliation
    lists the dossiers whose national status differs from ours, or never reached the portal,
    and a resend fixes them."""

    def test_catalogue_pull_maps_by_code_and_lists_the_unmapped(self):
        self.national.procedure_id = False
        self.procedure.code = "1.000002"
        self.fake.control(
            catalogue={
                "agency": [{"Ma": "000.00.00.H40", "Ten": "UBND tỉnh Ninh Bình"}],
                "field": [{"Ma": "HT", "Ten": "Hộ tịch"}],
                "procedure": [
                    {"Ma": "1.000002", "Ten": "Đăng ký khai sinh", "MaLinhVuc": "HT"},
                    {"Ma": "1.000003", "Ten": "Đăng ký kết hôn", "MaLinhVuc": "HT"},
                    {"Ten": "an entry without code is skipped"},
                ],
            }
        )
        self.endpoint.action_pull_catalogue()
        Catalogue = self.env["onestop.sync.catalogue"]
        entry = Catalogue.search([("kind", "=", "procedure"), ("code", "=", "1.000002")])
        self.assertEqual(entry.procedure_id, self.procedure)
        self.assertEqual(entry.parent_code, "HT")
        self.assertEqual(self.procedure.onestop_national_code, "1.000002")
        self.assertEqual(Catalogue.search_count([("kind", "=", "agency")]), 1)
        # The entry of the last pull that no longer lists it is archived.
        self.assertFalse(self.national.active)
        action = self.env.ref("onestop_sync.action_sync_unmapped_procedures")
        unmapped = self.env["onestop.procedure"].search(safe_eval(action.domain))
        self.assertIn(self.procedure_calendar_days, unmapped)
        self.assertNotIn(self.procedure, unmapped)

    def test_weekly_pull(self):
        self.fake.control(
            catalogue={"procedure": [{"Ma": "1.000009", "Ten": "Chứng thực bản sao"}]}
        )
        counts = self.env["onestop.sync.endpoint"]._cron_onestop_pull_catalogue()
        self.assertEqual(counts["procedures"], 1)
        self.fake.control(mode="fail")
        with self.assertLogs("odoo.addons.onestop_sync", "WARNING"):
            self.assertFalse(self.env["onestop.sync.endpoint"]._cron_onestop_pull_catalogue())
        self.assertTrue(
            self.env["onestop.sync.catalogue"].search([("code", "=", "1.000009")]).active
        )

    def test_reconciliation_lists_differences_and_resend_fixes_them(self):
        synced = self.receive(2026, 3, 2, 9)
        differs = self.receive(2026, 3, 2, 9, 5)
        self.run_jobs(2026, 3, 2, 9, 10)
        # The portal missed an update: the dossier went on while the portal was down, and
        # its events died.
        self.endpoint.max_attempts = 1
        self.fake.control(mode="malformed")
        self.forward(differs, self.reception, (2026, 3, 2, 9, 30), to=self.specialist)
        self.supplement(differs, (2026, 3, 2, 10))
        with self.assertLogs("odoo.addons.onestop_sync", "WARNING"):
            self.run_jobs(2026, 3, 2, 10, 1)
        self.assertEqual(self.events(differs, "dead").mapped("kind"), ["progress"])
        self.fake.control(mode="ok")
        never = self.receive(2026, 3, 2, 9, 20)
        self.events(never).unlink()  # lost before this addon existed, say
        fresh = self.receive(2026, 3, 2, 16)  # received, its events not sent yet
        issues = self.env["onestop.dossier"]._cron_onestop_sync_reconcile(when=local(2026, 3, 3, 1))
        self.assertFalse(synced.onestop_sync_issue)
        self.assertEqual(synced.onestop_portal_status, "2")
        self.assertEqual(differs.onestop_sync_issue, "dead")
        self.assertEqual(differs.onestop_portal_status, "2")
        self.assertEqual(differs.onestop_national_status, "5")
        self.assertEqual(never.onestop_sync_issue, "never")
        self.assertEqual(fresh.onestop_sync_issue, "waiting")
        self.assertGreaterEqual(issues, 2)
        listed = self.env["onestop.dossier"].search(
            [("onestop_sync_issue", "!=", False), ("id", "in", [synced.id, differs.id, never.id])]
        )
        self.assertEqual(listed, differs | never)
        dashboard = self.env["onestop.dashboard"].with_user(self.manager).create({})
        self.assertGreaterEqual(dashboard.onestop_sync_issue_count, 2)
        with self.at(2026, 3, 3, 8):
            (differs | never).with_user(self.admin).action_onestop_sync_resend()
        self.run_jobs(2026, 3, 3, 8)
        portal = self.fake.state()["dossiers"]
        self.assertEqual(portal[differs.name]["status"], "5")
        self.assertEqual(portal[never.name]["status"], "2")
        self.env["onestop.dossier"]._cron_onestop_sync_reconcile(when=local(2026, 3, 4, 1))
        self.assertFalse((synced | differs | never | fresh).filtered("onestop_sync_issue"))

    def test_only_administrators_resend_or_look_up(self):
        dossier = self.receive(2026, 3, 2, 9)
        with self.assertRaises(AccessError):
            dossier.with_user(self.reception).action_onestop_sync_resend()
        with self.assertRaises(AccessError):
            dossier.with_user(self.reception).action_onestop_sync_lookup()

    def test_look_up_one_dossier(self):
        dossier = self.receive(2026, 3, 2, 9)
        result = dossier.with_user(self.admin).action_onestop_sync_lookup()
        self.assertEqual(result["params"]["type"], "warning")
        self.assertFalse(dossier.onestop_portal_status)
        self.run_jobs(2026, 3, 2, 9, 1)
        result = dossier.with_user(self.admin).action_onestop_sync_lookup()
        self.assertEqual(result["params"]["type"], "info")
        self.assertIn(dossier.name, result["params"]["message"])
        self.assertEqual(dossier.onestop_portal_status, "2")
        self.fake.control(mode="fail")
        with self.assertRaises(UserError):
            dossier.with_user(self.admin).action_onestop_sync_lookup()
