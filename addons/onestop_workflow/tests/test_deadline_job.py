from datetime import datetime as wall

from odoo.tests import tagged

from odoo.addons.onestop_base.tests.common import local, to_local

from .common import WorkflowCase


@tagged("post_install", "-at_install")
class TestDeadlineJob(WorkflowCase):
    def run_job(self, *wall_time):
        with self.at(*wall_time):
            self.env["onestop.dossier"]._cron_onestop_deadlines()

    def activities(self, dossier, user):
        return dossier.activity_ids.filtered(lambda a: a.user_id == user)

    def test_reminder_once_when_due_within_a_working_day(self):
        dossier = self.receive(2026, 3, 2, 9, 0)
        self.forward(dossier, self.reception, (2026, 3, 2, 9, 30), to=self.specialist)
        line = dossier.current_step_id
        self.run_job(2026, 3, 2, 10, 0)
        activity = self.activities(dossier, self.specialist)
        self.assertEqual(len(activity), 1)
        self.assertEqual(str(activity.date_deadline), "2026-03-02")
        self.assertTrue(line.reminder_sent)
        self.assertFalse(line.overdue)
        self.run_job(2026, 3, 2, 11, 0)
        self.assertEqual(len(self.activities(dossier, self.specialist)), 1)

    def test_overdue_step_flagged_and_head_told_once(self):
        dossier = self.receive(2026, 3, 2, 9, 0)
        self.forward(dossier, self.reception, (2026, 3, 2, 9, 30), to=self.specialist)
        line = dossier.current_step_id
        self.run_job(2026, 3, 2, 16, 0)
        self.assertTrue(line.overdue)
        self.assertTrue(line.head_notified)
        self.assertTrue(
            dossier.with_user(self.head).search(
                [("current_step_id.overdue", "=", True), ("id", "=", dossier.id)]
            )
        )
        told = dossier.message_ids.filtered(lambda m: self.head.partner_id in m.partner_ids)
        self.assertEqual(len(told), 1)
        self.assertIn("overdue", str(told.body))
        self.run_job(2026, 3, 2, 16, 30)
        told = dossier.message_ids.filtered(lambda m: self.head.partner_id in m.partner_ids)
        self.assertEqual(len(told), 1)
        # The dossier itself is not late yet.
        self.assertFalse(dossier.overdue_flag)

    def test_overdue_dossier_flagged(self):
        dossier = self.receive(2026, 3, 2, 9, 0)
        self.forward(dossier, self.reception, (2026, 3, 2, 9, 30), to=self.specialist)
        self.run_job(2026, 3, 3, 12, 0)
        self.assertTrue(dossier.overdue_flag)
        self.assertEqual(
            self.env["onestop.dossier"].search(
                [("overdue_flag", "=", True), ("id", "=", dossier.id)]
            ),
            dossier,
        )
        # Paused: no longer counted overdue.
        with self.at(2026, 3, 3, 12, 30):
            self.wizard(
                "onestop.supplement.wizard", self.specialist, dossier, missing="- Giấy chứng sinh"
            ).action_confirm()
        self.run_job(2026, 3, 3, 13, 0)
        self.assertFalse(dossier.overdue_flag)

    def test_apology_draft_for_a_dossier_at_risk(self):
        dossier = self.receive(2026, 3, 2, 9, 0)
        # The desk has not passed the dossier on: its step (due at 10:00) is overdue while
        # one working day still separates 10:30 from the appointment (Tuesday 11:30).
        self.run_job(2026, 3, 2, 10, 30)
        draft = dossier.apology_ids
        self.assertEqual(len(draft), 1)
        self.assertEqual(draft.state, "draft")
        self.assertTrue(draft.is_proposal)
        self.assertEqual(to_local(draft.new_due_date), wall(2026, 3, 4, 11, 30))
        self.assertTrue(self.activities(dossier, self.reception))
        self.run_job(2026, 3, 2, 11, 0)
        self.assertEqual(len(dossier.apology_ids), 1)
        # The desk reviews and sends it.
        with self.at(2026, 3, 2, 11, 15):
            draft.with_user(self.reception).action_confirm()
        self.assertEqual(draft.state, "sent")
        self.assertEqual(dossier.due_date, local(2026, 3, 4, 11, 30))
        # Too late for an apology: no draft.
        late = self.receive(2026, 3, 2, 9, 5)
        self.run_job(2026, 3, 2, 14, 0)
        self.assertFalse(late.apology_ids)

    def test_dossier_on_track_gets_no_draft(self):
        dossier = self.receive(2026, 3, 2, 9, 0)
        self.forward(dossier, self.reception, (2026, 3, 2, 9, 15), to=self.specialist)
        self.run_job(2026, 3, 2, 10, 0)
        self.assertFalse(dossier.apology_ids)
