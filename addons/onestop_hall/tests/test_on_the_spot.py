from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from .common import HallCase, at


@tagged("post_install", "-at_install")
class TestOnTheSpot(HallCase):
    """ "4 tại chỗ": received, appraised, approved and returned at the counter in one action,
    by an officer who holds the rights of every step of the process."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.procedure.on_the_spot = True
        groups = "onestop_base.group_onestop_reception,onestop_base.group_onestop_leader"
        cls.all_rights = new_test_user(cls.env, "t_all_rights", groups=groups)
        cls.all_rights.onestop_department_ids = cls.desk | cls.unit | cls.agency

    def resolve(self, dossier, user, hour=9):
        with freeze_time(at(hour)):
            dossier.with_user(user).action_on_the_spot()

    def test_every_step_on_the_slip_with_officer_and_time(self):
        dossier = self.make_dossier(user=self.all_rights)
        self.resolve(dossier, self.all_rights)
        self.assertEqual(dossier.state, "returned")
        self.assertTrue(dossier.on_the_spot)
        self.assertEqual(dossier.received_date, at(9))
        self.assertEqual(dossier.resolved_date, at(9))
        self.assertEqual(dossier.returned_date, at(9))
        self.assertEqual(dossier.reception_user_id, self.all_rights)
        lines = dossier.step_ids.sorted(lambda line: (line.sequence, line.id))
        self.assertEqual(
            [(line.kind, line.name) for line in lines],
            [
                ("reception", "Tiếp nhận"),
                ("handover", "Thẩm định"),
                ("handover", "Xem xét"),
                ("handover", "Ký duyệt"),
                ("result", "Result recorded"),
                ("handover", "Trả kết quả"),
                ("return", "Result returned"),
            ],
        )
        self.assertTrue(all(line.date_start == at(9) for line in lines))
        turns = lines.filtered(lambda line: line.kind in ("reception", "handover"))
        self.assertEqual(set(turns.user_to_id), {self.all_rights})
        self.assertTrue(all(line.date_end == at(9) for line in lines))
        # Resolved before the due date's day: early (due Tuesday 11:30, one working day).
        self.assertEqual(dossier.result_timing, "early")

    def test_statistics_count_it_as_resolved_early(self):
        dossier = self.make_dossier(user=self.all_rights)
        self.resolve(dossier, self.all_rights)
        rows = self.env["onestop.statistics"].compute(
            "2026-03-01", "2026-03-31", domain=[("id", "=", dossier.id)]
        )
        self.assertEqual(len(rows), 1)
        figures = rows[0]
        self.assertEqual(figures["resolved_early"], 1)
        self.assertEqual(figures["resolved_on_time"], 0)

    def test_an_officer_without_every_right_is_refused(self):
        dossier = self.make_dossier()
        with self.assertRaises(AccessError):
            self.resolve(dossier, self.reception)
        self.assertEqual(dossier.state, "draft")
        self.assertFalse(dossier.step_ids)

    def test_only_flagged_procedures_and_complete_dossiers(self):
        dossier = self.make_dossier(procedure=self.procedure_calendar_days, user=self.all_rights)
        with self.assertRaises(UserError):
            self.resolve(dossier, self.all_rights)
        incomplete = self.make_dossier(user=self.all_rights, submit=False)
        with self.assertRaises(UserError):
            self.resolve(incomplete, self.all_rights)
        self.assertEqual(incomplete.state, "draft")
        with self.assertRaises(ValidationError):
            self.procedure.write({"time_unit": "working_hours", "time_limit": 4})

    def test_from_a_ticket(self):
        ticket = self.issue(self.service_a, 8, 50)
        self.counter1.user_id = self.all_rights
        self.counter1._onestop_call_next(when=at(8, 55))
        context = ticket.with_user(self.all_rights).action_receive_dossier()["context"]
        dossier = (
            self.env["onestop.dossier"]
            .with_user(self.all_rights)
            .with_context(**context)
            .create({"partner_id": self.partner.id, "procedure_id": self.procedure.id})
        )
        dossier.document_line_ids.filtered("mandatory").is_submitted = True
        self.resolve(dossier, self.all_rights)
        self.assertEqual(ticket.dossier_ids, dossier)
        self.assertEqual(dossier.state, "returned")
