from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import WorkflowCase


@tagged("post_install", "-at_install")
class TestProcess(WorkflowCase):
    def test_allowances_fit_the_limit(self):
        self.assertEqual(self.process.total_hours, 8.0)
        self.assertEqual(self.process.limit_hours, 8.0)
        self.assertEqual(self.procedure.process_id, self.process)
        with self.assertRaises(ValidationError) as caught:
            self.steps[1].allowance = 5
        message = str(caught.exception)
        # Both figures are named.
        self.assertIn("9", message)
        self.assertIn("8", message)
        self.assertIn(self.procedure.name, message)

    def test_allowance_in_working_days(self):
        step = self.steps[1]
        step.write({"allowance": 0.5, "allowance_unit": "working_days"})
        self.assertEqual(step.allowance_hours, 4.0)
        with self.assertRaisesRegex(ValidationError, "more than the time limit"):
            step.allowance = 1

    def test_calendar_day_procedure_is_bounded_the_same_way(self):
        process = self.env["onestop.process"].create(
            {
                "name": "Giấy phép xây dựng",
                "procedure_id": self.procedure_calendar_days.id,
                "step_ids": [
                    Command.create(
                        {
                            "name": "Thẩm định",
                            "stage_id": self.stage["appraisal"].id,
                            "allowance": 15,
                            "allowance_unit": "working_days",
                        }
                    )
                ],
            }
        )
        self.assertEqual(process.limit_hours, 120.0)
        with self.assertRaises(ValidationError):
            process.step_ids.allowance = 16

    def test_one_active_process_per_procedure(self):
        other = self.process.copy({"name": "Quy trình thứ hai", "active": False})
        with self.assertRaisesRegex(ValidationError, "already has an active process"):
            other.active = True
        self.process.active = False
        other.active = True
        self.assertEqual(self.procedure.process_id, other)

    def test_step_stage_matches_its_kind(self):
        with self.assertRaisesRegex(ValidationError, "must show in a stage"):
            self.steps[0].stage_id = self.stage["appraisal"]

    def test_dossier_follows_the_active_process(self):
        dossier = self.receive(2026, 3, 2, 9, 0)
        self.assertEqual(dossier.process_id, self.process)
        self.assertEqual(dossier.stage_id, self.stage["received"])
        self.assertEqual(dossier.process_step_id, self.steps[0])

    def test_stage_changes_only_through_actions(self):
        dossier = self.receive(2026, 3, 2, 9, 0)
        with self.assertRaisesRegex(UserError, "only through its actions"):
            dossier.with_user(self.reception).write({"stage_id": self.stage["signature"].id})
        with self.assertRaisesRegex(UserError, "only through its actions"):
            dossier.write({"stage_id": self.stage["returned"].id})
        self.assertEqual(dossier.stage_id, self.stage["received"])

    def test_stages_in_the_kanban(self):
        groups = self.env["onestop.dossier"].read_group(
            [("id", "=", 0)], ["stage_id"], ["stage_id"]
        )
        shown = [group["stage_id"][0] for group in groups]
        self.assertEqual(shown, self.env["onestop.stage"].search([]).ids)

    def test_demo_processes(self):
        birth = self.env.ref("onestop_base.proc_birth", raise_if_not_found=False)
        if not birth:
            self.skipTest("no demo data")
        # The procedures of onestop_base's demo data.
        procedures = self.env["onestop.procedure"].browse(
            self.env["ir.model.data"]
            .search([("module", "=", "onestop_base"), ("model", "=", "onestop.procedure")])
            .mapped("res_id")
        )
        for procedure in procedures:
            with self.subTest(procedure=procedure.code):
                process = procedure.process_id
                self.assertTrue(process)
                self.assertEqual(
                    process.step_ids.sorted("sequence").mapped("kind"),
                    ["reception", "processing", "approval", "signature", "return"],
                )
                self.assertLessEqual(process.total_hours, procedure._onestop_limit_hours())

    def test_demo_control_slips(self):
        if not self.env.ref("onestop_base.proc_birth", raise_if_not_found=False):
            self.skipTest("no demo data")
        # The dossiers of onestop_base's demo data: made before this addon was installed (each
        # addon is installed in a transaction of its own).
        installed = self.env.ref("onestop_workflow.stage_received").create_date
        dossiers = self.env["onestop.dossier"].search(
            [("state", "!=", "draft"), ("create_date", "<", installed)]
        )
        self.assertTrue(dossiers)
        for dossier in dossiers:
            with self.subTest(dossier=dossier.name):
                self.assertTrue(dossier.step_ids)
                if dossier.state in ("received", "processing", "waiting_supplement"):
                    self.assertTrue(dossier.current_step_id)
                    self.assertFalse(dossier.current_step_id.date_end)
                    self.assertEqual(dossier.user_id, dossier.current_step_id.user_to_id)
                    self.assertEqual(dossier.stage_id.state, dossier.state)
                if dossier.state in ("refused", "withdrawn", "stopped") and dossier.received_date:
                    self.assertFalse(dossier.current_step_id)
                    self.assertTrue(all(dossier.step_ids.mapped("date_end")))
                if dossier.process_id.agency_id:
                    # A commune's dossier stays with the commune that received it.
                    agency = dossier.department_id.agency_id
                    self.assertEqual(dossier.process_id.agency_id, agency)
                    departments = dossier.step_ids.department_to_id
                    self.assertEqual(departments.agency_id, agency, departments.mapped("name"))

    def test_process_per_agency(self):
        """Every commune registers births with its own people: a dossier follows the process
        of the agency whose desk received it, else the process without an agency."""
        own = self.process.copy(
            {"name": "Quy trình khai sinh của xã Đối Chứng", "agency_id": self.other_agency.id}
        )
        own_steps = own.step_ids.sorted("sequence")
        own_steps[1:3].department_id = self.other_unit
        own_steps[3].department_id = self.other_agency
        self.assertEqual(self.procedure.process_id, self.process, "the general process first")
        self.assertEqual(self.procedure._onestop_process_for(self.other_desk), own)
        self.assertEqual(self.procedure._onestop_process_for(self.desk), self.process)

        dossier = self.make_dossier(department=self.other_desk, user=self.other_reception)
        with self.at(2026, 3, 2, 9):
            dossier.with_user(self.other_reception).action_receive()
        self.assertEqual(dossier.process_id, own)
        self.assertEqual(dossier.process_step_id, own_steps[0])
        step = self.forward(dossier, self.other_reception, (2026, 3, 2, 9, 30))
        self.assertEqual(step.process_step_id, own_steps[1])
        self.assertEqual(step.department_to_id, self.other_unit)
        self.assertEqual(step.user_to_id, self.other_specialist, "the commune's own specialist")

        # The first commune still follows the general process.
        self.assertEqual(self.receive(2026, 3, 2, 9).process_id, self.process)

        # One active process per procedure and agency; a process belongs to an agency.
        with (
            self.assertRaisesRegex(ValidationError, "already has an active process for"),
            self.env.cr.savepoint(),
        ):
            own.copy({"name": "Quy trình thứ hai của xã Đối Chứng"})
        with (
            self.assertRaisesRegex(ValidationError, "must belong to an agency"),
            self.env.cr.savepoint(),
        ):
            own.agency_id = self.other_unit

        # Without a process of its own nor a general one, a dossier has no steps: never the
        # process of another agency.
        own.active = False
        self.process.agency_id = self.agency
        self.assertFalse(self.procedure._onestop_process_for(self.other_desk))
        self.assertEqual(self.procedure._onestop_process_for(self.desk), self.process)
