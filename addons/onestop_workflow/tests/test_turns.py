from datetime import datetime as wall

from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.onestop_base.tests.common import to_local

from .common import WorkflowCase


@tagged("post_install", "-at_install")
class TestTurns(WorkflowCase):
    def test_send_back_with_a_reason(self):
        dossier = self.receive(2026, 3, 2, 9, 0)
        self.forward(dossier, self.reception, (2026, 3, 2, 9, 30), to=self.specialist)
        self.forward(dossier, self.specialist, (2026, 3, 2, 10, 0))
        with self.at(2026, 3, 2, 10, 30):
            wizard = self.wizard("onestop.send.back.wizard", self.head, dossier, reason="-")
            # The last turn of each earlier step, the latest first.
            self.assertEqual(wizard.allowed_line_ids.mapped("name"), ["Thẩm định", "Tiếp nhận"])
            self.assertEqual(wizard.user_id, self.specialist)
            wizard.reason = " "
            with self.assertRaisesRegex(UserError, "reason"):
                wizard.action_confirm()
            wizard.reason = "Thiếu ý kiến thẩm định về nơi cư trú."
            wizard.action_confirm()
        self.assertEqual(dossier.state, "processing")
        self.assertEqual(dossier.stage_id, self.stage["appraisal"])
        self.assertEqual(dossier.user_id, self.specialist)
        self.assertEqual(to_local(dossier.step_due_date), wall(2026, 3, 2, 16, 30))
        line = dossier.current_step_id
        self.assertEqual(line.kind, "send_back")
        self.assertEqual(line.user_from_id, self.head)
        self.assertEqual(line.note, "Thiếu ý kiến thẩm định về nơi cư trú.")
        self.assertIn("Thiếu ý kiến", dossier.message_ids[0].body)

    def test_send_back_to_the_desk(self):
        dossier = self.receive(2026, 3, 2, 9, 0)
        self.forward(dossier, self.reception, (2026, 3, 2, 9, 30), to=self.specialist)
        with self.at(2026, 3, 2, 10, 0):
            wizard = self.wizard(
                "onestop.send.back.wizard", self.specialist, dossier, reason="Sai thủ tục"
            )
            self.assertEqual(wizard.target_line_id.kind, "reception")
            wizard.action_confirm()
        self.assertEqual(dossier.state, "received")
        self.assertEqual(dossier.stage_id, self.stage["received"])
        self.assertEqual(dossier.user_id, self.reception)

    def test_head_reassigns(self):
        dossier = self.receive(2026, 3, 2, 9, 0)
        self.forward(dossier, self.reception, (2026, 3, 2, 9, 30), to=self.specialist)
        due = dossier.step_due_date
        with self.at(2026, 3, 2, 10, 0):
            wizard = self.wizard(
                "onestop.reassign.wizard",
                self.head,
                dossier,
                user_id=self.specialist2.id,
                note="Chuyên viên nghỉ phép.",
            )
            self.assertNotIn(self.specialist, wizard.allowed_user_ids)
            self.assertIn(self.specialist2, wizard.allowed_user_ids)
            wizard.action_confirm()
        self.assertEqual(dossier.user_id, self.specialist2)
        self.assertEqual(dossier.step_due_date, due)  # the allowance is not renewed
        self.assertEqual(
            self.lines(dossier),
            [
                ("reception", "Tiếp nhận", "t_reception", "on_time"),
                ("handover", "Thẩm định", "t_specialist", "on_time"),
                ("reassign", "Thẩm định", "t_specialist2", False),
            ],
        )
        self.assertEqual(dossier.current_step_id.user_from_id, self.head)

    def test_forward_to_someone_outside_the_step(self):
        dossier = self.receive(2026, 3, 2, 9, 0)
        with self.at(2026, 3, 2, 9, 30):
            wizard = self.wizard("onestop.forward.wizard", self.reception, dossier)
            self.assertEqual(wizard.process_step_id, self.steps[1])
            self.assertEqual(wizard.department_id, self.unit)
            self.assertEqual(
                set(wizard.allowed_user_ids.ids),
                {self.specialist.id, self.specialist2.id, self.head.id},
            )
            # The officer with the fewest open turns first, the head last.
            self.assertIn(wizard.user_id, self.specialist | self.specialist2)
            wizard.user_id = self.other_specialist
            with self.assertRaisesRegex(UserError, "may not be assigned"):
                wizard.action_confirm()
        self.assertEqual(dossier.state, "received")

    def test_dossier_without_process_is_forwarded_freely(self):
        self.process.active = False
        dossier = self.receive(2026, 3, 2, 9, 0)
        self.assertFalse(dossier.process_id)
        self.assertEqual(dossier.stage_id, self.stage["received"])
        self.assertEqual(dossier.step_due_date, dossier.due_date)
        with self.at(2026, 3, 2, 9, 30):
            wizard = self.wizard(
                "onestop.forward.wizard", self.reception, dossier, department_id=self.unit.id
            )
            self.assertTrue(wizard.free)
            wizard.user_id = self.specialist2
            wizard.action_confirm()
        self.assertEqual(dossier.stage_id, self.stage["appraisal"])
        self.assertEqual(dossier.user_id, self.specialist2)
        self.assertTrue(dossier.with_user(self.specialist2).wf_can_result)
        self.record_result(dossier, (2026, 3, 2, 11, 0), user=self.specialist2)
        self.assertEqual(dossier.state, "resolved")
        self.assertEqual(dossier.user_id, self.reception)
