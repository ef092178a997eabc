import logging

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import SyncCase, local


@tagged("post_install", "-at_install")
class TestOutbox(SyncCase):
    """The outbox against the fake national portal (a real process): written with the action,
    sent by the job after it, in order per dossier, once, through outages, dead letters,
    expired sessions and malformed answers."""

    def test_written_with_the_action_sent_by_the_job(self):
        dossier = self.receive(2026, 3, 2, 9)
        events = self.events(dossier)
        self.assertEqual(events.mapped("kind"), ["push", "progress"])
        self.assertEqual(set(events.mapped("state")), {"pending"})
        # The officer's action called nobody.
        self.assertEqual(self.portal_calls(), [])
        job = self.env["onestop.mail.queue"].search(
            [("job", "=", "sync"), ("dossier_id", "=", dossier.id)]
        )
        self.assertEqual(len(job), 1)
        self.run_jobs(2026, 3, 2, 9, 1)
        self.assertEqual(set(events.mapped("state")), {"sent"})
        self.assertFalse(job.exists())
        calls = self.portal_calls()
        self.assertEqual([c["verb"] for c in calls], ["DongBoHoSoMC", "CapNhatTienDoHoSoMC"])
        self.assertEqual(calls[0]["agency"], "000.00.00.H40")
        self.assertEqual([c["key"] for c in calls], events.mapped("uid"))
        portal = self.fake.state()["dossiers"][dossier.name]
        self.assertEqual(portal["status"], "2")
        self.assertEqual(dossier.onestop_sync_status, "2")
        self.assertEqual(dossier.onestop_national_ref, portal["ref"])
        self.assertEqual(events[0].national_ref, portal["ref"])
        self.assertEqual(self.fake.state()["logins"], 1)

    def test_outage_loses_nothing_and_keeps_the_order(self):
        """The portal down while three dossiers go through 15 actions, then back: every event
        arrives once, in order per dossier."""
        self.fake.control(mode="fail")
        dossiers = [self.receive(2026, 3, 2, 9, minute) for minute in (0, 1, 2)]
        for dossier in dossiers:
            self.forward(dossier, self.reception, (2026, 3, 2, 9, 30), to=self.specialist)
            self.supplement(dossier, (2026, 3, 2, 10))
            self.supplement_received(dossier, (2026, 3, 2, 14))
            self.forward(dossier, self.specialist, (2026, 3, 2, 15), to=self.head)
        with self.assertLogs("odoo.addons.onestop_sync", "WARNING"):
            self.run_jobs(2026, 3, 2, 15, 1)
        # One call failed, the endpoint pauses: the other dossiers did not even try.
        self.assertEqual(len(self.portal_calls()), 0)
        self.assertTrue(self.endpoint.down_until)
        failed = self.env["onestop.sync.event"].search([("state", "=", "failed")])
        self.assertEqual(len(failed), 1)
        self.assertEqual(failed.attempts, 1)
        # Still down a minute later: one attempt again, then a longer pause.
        with self.assertLogs("odoo.addons.onestop_sync", "WARNING"):
            self.run_jobs(2026, 3, 2, 15, 3)
        self.assertEqual(failed.attempts, 2)
        self.assertEqual(failed.next_attempt, local(2026, 3, 2, 15, 5))
        self.assertEqual(self.endpoint.down_until, local(2026, 3, 2, 15, 5))
        self.fake.control(mode="ok")
        self.run_jobs(2026, 3, 2, 15, 30)
        events = self.env["onestop.sync.event"].search(
            [("dossier_id", "in", [d.id for d in dossiers])], order="id"
        )
        self.assertEqual(set(events.mapped("state")), {"sent"})
        calls = self.portal_calls()
        keys = [c["key"] for c in calls]
        self.assertEqual(len(keys), len(set(keys)), "every event once")
        self.assertEqual(set(keys), set(events.mapped("uid")), "none lost")
        for dossier in dossiers:
            sent = [c["key"] for c in calls if c["body"]["MaHoSo"] == dossier.name]
            self.assertEqual(sent, self.events(dossier).mapped("uid"), "in order")
            self.assertEqual(self.fake.state()["dossiers"][dossier.name]["status"], "4")

    def test_an_outage_kills_no_event(self):
        self.endpoint.max_attempts = 1
        self.fake.control(mode="fail")
        dossier = self.receive(2026, 3, 2, 9)
        with self.assertLogs("odoo.addons.onestop_sync", "WARNING"):
            for minute in (1, 3, 7, 15, 31):
                self.run_jobs(2026, 3, 2, 9, minute)
        push = self.events(dossier)[0]
        self.assertEqual((push.state, push.attempts, push.refusals), ("failed", 5, 0))
        self.assertEqual(self.endpoint.outages, 5)
        self.fake.control(mode="ok")
        self.run_jobs(2026, 3, 2, 11)
        self.assertEqual(set(self.events(dossier).mapped("state")), {"sent"})
        self.assertEqual(self.endpoint.outages, 0)

    def test_dead_letter_holds_the_dossier_back_until_retried(self):
        self.fake.control(mode="malformed")
        dossier = self.receive(2026, 3, 2, 9)
        self.forward(dossier, self.reception, (2026, 3, 2, 9, 30), to=self.specialist)
        push = self.events(dossier)[0]
        with self.assertLogs("odoo.addons.onestop_sync.models.onestop_sync_event", "WARNING"):
            for minute in (31, 33, 40, 50, 59):
                self.run_jobs(2026, 3, 2, 9, minute)
        self.assertEqual(push.state, "dead")
        self.assertEqual(push.attempts, 4)
        self.assertIn("malformed", push.response)
        # The later events wait behind the dead one: never sent out of order.
        self.assertEqual(set(self.events(dossier)[1:].mapped("state")), {"pending"})
        self.assertFalse(
            self.env["onestop.mail.queue"].search([("dossier_id", "=", dossier.id)]),
            "no job spins on a dead event",
        )
        self.fake.control(mode="ok")
        with self.assertRaises(UserError):
            self.events(dossier)[1].action_retry()
        with self.at(2026, 3, 2, 10):
            push.action_retry()
        self.run_jobs(2026, 3, 2, 10)
        self.assertEqual(set(self.events(dossier).mapped("state")), {"sent"})
        self.assertEqual(
            [c["key"] for c in self.portal_calls()], self.events(dossier).mapped("uid")
        )

    def test_resend_after_a_crash_updates_never_duplicates(self):
        """A worker killed after the portal answered but before the commit: the events are
        pending again and go again; the portal still has one dossier."""
        dossier = self.receive(2026, 3, 2, 9)
        self.run_jobs(2026, 3, 2, 9, 1)
        events = self.events(dossier)
        events.write({"state": "pending", "sent_date": False})
        with self.at(2026, 3, 2, 9, 2):
            self.env["onestop.mail.queue"]._enqueue_job("sync", dossier)
        self.run_jobs(2026, 3, 2, 9, 2)
        state = self.fake.state()
        self.assertEqual(len(state["dossiers"]), 1)
        self.assertEqual(state["dossiers"][dossier.name]["pushes"], 2)
        self.assertEqual(len(state["progress"]), 1, "the progress line is keyed: not twice")
        self.assertEqual(set(events.mapped("state")), {"sent"})

    def test_expired_session_is_renewed(self):
        dossier = self.receive(2026, 3, 2, 9)
        self.run_jobs(2026, 3, 2, 9, 1)
        self.fake.control(expire_sessions=True)
        self.forward(dossier, self.reception, (2026, 3, 2, 9, 30), to=self.specialist)
        self.run_jobs(2026, 3, 2, 9, 31)
        self.assertEqual(self.fake.state()["logins"], 2)
        self.assertEqual(set(self.events(dossier).mapped("state")), {"sent"})

    def test_dropped_connection_is_retried(self):
        self.fake.control(mode="drop", count=1)
        dossier = self.receive(2026, 3, 2, 9)
        with self.assertLogs("odoo.addons.onestop_sync", "WARNING") as logs:
            self.run_jobs(2026, 3, 2, 9, 1)
        self.assertIn("no answer (ConnectionError)", logs.output[0])
        self.assertEqual(self.events(dossier)[0].state, "failed")
        self.run_jobs(2026, 3, 2, 9, 5)
        self.assertEqual(set(self.events(dossier).mapped("state")), {"sent"})

    def test_the_officer_never_waits_and_credentials_stay_out_of_logs(self):
        self.fake.control(mode="fail")
        with self.assertLogs(level=logging.DEBUG) as logs:
            dossier = self.receive(2026, 3, 2, 9)
            self.run_jobs(2026, 3, 2, 9, 1)
            self.run_jobs(2026, 3, 2, 9, 5)
        self.assertEqual(dossier.state, "received")
        text = "\n".join(logs.output)
        self.assertIn("not sent", text)
        self.assertNotIn(self.fake.password, text)
        messages = " ".join(dossier.message_ids.mapped("body"))
        self.assertNotIn(self.fake.password, messages)
        responses = " ".join(filter(None, self.events(dossier).mapped("response")))
        self.assertNotIn(self.fake.password, responses)

    def test_unmapped_procedure_waits_for_its_code(self):
        self.national.procedure_id = False
        self.assertFalse(self.procedure.onestop_national_code)
        dossier = self.receive(2026, 3, 2, 9)
        self.run_jobs(2026, 3, 2, 9, 1)
        self.assertEqual(self.portal_calls(), [])
        self.assertEqual(set(self.events(dossier).mapped("state")), {"pending"})
        with self.at(2026, 3, 2, 9, 2):
            self.national.procedure_id = self.procedure
        self.run_jobs(2026, 3, 2, 9, 2)
        self.assertEqual(set(self.events(dossier).mapped("state")), {"sent"})
        self.assertEqual(self.portal_calls()[0]["body"]["MaTTHC"], "1.000001")

    def test_credentials_only_for_administrators(self):
        for user in (self.reception, self.manager):
            with self.assertRaises(AccessError):
                self.endpoint.with_user(user).read(["url"])
        admin_fields = self.env["onestop.sync.endpoint"].with_user(self.admin)
        self.assertEqual(
            admin_fields.browse(self.endpoint.id).read(["password"])[0]["password"],
            self.fake.password,
        )
