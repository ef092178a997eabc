from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import WorkflowCase


@tagged("post_install", "-at_install")
class TestRights(WorkflowCase):
    def setUp(self):
        super().setUp()
        self.dossier = self.receive(2026, 3, 2, 9, 0)
        self.forward(self.dossier, self.reception, (2026, 3, 2, 9, 30), to=self.specialist)

    def test_only_the_reception_desk_forwards_at_reception(self):
        dossier = self.receive(2026, 3, 2, 10, 0)
        with self.assertRaises(AccessError):
            self.forward(dossier, self.other_reception, (2026, 3, 2, 10, 30))
        self.assertEqual(dossier.state, "received")

    def test_assignee_and_department_act(self):
        self.assertTrue(self.dossier.with_user(self.specialist).wf_can_forward)
        # A colleague of the same unit may act on the unit's step.
        self.assertTrue(self.dossier.with_user(self.specialist2).wf_can_forward)
        self.forward(self.dossier, self.specialist2, (2026, 3, 2, 10, 0))
        self.assertEqual(self.dossier.user_id, self.head)
        self.assertEqual(self.dossier.step_ids[-2].result, "on_time")

    def test_others_get_an_access_error(self):
        # The desk still sees the dossier but no longer holds it.
        self.assertFalse(self.dossier.with_user(self.reception).wf_can_forward)
        for user, action in (
            (self.reception, "action_open_forward"),
            (self.reception, "action_open_send_back"),
            (self.reception, "action_open_supplement"),
            (self.reception, "action_open_stop"),
            (self.reception, "action_open_transfer"),
            (self.other_specialist, "action_open_forward"),
            (self.other_reception, "action_open_refuse"),
            (self.manager, "action_open_forward"),
        ):
            with self.subTest(user=user.login, action=action), self.assertRaises(AccessError):
                getattr(self.dossier.with_user(user), action)()
        with self.assertRaises(AccessError):
            self.forward(self.dossier, self.reception, (2026, 3, 2, 10, 0))
        self.assertEqual(self.dossier.user_id, self.specialist)
        self.assertEqual(len(self.dossier.step_ids), 2)

    def test_only_heads_reassign(self):
        self.assertFalse(self.dossier.with_user(self.specialist).wf_can_reassign)
        self.assertTrue(self.dossier.with_user(self.head).wf_can_reassign)
        for user in (self.specialist, self.specialist2, self.reception):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.dossier.with_user(user).action_open_reassign()
        with self.assertRaises(AccessError):
            self.wizard(
                "onestop.reassign.wizard",
                self.specialist2,
                self.dossier,
                user_id=self.specialist2.id,
            ).action_confirm()
        self.assertEqual(self.dossier.user_id, self.specialist)
        # The leader heads the agency above the unit: the department tree counts.
        self.assertTrue(self.dossier.with_user(self.leader).wf_can_reassign)
        with self.at(2026, 3, 2, 10, 0):
            self.wizard(
                "onestop.reassign.wizard", self.leader, self.dossier, user_id=self.specialist2.id
            ).action_confirm()
        self.assertEqual(self.dossier.user_id, self.specialist2)

    def test_desk_actions(self):
        # The receiving unit may apologise, withdraw and take in a supplement for the
        # applicant while the unit holds the dossier.
        self.assertTrue(self.dossier.with_user(self.reception).wf_can_withdraw)
        self.assertTrue(self.dossier.with_user(self.reception).wf_can_apology)
        self.assertFalse(self.dossier.with_user(self.reception).wf_can_stop)
        self.assertFalse(self.dossier.with_user(self.other_reception).wf_can_withdraw)
