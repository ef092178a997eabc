from datetime import datetime as wall

from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.onestop_base.tests.common import local, to_local

from .common import WorkflowCase


@tagged("post_install", "-at_install")
class TestInterAgency(WorkflowCase):
    def transfer(self, dossier, wall_time, **vals):
        with self.at(*wall_time):
            self.wizard(
                "onestop.transfer.wizard",
                self.specialist,
                dossier,
                **{
                    "department_id": self.other_unit.id,
                    "user_id": self.other_specialist.id,
                    "work": "Xác minh nơi cư trú của người yêu cầu.",
                    "allowance": 1,
                    "allowance_unit": "working_days",
                    **vals,
                },
            ).action_confirm()
        return dossier.child_ids

    def start(self):
        dossier = self.receive(2026, 3, 2, 9, 0)
        self.forward(dossier, self.reception, (2026, 3, 2, 9, 30), to=self.specialist)
        child = self.transfer(dossier, (2026, 3, 2, 10, 0))
        return dossier, child

    def test_child_bound_to_its_parent(self):
        dossier, child = self.start()
        self.assertEqual(len(child), 1)
        self.assertEqual(child.name, dossier.name)  # one code for the citizen
        self.assertEqual(child.parent_id, dossier)
        self.assertEqual(child.department_id, self.other_unit)
        self.assertEqual(child.state, "received")
        self.assertEqual(child.received_date, local(2026, 3, 2, 10, 0))
        # One working day from Monday 10:00, to the end of that session.
        self.assertEqual(to_local(child.due_date), wall(2026, 3, 3, 11, 30))
        self.assertEqual(child.user_id, self.other_specialist)
        self.assertEqual(child.transfer_note, "Xác minh nơi cư trú của người yêu cầu.")
        self.assertEqual(
            self.lines(child), [("reception", "Inter-agency part", "t_other_specialist", False)]
        )
        self.assertEqual(child.step_ids.user_from_id, self.specialist)
        self.assertEqual(child.step_ids.department_from_id, self.unit)
        self.assertEqual(self.lines(dossier)[-1][0], "transfer")
        # The parent waits; it still holds its own step.
        self.assertTrue(dossier.waiting_children)
        self.assertEqual(dossier.children_progress, "0/1")
        self.assertEqual(dossier.user_id, self.specialist)
        # The unit that received the parent sees the part; the other agency sees its part.
        self.assertIn(self.desk, child.department_ids)
        self.assertTrue(child.with_user(self.reception).read(["state"]))
        self.assertTrue(child.with_user(self.other_specialist).read(["state"]))
        # No second email to the applicant for the part.
        self.assertFalse(self.messages_to_applicant(child))

    def test_parent_waits_for_the_child(self):
        dossier, child = self.start()
        self.forward(dossier, self.specialist, (2026, 3, 2, 10, 30))
        self.forward(dossier, self.head, (2026, 3, 2, 11, 0))
        with self.assertRaisesRegex(UserError, "waits for its inter-agency parts"):
            self.record_result(dossier, (2026, 3, 2, 11, 15))
        self.assertFalse(dossier.with_user(self.leader).wf_can_result)
        self.assertEqual(dossier.state, "processing")

    def test_child_finishing_before_its_deadline(self):
        dossier, child = self.start()
        self.record_result(
            child, (2026, 3, 2, 16, 0), user=self.other_specialist, note="Đã xác minh"
        )
        self.assertEqual(child.state, "resolved")
        self.assertEqual(child.result_timing, "early")
        self.assertFalse(child.current_step_id)  # its result goes to the parent, not the desk
        self.assertEqual(self.lines(child)[0][3], "early")
        self.assertFalse(dossier.waiting_children)
        self.assertEqual(dossier.children_progress, "1/1")
        note = dossier.message_ids.filtered(lambda m: "inter-agency part" in str(m.body))
        self.assertTrue(note)
        self.assertIn("Early", str(note[0].body))
        self.assertIn("Đã xác minh", str(note[0].body))
        with self.assertRaisesRegex(UserError, "inter-agency part"):
            child.with_user(self.other_specialist).action_open_return()
        # The parent goes on to its result.
        self.forward(dossier, self.specialist, (2026, 3, 2, 16, 15))
        self.forward(dossier, self.head, (2026, 3, 2, 16, 30))
        self.record_result(dossier, (2026, 3, 3, 8, 0))
        self.assertEqual(dossier.state, "resolved")
        self.assertEqual(dossier.result_timing, "on_time")

    def test_child_finishing_after_its_deadline(self):
        dossier, child = self.start()
        self.record_result(child, (2026, 3, 3, 14, 0), user=self.other_specialist)
        self.assertEqual(child.result_timing, "late")
        self.assertEqual(self.lines(child)[0][3], "late")
        note = dossier.message_ids.filtered(lambda m: "inter-agency part" in str(m.body))
        self.assertIn("Late", str(note[0].body))
        self.assertFalse(dossier.waiting_children)

    def test_parent_ending_stops_its_parts(self):
        dossier, child = self.start()
        with self.at(2026, 3, 2, 11, 0):
            self.wizard(
                "onestop.close.wizard",
                self.reception,
                dossier,
                close_state="withdrawn",
                reason="Công dân rút hồ sơ.",
            ).action_confirm()
        self.assertEqual(child.state, "stopped")
        self.assertEqual(child.ended_date, local(2026, 3, 2, 11, 0))

    def test_transfer_stays_between_agencies(self):
        dossier = self.receive(2026, 3, 2, 9, 0)
        self.forward(dossier, self.reception, (2026, 3, 2, 9, 30), to=self.specialist)
        with self.assertRaisesRegex(UserError, "same agency"):
            self.transfer(dossier, (2026, 3, 2, 10, 0), department_id=self.unit.id, user_id=False)
        dossier2, child = self.start()
        with self.assertRaisesRegex(UserError, "itself an inter-agency part"):
            child.with_user(self.other_specialist).action_open_transfer()
