import importlib.util
import json
import os
from datetime import timedelta

from odoo.addons.onestop_base.tests.common import local
from odoo.addons.onestop_workflow.tests.common import WorkflowCase

FAKE = os.path.join(os.path.dirname(__file__), "..", "..", "..", "tests", "fake_dvcqg", "server.py")


def load_fake():
    """The fake national portal of the suite (tests/fake_dvcqg/server.py)."""
    spec = importlib.util.spec_from_file_location("onestop_fake_dvcqg", os.path.abspath(FAKE))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class SyncCase(WorkflowCase):
    """The workflow's small agency, its procedure mapped to the national code 1.000001, and an
    endpoint at the fake national portal, a real process on a free port."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.fake = load_fake().FakePortal().start()
        cls.addClassCleanup(cls.fake.stop)
        cls.env["onestop.sync.endpoint"].search([]).active = False
        cls.endpoint = cls.env["onestop.sync.endpoint"].create(
            {
                "name": "DVCQG (fake)",
                "url": cls.fake.url,
                "agency_code": "000.00.00.H40",
                "username": cls.fake.username,
                "password": cls.fake.password,
                "timeout": 5,
                "max_attempts": 4,
                "retry_delay": 60,
            }
        )
        cls.national = cls.env["onestop.sync.catalogue"].create(
            {
                "kind": "procedure",
                "code": "1.000001",
                "name": "Thủ tục đăng ký khai sinh",
                "procedure_id": cls.procedure.id,
            }
        )
        # Only this class's dossiers: the demo's never-sent events stay out of the way.
        cls.env["onestop.mail.queue"].search([("job", "=", "sync")]).unlink()

    def setUp(self):
        super().setUp()
        self.fake.control(reset=True)

    # ------------------------------------------------------------------ helpers
    def events(self, dossier, state=None):
        domain = [("dossier_id", "=", dossier.id)]
        if state:
            domain.append(("state", "=", state))
        return self.env["onestop.sync.event"].search(domain, order="id")

    def payloads(self, dossier, kind=None):
        return [
            json.loads(event.payload)
            for event in self.events(dossier)
            if not kind or event.kind == kind
        ]

    def run_jobs(self, *wall):
        """Run the job table's due jobs at a wall-clock time in Vietnam."""
        with self.at(*wall):
            return self.env["onestop.mail.queue"]._cron_send()

    def portal_calls(self, verb=None):
        return [c for c in self.fake.state()["calls"] if not verb or c["verb"] == verb]

    def end(self, dossier, state, wall, reason="Lý do"):
        with self.at(*wall):
            self.wizard(
                "onestop.close.wizard", self.reception, dossier, close_state=state, reason=reason
            ).action_confirm()

    def supplement(self, dossier, wall):
        with self.at(*wall):
            dossier._onestop_request_supplement("Thiếu giấy chứng sinh")

    def supplement_received(self, dossier, wall):
        with self.at(*wall):
            dossier._onestop_supplement_received()


def later(value, **kwargs):
    return value + timedelta(**kwargs)


__all__ = ["SyncCase", "later", "load_fake", "local"]
