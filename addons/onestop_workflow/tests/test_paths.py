from datetime import datetime as wall

from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.onestop_base.tests.common import local, to_local

from .common import WorkflowCase, run_queued_jobs


@tagged("post_install", "-at_install")
class TestPaths(WorkflowCase):
    """One dossier per path, with exact dates. Received on Monday 2 March 2026 at 09:00, a
    dossier of the one-day procedure is due on Tuesday at 11:30."""

    def test_reception_opens_the_first_line(self):
        dossier = self.receive(2026, 3, 2, 9, 0)
        self.assertEqual(to_local(dossier.due_date), wall(2026, 3, 3, 11, 30))
        line = dossier.current_step_id
        self.assertEqual(line.kind, "reception")
        self.assertEqual(line.process_step_id, self.steps[0])
        self.assertEqual(line.user_to_id, self.reception)
        self.assertEqual(line.department_to_id, self.desk)
        self.assertEqual(line.date_start, local(2026, 3, 2, 9, 0))
        self.assertEqual(to_local(line.date_due), wall(2026, 3, 2, 10, 0))
        self.assertFalse(line.date_end)
        self.assertEqual(dossier.stage_id, self.stage["received"])
        self.assertEqual(dossier.user_id, self.reception)
        # The applicant is told, in Vietnamese, by a job off the officer's request: the
        # action only queues the template.
        queued = self.env["onestop.mail.queue"].search([("dossier_id", "=", dossier.id)])
        self.assertEqual(
            queued.template_id, self.env.ref("onestop_workflow.mail_template_dossier_received")
        )
        self.assertEqual(queued.user_id, self.reception)
        self.assertFalse(dossier.message_ids.filtered(lambda m: self.partner in m.partner_ids))
        mail = self.messages_to_applicant(dossier)
        self.assertFalse(queued.exists())
        self.assertEqual(len(mail), 1)
        self.assertIn("đã được tiếp nhận", mail.subject)
        self.assertIn("11:30 03/03/2026", str(mail.body))
        self.assertEqual(mail.author_id, self.reception.partner_id)
        email = self.env["mail.mail"].search([("mail_message_id", "=", mail.id)])
        self.assertIn(self.partner, email.recipient_ids)

    def test_mail_queue_survives_a_broken_template(self):
        """An email that cannot be written is logged and dropped; the others go out."""
        broken = self.env["mail.template"].create(
            {
                "name": "Mẫu hỏng",
                "model_id": self.env.ref("onestop_base.model_onestop_dossier").id,
                "subject": "{{ object.no_such_field }}",
                "body_html": "<p>x</p>",
            }
        )
        first = self.receive(2026, 3, 2, 9, 0)
        second = self.receive(2026, 3, 2, 9, 5)
        self.env["onestop.mail.queue"]._enqueue(first, broken)
        with self.assertLogs("odoo.addons.onestop_workflow.models.onestop_mail_queue", "ERROR"):
            run_queued_jobs(self.env)
        self.assertFalse(self.env["onestop.mail.queue"].search([]))
        self.assertEqual(len(self.messages_to_applicant(first)), 1)
        self.assertEqual(len(self.messages_to_applicant(second)), 1)

    def test_early(self):
        dossier = self.receive(2026, 3, 2, 9, 0)
        self.forward(dossier, self.reception, (2026, 3, 2, 9, 30), to=self.specialist)
        self.assertEqual(dossier.state, "processing")
        self.assertEqual(dossier.stage_id, self.stage["appraisal"])
        self.assertEqual(dossier.user_id, self.specialist)
        self.assertEqual(to_local(dossier.step_due_date), wall(2026, 3, 2, 15, 30))
        self.forward(dossier, self.specialist, (2026, 3, 2, 14, 0))
        # The review goes to the head by default.
        self.assertEqual(dossier.user_id, self.head)
        self.assertEqual(dossier.stage_id, self.stage["review"])
        self.assertEqual(to_local(dossier.step_due_date), wall(2026, 3, 2, 15, 0))
        self.forward(dossier, self.head, (2026, 3, 2, 14, 30))
        self.assertEqual(dossier.user_id, self.leader)
        self.assertEqual(dossier.stage_id, self.stage["signature"])
        self.record_result(dossier, (2026, 3, 2, 15, 0))
        self.assertEqual(dossier.state, "resolved")
        self.assertEqual(dossier.resolved_date, local(2026, 3, 2, 15, 0))
        self.assertEqual(dossier.result_timing, "early")
        self.assertEqual(dossier.stage_id, self.stage["resolved"])
        # Back at the desk, to the officer who received it.
        self.assertEqual(dossier.user_id, self.reception)
        self.assertEqual(to_local(dossier.step_due_date), wall(2026, 3, 2, 16, 0))
        ready = self.messages_to_applicant(dossier).filtered(
            lambda m: "Đã có kết quả" in (m.subject or "")
        )
        self.assertEqual(len(ready), 1)
        self.return_result(dossier, (2026, 3, 2, 15, 30))
        self.assertEqual(dossier.state, "returned")
        self.assertEqual(dossier.returned_date, local(2026, 3, 2, 15, 30))
        self.assertEqual(dossier.stage_id, self.stage["returned"])
        self.assertFalse(dossier.current_step_id)
        self.assertEqual(
            self.lines(dossier),
            [
                ("reception", "Tiếp nhận", "t_reception", "on_time"),
                ("handover", "Thẩm định", "t_specialist", "on_time"),
                ("handover", "Xem xét", "t_head", "on_time"),
                ("handover", "Ký duyệt", "t_leader", "on_time"),
                ("result", "Result recorded", False, False),
                ("handover", "Trả kết quả", "t_reception", "on_time"),
                ("return", "Result returned", False, False),
            ],
        )
        handovers = dossier.step_ids.filtered(lambda line: line.kind == "handover")
        self.assertEqual(
            handovers.mapped("user_from_id").mapped("login"),
            ["t_reception", "t_specialist", "t_head", "t_leader"],
        )
        self.assertEqual(handovers.mapped("department_to_id"), self.unit | self.agency | self.desk)

    def test_on_time(self):
        dossier = self.receive(2026, 3, 2, 9, 0)
        self.to_signature(dossier, ((2026, 3, 2, 9, 30), (2026, 3, 2, 15, 0), (2026, 3, 2, 15, 45)))
        self.assertEqual(to_local(dossier.step_due_date), wall(2026, 3, 2, 16, 45))
        self.record_result(dossier, (2026, 3, 3, 9, 0))
        self.assertEqual(dossier.result_timing, "on_time")
        self.return_result(dossier, (2026, 3, 3, 9, 30))
        self.assertEqual(
            [line[3] for line in self.lines(dossier)],
            ["on_time", "on_time", "on_time", "late", False, "on_time", False],
        )

    def test_late(self):
        dossier = self.receive(2026, 3, 2, 9, 0)
        self.to_signature(dossier, ((2026, 3, 2, 9, 30), (2026, 3, 3, 10, 0), (2026, 3, 3, 13, 45)))
        self.assertEqual(to_local(dossier.step_due_date), wall(2026, 3, 3, 14, 45))
        self.record_result(dossier, (2026, 3, 3, 14, 30))
        self.assertEqual(dossier.result_timing, "late")
        self.return_result(dossier, (2026, 3, 4, 8, 0))
        self.assertEqual(
            [line[3] for line in self.lines(dossier)],
            ["on_time", "late", "late", "on_time", False, "late", False],
        )
        self.assertEqual(
            dossier.step_ids.filtered("overdue").mapped("name"),
            ["Thẩm định", "Xem xét", "Trả kết quả"],
        )

    def test_step_finished_the_day_before_its_due_date_is_early(self):
        # Received after the 15:00 cutoff: the clock starts on Tuesday at 07:00.
        dossier = self.receive(2026, 3, 2, 16, 0)
        self.assertEqual(to_local(dossier.due_date), wall(2026, 3, 3, 17, 0))
        self.assertEqual(to_local(dossier.step_due_date), wall(2026, 3, 3, 8, 0))
        self.forward(dossier, self.reception, (2026, 3, 2, 16, 30), to=self.specialist)
        # 4 working hours from Monday 16:30: half an hour on Monday, 3.5 on Tuesday.
        self.assertEqual(to_local(dossier.step_due_date), wall(2026, 3, 3, 10, 30))
        self.forward(dossier, self.specialist, (2026, 3, 2, 16, 45))
        self.assertEqual([line[3] for line in self.lines(dossier)], ["early", "early", False])

    def test_supplement_pauses_and_resumes_both_clocks(self):
        dossier = self.receive(2026, 3, 2, 9, 0)
        self.forward(dossier, self.reception, (2026, 3, 2, 9, 30), to=self.specialist)
        appraisal = dossier.current_step_id
        self.assertEqual(to_local(appraisal.date_due), wall(2026, 3, 2, 15, 30))
        with self.at(2026, 3, 2, 10, 30):
            wizard = self.wizard(
                "onestop.supplement.wizard",
                self.specialist,
                dossier,
                document_ids=[(6, 0, dossier.document_line_ids[:2].ids)],
            )
            self.assertEqual(wizard.missing, "- Tờ khai đăng ký khai sinh\n- Giấy chứng sinh")
            wizard.missing += "\n- Bản sao sổ hộ khẩu"
            wizard.action_confirm()
        self.assertEqual(dossier.state, "waiting_supplement")
        self.assertEqual(dossier.stage_id, self.stage["supplement"])
        self.assertEqual(dossier.current_step_id, appraisal)
        self.assertFalse(appraisal.date_end)
        pause = dossier.pause_ids
        self.assertEqual(pause.date_start, local(2026, 3, 2, 10, 30))
        self.assertIn("Bản sao sổ hộ khẩu", pause.reason)
        # Form 02 went to the applicant, with the single list.
        request = self.messages_to_applicant(dossier).filtered(
            lambda m: "bổ sung" in (m.subject or "")
        )
        self.assertEqual(len(request), 1)
        self.assertIn("Bản sao sổ hộ khẩu", str(request.body))
        # Forwarding or resolving is refused while the clock stands still.
        with self.assertRaisesRegex(UserError, "not being processed"):
            dossier.with_user(self.specialist).action_open_forward()
        # The applicant hands the documents in at the desk on Wednesday at 08:00: paused for
        # 1 + 3.5 (Monday) + 8 (Tuesday) + 1 (Wednesday) = 13.5 working hours.
        with self.at(2026, 3, 4, 8, 0):
            dossier.with_user(self.reception).action_supplement_received()
        self.assertEqual(dossier.state, "processing")
        self.assertEqual(dossier.stage_id, self.stage["appraisal"])
        self.assertEqual(pause.working_hours, 13.5)
        self.assertEqual(dossier.paused_hours, 13.5)
        # The appointment moves by 13.5 working hours from Tuesday 11:30, to the end of the
        # session in which they run out (Thursday morning); the step's due time moves by
        # exactly 13.5 working hours from Monday 15:30.
        self.assertEqual(to_local(dossier.due_date), wall(2026, 3, 5, 11, 30))
        self.assertEqual(to_local(appraisal.date_due), wall(2026, 3, 4, 11, 0))
        self.assertEqual(appraisal.paused_hours, 13.5)
        self.assertEqual(dossier.current_step_id, appraisal)
        self.forward(dossier, self.specialist, (2026, 3, 4, 10, 0))
        self.assertEqual(
            self.lines(dossier),
            [
                ("reception", "Tiếp nhận", "t_reception", "on_time"),
                ("handover", "Thẩm định", "t_specialist", "on_time"),
                ("supplement_request", "Supplement requested", False, False),
                ("supplement_received", "Supplement received", False, False),
                ("handover", "Xem xét", "t_head", False),
            ],
        )

    def test_supplement_uploaded_on_the_portal(self):
        dossier = self.receive(2026, 3, 2, 9, 0)
        self.forward(dossier, self.reception, (2026, 3, 2, 9, 30), to=self.specialist)
        with self.at(2026, 3, 2, 10, 30):
            self.wizard(
                "onestop.supplement.wizard", self.specialist, dossier, missing="- Giấy chứng sinh"
            ).action_confirm()
        attachment = self.env["ir.attachment"].create(
            {"name": "giay-chung-sinh.pdf", "raw": b"%PDF"}
        )
        # The portal checks the applicant's access itself, then calls this with sudo().
        dossier.with_user(self.public_user).sudo()._onestop_supplement_received(
            attachments=attachment, when=local(2026, 3, 2, 13, 30)
        )
        self.assertEqual(dossier.state, "processing")
        self.assertEqual((attachment.res_model, attachment.res_id), (dossier._name, dossier.id))
        # Paused for one working hour (10:30-11:30): both clocks move by one hour.
        self.assertEqual(to_local(dossier.due_date), wall(2026, 3, 3, 17, 0))
        self.assertEqual(to_local(dossier.step_due_date), wall(2026, 3, 2, 16, 30))

    def test_reschedule_once(self):
        dossier = self.receive(2026, 3, 2, 9, 0)
        self.forward(dossier, self.reception, (2026, 3, 2, 9, 30), to=self.specialist)
        with self.at(2026, 3, 2, 10, 0):
            action = dossier.with_user(self.specialist).action_open_apology()
            apology = (
                self.env["onestop.dossier.apology"]
                .with_user(self.specialist)
                .with_context(**action["context"])
                .create({"reason": "Cần xác minh thông tin với cơ quan khác."})
            )
            # Proposed: the current date moved by the steps still to do (8 hours).
            self.assertEqual(to_local(apology.new_due_date), wall(2026, 3, 4, 11, 30))
            apology.new_due_date = local(2026, 3, 5, 17, 0)
            apology.action_confirm()
        self.assertEqual(apology.state, "sent")
        self.assertEqual(to_local(apology.due_before), wall(2026, 3, 3, 11, 30))
        self.assertEqual(to_local(dossier.due_date), wall(2026, 3, 5, 17, 0))
        self.assertEqual(to_local(dossier.initial_due_date), wall(2026, 3, 3, 11, 30))
        self.assertTrue(dossier.rescheduled)
        self.assertEqual(dossier.apology_count, 1)
        change = dossier.deadline_change_ids
        self.assertEqual(change.kind, "reschedule")
        self.assertEqual(
            self.lines(dossier)[-1], ("reschedule", "Apology and new appointment", False, False)
        )
        mail = self.messages_to_applicant(dossier).filtered(
            lambda m: "Xin lỗi" in (m.subject or "")
        )
        self.assertEqual(len(mail), 1)
        self.assertIn("17:00 05/03/2026", str(mail.body))
        # A second time is refused, from the button and from a record made by hand.
        with self.at(2026, 3, 3, 8, 0):
            with self.assertRaisesRegex(UserError, "once already"):
                dossier.with_user(self.specialist).action_open_apology()
            second = self.env["onestop.dossier.apology"].create(
                {
                    "dossier_id": dossier.id,
                    "new_due_date": local(2026, 3, 9, 17, 0),
                    "reason": "Lần hai",
                }
            )
            with self.assertRaisesRegex(UserError, "once already"):
                second.with_user(self.specialist).action_confirm()
        self.assertEqual(to_local(dossier.due_date), wall(2026, 3, 5, 17, 0))
        # A sent apology does not change.
        with self.assertRaises(UserError):
            apology.with_user(self.specialist).reason = "Khác"

    def test_reschedule_needs_one_working_day(self):
        dossier = self.receive(2026, 3, 2, 9, 0)
        self.forward(dossier, self.reception, (2026, 3, 2, 9, 30), to=self.specialist)
        apology = self.env["onestop.dossier.apology"].create(
            {
                "dossier_id": dossier.id,
                "new_due_date": local(2026, 3, 5, 17, 0),
                "reason": "Chậm",
            }
        )
        # At 13:31 on Monday, less than one working day (8 hours) remains before Tuesday
        # 11:30; at 11:30, exactly one.
        with self.at(2026, 3, 2, 13, 31), self.assertRaisesRegex(UserError, "one working day"):
            apology.with_user(self.specialist).action_confirm()
        with self.at(2026, 3, 2, 11, 30):
            apology.new_due_date = local(2026, 3, 3, 11, 0)
            with self.assertRaisesRegex(UserError, "after the current one"):
                apology.with_user(self.specialist).action_confirm()
            apology.new_due_date = local(2026, 3, 5, 17, 0)
            apology.with_user(self.specialist).action_confirm()
        self.assertEqual(apology.state, "sent")

    def test_refusal(self):
        dossier = self.receive(2026, 3, 2, 9, 0)
        self.forward(dossier, self.reception, (2026, 3, 2, 9, 30), to=self.specialist)
        with self.at(2026, 3, 2, 10, 0):
            action = dossier.with_user(self.specialist).action_open_refuse()
            wizard = (
                self.env["onestop.close.wizard"]
                .with_user(self.specialist)
                .with_context(**action["context"])
                .create({"reason": "Người yêu cầu không thuộc diện được cấp."})
            )
            self.assertEqual(wizard.close_state, "refused")
            wizard.action_confirm()
        self.assertEqual(dossier.state, "refused")
        self.assertEqual(dossier.ended_date, local(2026, 3, 2, 10, 0))
        self.assertEqual(dossier.stage_id, self.stage["refused"])
        self.assertFalse(dossier.current_step_id)
        self.assertEqual(
            self.lines(dossier),
            [
                ("reception", "Tiếp nhận", "t_reception", "on_time"),
                ("handover", "Thẩm định", "t_specialist", "on_time"),
                ("refusal", "Refused", False, False),
            ],
        )
        self.assertEqual(dossier.step_ids[-1].note, "Người yêu cầu không thuộc diện được cấp.")
        mail = self.messages_to_applicant(dossier).filtered(
            lambda m: "Từ chối" in (m.subject or "")
        )
        self.assertEqual(len(mail), 1)
        self.assertIn("không thuộc diện", str(mail.body))
        with self.assertRaisesRegex(UserError, "ended already"):
            dossier.with_user(self.specialist).action_open_refuse()
        with self.assertRaisesRegex(UserError, "not being processed"):
            dossier.with_user(self.specialist).action_open_forward()

    def test_refusal_needs_reasons(self):
        dossier = self.receive(2026, 3, 2, 9, 0)
        with self.assertRaisesRegex(UserError, "reason"):
            self.wizard(
                "onestop.close.wizard", self.reception, dossier, close_state="refused", reason=" "
            ).action_confirm()
        self.assertEqual(dossier.state, "received")

    def test_withdrawal(self):
        dossier = self.receive(2026, 3, 2, 9, 0)
        self.forward(dossier, self.reception, (2026, 3, 2, 9, 30), to=self.specialist)
        # The applicant asks the desk: the desk may withdraw it though the unit holds it.
        with self.at(2026, 3, 2, 16, 0):
            self.wizard(
                "onestop.close.wizard",
                self.reception,
                dossier,
                close_state="withdrawn",
                reason="Công dân có đơn xin rút hồ sơ.",
            ).action_confirm()
        self.assertEqual(dossier.state, "withdrawn")
        self.assertEqual(dossier.stage_id, self.stage["withdrawn"])
        self.assertEqual(
            [line[:2] + line[3:] for line in self.lines(dossier)],
            [
                ("reception", "Tiếp nhận", "on_time"),
                ("handover", "Thẩm định", "late"),
                ("withdrawal", "Withdrawn", False),
            ],
        )
        self.assertEqual(dossier.step_ids[-1].user_from_id, self.reception)

    def test_stop(self):
        dossier = self.receive(2026, 3, 2, 9, 0)
        self.forward(dossier, self.reception, (2026, 3, 2, 9, 30), to=self.specialist)
        with self.at(2026, 3, 2, 10, 0):
            self.wizard(
                "onestop.close.wizard",
                self.specialist,
                dossier,
                close_state="stopped",
                reason="Có văn bản của cơ quan có thẩm quyền đề nghị dừng.",
            ).action_confirm()
        self.assertEqual(dossier.state, "stopped")
        self.assertEqual(dossier.stage_id, self.stage["stopped"])
        self.assertEqual(dossier.step_ids[-1].kind, "stop")
        with self.assertRaisesRegex(UserError, "not in progress"):
            dossier.with_user(self.specialist).action_open_withdraw()

    def test_result_with_files(self):
        dossier = self.receive(2026, 3, 2, 9, 0)
        self.to_signature(dossier)
        attachment = (
            self.env["ir.attachment"]
            .with_user(self.leader)
            .create({"name": "giay-khai-sinh.pdf", "raw": b"%PDF-1.4"})
        )
        with self.at(2026, 3, 2, 15, 0):
            self.wizard(
                "onestop.result.wizard",
                self.leader,
                dossier,
                note="Giấy khai sinh số 123",
                attachment_ids=[(6, 0, attachment.ids)],
            ).action_confirm()
        self.assertEqual(dossier.resolved_date, local(2026, 3, 2, 15, 0))
        self.assertEqual(dossier.result_note, "Giấy khai sinh số 123")
        self.assertEqual(dossier.result_attachment_ids, attachment)
        self.assertEqual((attachment.res_model, attachment.res_id), (dossier._name, dossier.id))
        self.assertEqual(
            dossier.step_ids.filtered(lambda line: line.kind == "result").note,
            "Giấy khai sinh số 123",
        )

    def test_return_by_post_needs_a_tracking_number(self):
        dossier = self.receive(2026, 3, 2, 9, 0)
        self.to_signature(dossier)
        self.record_result(dossier, (2026, 3, 2, 15, 0))
        with self.assertRaisesRegex(UserError, "tracking number"):
            self.return_result(dossier, (2026, 3, 2, 16, 0), method="postal")
        self.assertEqual(dossier.state, "resolved")
        self.return_result(
            dossier, (2026, 3, 2, 16, 0), method="postal", tracking_ref="EL123456789VN"
        )
        self.assertEqual(dossier.state, "returned")
        self.assertEqual(dossier.return_method, "postal")
        self.assertEqual(dossier.postal_tracking_ref, "EL123456789VN")
        self.assertIn("EL123456789VN", dossier.step_ids[-1].note)

    def test_actions_that_do_not_apply(self):
        dossier = self.receive(2026, 3, 2, 9, 0)
        with self.assertRaisesRegex(UserError, "still has the step"):
            dossier.with_user(self.reception).action_open_result()
        with self.assertRaisesRegex(UserError, "no result to return"):
            dossier.with_user(self.reception).action_open_return()
        with self.assertRaisesRegex(UserError, "not waiting for a supplement"):
            dossier.with_user(self.reception).action_supplement_received()
        with self.assertRaisesRegex(UserError, "no earlier step"):
            dossier.with_user(self.reception).action_open_send_back()
        self.to_signature(dossier)
        with self.assertRaisesRegex(UserError, "last step"):
            dossier.with_user(self.leader).action_open_forward()
        self.assertFalse(dossier.with_user(self.leader).wf_can_forward)
        self.assertTrue(dossier.with_user(self.leader).wf_can_result)
