from datetime import datetime as wall

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import OnestopCase, local, to_local


@tagged("post_install", "-at_install")
class TestReception(OnestopCase):
    def test_checklist_comes_from_the_procedure(self):
        dossier = self.make_dossier(submit=False)
        self.assertEqual(
            dossier.document_line_ids.mapped("name"),
            ["Tờ khai đăng ký khai sinh", "Giấy chứng sinh", "Văn bản ủy quyền"],
        )
        self.assertEqual(dossier.document_line_ids.mapped("mandatory"), [True, True, False])
        self.assertEqual(dossier.fee_total, 8000)
        self.assertEqual(dossier.applicant_address, "Số 1 đường Thử")
        self.assertEqual(dossier.name, "/")
        self.assertEqual(dossier.state, "draft")

    def test_missing_documents_are_listed_together(self):
        dossier = self.make_dossier(submit=False)
        with self.assertRaises(UserError) as caught:
            dossier.with_user(self.reception).action_receive()
        message = str(caught.exception)
        self.assertIn("Tờ khai đăng ký khai sinh", message)
        self.assertIn("Giấy chứng sinh", message)
        self.assertNotIn("Văn bản ủy quyền", message)  # optional
        self.assertEqual(dossier.state, "draft")
        self.assertEqual(dossier.name, "/")
        self.assertFalse(dossier.received_date)
        # One of two handed in: the message names only the other one.
        dossier.document_line_ids[0].is_submitted = True
        with self.assertRaisesRegex(UserError, "Giấy chứng sinh") as caught:
            dossier.with_user(self.reception).action_receive()
        self.assertNotIn("Tờ khai", str(caught.exception))

    def test_uploaded_file_counts_as_handed_in(self):
        dossier = self.make_dossier(submit=False)
        attachment = self.env["ir.attachment"].create(
            {
                "name": "to-khai.pdf",
                "raw": b"%PDF-1.4",
                "res_model": "onestop.dossier",
                "res_id": dossier.id,
            }
        )
        dossier.document_line_ids.filtered("mandatory").attachment_ids = attachment
        self.assertTrue(all(dossier.document_line_ids.filtered("mandatory").mapped("is_submitted")))
        self.assertTrue(dossier.is_digitised)

    def test_valid_dossier_gets_code_and_due_date(self):
        dossier = self.make_dossier()
        with freeze_time(local(2026, 3, 2, 9, 0)):
            dossier.with_user(self.reception).action_receive()
        self.assertEqual(dossier.state, "received")
        self.assertEqual(dossier.name, "T00.00.01.X01-260302-0001")
        self.assertEqual(dossier.received_date, local(2026, 3, 2, 9, 0))
        self.assertEqual(to_local(dossier.due_date), wall(2026, 3, 3, 11, 30))
        self.assertEqual(dossier.initial_due_date, dossier.due_date)
        self.assertEqual(dossier.reception_user_id, self.reception)
        self.assertEqual((dossier.time_limit, dossier.time_unit), (1.0, "working_days"))
        self.assertEqual(dossier.online_level, "none")
        message = dossier.message_ids.filtered(
            lambda m: m.subtype_id == self.env.ref("onestop_base.mt_dossier_received")
        )
        self.assertEqual(len(message), 1)
        self.assertIn(dossier.name, message.body)
        self.assertIn("11:30 03/03/2026", message.body)

    def test_officer_without_email_receives(self):
        self.reception.email = False
        self.env.company.email = "motcua@thunghiem.gov.vn"
        dossier = self.make_dossier()
        with freeze_time(local(2026, 3, 2, 9, 0)):
            dossier.with_user(self.reception).action_receive()
        self.assertEqual(dossier.state, "received")
        message = dossier.message_ids.filtered(
            lambda m: m.subtype_id == self.env.ref("onestop_base.mt_dossier_received")
        )
        self.assertEqual(message.author_id, self.reception.partner_id)
        self.assertIn("motcua@thunghiem.gov.vn", message.email_from)

    def test_online_time_limit(self):
        self.procedure.time_limit_online = 0.5
        dossier = self.make_dossier(channel="online")
        with freeze_time(local(2026, 3, 2, 9, 0)):
            dossier.with_user(self.reception).action_receive()
        self.assertEqual(dossier.time_limit, 0.5)
        self.assertEqual(to_local(dossier.due_date), wall(2026, 3, 2, 17, 0))

    def test_calendar_day_procedure(self):
        dossier = self.make_dossier(procedure=self.procedure_calendar_days)
        with freeze_time(local(2026, 3, 2, 10, 0)):
            dossier.with_user(self.reception).action_receive()
        self.assertEqual(to_local(dossier.due_date), wall(2026, 3, 17, 17, 0))

    def test_receive_twice(self):
        dossier = self.make_dossier()
        dossier.with_user(self.reception).action_receive()
        with self.assertRaisesRegex(UserError, "already been received"):
            dossier.with_user(self.reception).action_receive()

    def test_only_reception_officers_receive(self):
        dossier = self.make_dossier()
        with self.assertRaises(AccessError):
            dossier.with_user(self.specialist).action_receive()
        self.assertEqual(dossier.state, "draft")

    def test_unit_must_receive_the_procedure(self):
        with self.assertRaisesRegex(ValidationError, "does not receive"):
            self.make_dossier(
                procedure=self.procedure_calendar_days,
                department=self.other_desk,
                user=self.env.user,
            )

    def test_procedure_not_in_force(self):
        self.procedure.date_to = "2025-12-31"
        dossier = self.make_dossier()
        with (
            freeze_time(local(2026, 3, 2, 9, 0)),
            self.assertRaisesRegex(UserError, "not in force"),
        ):
            dossier.with_user(self.reception).action_receive()

    def test_code_dates_and_state_are_not_written_by_hand(self):
        dossier = self.make_dossier()
        for vals in ({"state": "resolved"}, {"name": "X"}, {"due_date": "2030-01-01 00:00:00"}):
            with self.assertRaises(UserError):
                dossier.with_user(self.reception).write(vals)

    def test_received_dossier_is_never_deleted(self):
        draft = self.make_dossier()
        received = self.make_dossier()
        received.with_user(self.reception).action_receive()
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            received.with_user(self.admin).unlink()
        draft.with_user(self.admin).unlink()
        self.assertFalse(draft.exists())
        # Archiving is for administrators.
        with self.assertRaises(AccessError):
            received.with_user(self.reception).write({"active": False})
        received.with_user(self.admin).write({"active": False})
        self.assertFalse(received.active)

    def test_result_return_and_timing(self):
        dossier = self.make_dossier()
        dossier._receive(when=local(2026, 3, 2, 9, 0))  # due Tuesday 11:30
        dossier._onestop_resolve(when=local(2026, 3, 3, 10, 0))
        self.assertEqual(dossier.result_timing, "on_time")
        with self.assertRaisesRegex(UserError, "postal tracking number"):
            dossier._onestop_return(method="postal")
        dossier._onestop_return(
            method="postal", tracking_ref="EL123456789VN", when=local(2026, 3, 3, 14, 0)
        )
        self.assertEqual(dossier.state, "returned")
        self.assertEqual(dossier.postal_tracking_ref, "EL123456789VN")

        early = self.make_dossier()
        early._receive(when=local(2026, 3, 2, 9, 0))
        early._onestop_resolve(when=local(2026, 3, 2, 16, 0))
        self.assertEqual(early.result_timing, "early")
        late = self.make_dossier()
        late._receive(when=local(2026, 3, 2, 9, 0))
        late._onestop_resolve(when=local(2026, 3, 3, 11, 31))
        self.assertEqual(late.result_timing, "late")

    def test_close_and_intake_refusal(self):
        dossier = self.make_dossier()
        with self.assertRaisesRegex(UserError, "reason"):
            dossier._onestop_close("refused", " ")
        with self.assertRaisesRegex(UserError, "has not been received"):
            dossier._onestop_close("withdrawn", "Rút")
        dossier._onestop_close("refused", "Không thuộc thẩm quyền")
        self.assertEqual(dossier.state, "refused")
        self.assertFalse(dossier.ended_date, "refused at intake: never received")
        received = self.make_dossier()
        received._receive(when=local(2026, 3, 2, 9, 0))
        received._onestop_pause("Thiếu giấy tờ", when=local(2026, 3, 2, 10, 0))
        received._onestop_close("withdrawn", "Công dân rút hồ sơ", when=local(2026, 3, 2, 14, 0))
        self.assertEqual(received.state, "withdrawn")
        self.assertEqual(received.ended_date, local(2026, 3, 2, 14, 0))
        self.assertEqual(received.pause_ids.date_end, local(2026, 3, 2, 14, 0))
        with self.assertRaisesRegex(UserError, "ended already"):
            received._onestop_close("stopped", "Dừng")

    def test_reschedule(self):
        dossier = self.make_dossier()
        dossier._receive(when=local(2026, 3, 2, 9, 0))
        with self.assertRaisesRegex(UserError, "must be later"):
            dossier._onestop_reschedule(local(2026, 3, 2, 17, 0), "Xin lỗi")
        dossier._onestop_reschedule(local(2026, 3, 6, 17, 0), "Cần xác minh thêm")
        self.assertEqual(dossier.due_date, local(2026, 3, 6, 17, 0))
        self.assertEqual(dossier.deadline_change_ids.kind, "reschedule")

    def test_overdue_search(self):
        dossier = self.make_dossier()
        dossier._receive(when=local(2026, 3, 2, 9, 0))
        Dossier = self.env["onestop.dossier"]
        with freeze_time(local(2026, 3, 3, 11, 0)):
            self.assertFalse(dossier.is_overdue)
            self.assertNotIn(dossier, Dossier.search([("is_overdue", "=", True)]))
            dossier.invalidate_recordset(["deadline_risk"])
            self.assertEqual(dossier.deadline_risk, "soon")
        with freeze_time(local(2026, 3, 3, 12, 0)):
            dossier.invalidate_recordset(["is_overdue", "deadline_risk"])
            self.assertTrue(dossier.is_overdue)
            self.assertEqual(dossier.deadline_risk, "late")
            self.assertIn(dossier, Dossier.search([("is_overdue", "=", True)]))
            self.assertNotIn(dossier, Dossier.search([("is_overdue", "=", False)]))
            with self.assertRaises(UserError):
                Dossier.search([("is_overdue", ">", 1)])
