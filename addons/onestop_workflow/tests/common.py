from contextlib import contextmanager

from freezegun import freeze_time

from odoo import Command, fields
from odoo.tests import new_test_user

from odoo.addons.onestop_base.tests.common import OnestopCase, local


def run_queued_jobs(env):
    """Run the job table (the applicants' e-mails) as its cron would once every queued job is
    due. A job is due at the dated action that queued it, and the tests date their actions:
    on a machine whose clock is earlier than those dates (under faketime, on the eve of Tết
    2026), "now" would find nothing due."""
    Queue = env["onestop.mail.queue"]
    last = Queue.search([], order="date_next desc", limit=1).date_next
    now = fields.Datetime.now()
    with freeze_time(max(last, now) if last else now):
        return Queue._cron_send()


class WorkflowCase(OnestopCase):
    """Base's small agency with an internal process for its one-day procedure:

    ========== ======== =============================== ===============
    step       hours    unit                            group
    ========== ======== =============================== ===============
    reception  1        the desk (the receiving unit)
    appraisal  4        the unit                        specialist
    review     1        the unit                        head
    signature  1        the agency                      leader
    return     1        the desk
    ========== ======== =============================== ===============

    8 working hours, the procedure's limit (07:00-11:30, 13:30-17:00). Received on Monday
    2 March 2026 at 09:00, a dossier is due on Tuesday at 11:30."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.user.tz = "Asia/Ho_Chi_Minh"
        cls.unit.head_id = cls.head
        cls.agency.head_id = cls.leader
        cls.partner.email = "nguyenvanthu@example.vn"
        groups = "onestop_base.group_onestop_%s"
        cls.specialist2 = new_test_user(cls.env, "t_specialist2", groups=groups % "specialist")
        cls.specialist2.onestop_department_ids = cls.unit
        cls.other_unit = cls.env["onestop.department"].create(
            {"name": "Phòng Tư pháp xã Đối Chứng", "kind": "unit", "parent_id": cls.other_agency.id}
        )
        cls.other_specialist = new_test_user(
            cls.env, "t_other_specialist", groups=groups % "specialist"
        )
        cls.other_specialist.onestop_department_ids = cls.other_unit
        cls.stage = {
            name: cls.env.ref("onestop_workflow.stage_%s" % name)
            for name in (
                "received",
                "appraisal",
                "review",
                "signature",
                "supplement",
                "resolved",
                "returned",
                "refused",
                "withdrawn",
                "stopped",
            )
        }
        step = "onestop_base.group_onestop_%s"
        cls.process = cls.env["onestop.process"].create(
            {
                "name": "Quy trình khai sinh (thử)",
                "procedure_id": cls.procedure.id,
                "step_ids": [
                    Command.create(
                        {
                            "sequence": 10,
                            "name": "Tiếp nhận",
                            "kind": "reception",
                            "stage_id": cls.stage["received"].id,
                            "allowance": 1,
                        }
                    ),
                    Command.create(
                        {
                            "sequence": 20,
                            "name": "Thẩm định",
                            "kind": "processing",
                            "stage_id": cls.stage["appraisal"].id,
                            "department_id": cls.unit.id,
                            "group_id": cls.env.ref(step % "specialist").id,
                            "allowance": 4,
                        }
                    ),
                    Command.create(
                        {
                            "sequence": 30,
                            "name": "Xem xét",
                            "kind": "approval",
                            "stage_id": cls.stage["review"].id,
                            "department_id": cls.unit.id,
                            "group_id": cls.env.ref(step % "head").id,
                            "allowance": 1,
                        }
                    ),
                    Command.create(
                        {
                            "sequence": 40,
                            "name": "Ký duyệt",
                            "kind": "signature",
                            "stage_id": cls.stage["signature"].id,
                            "department_id": cls.agency.id,
                            "group_id": cls.env.ref(step % "leader").id,
                            "allowance": 1,
                        }
                    ),
                    Command.create(
                        {
                            "sequence": 50,
                            "name": "Trả kết quả",
                            "kind": "return",
                            "stage_id": cls.stage["resolved"].id,
                            "allowance": 1,
                        }
                    ),
                ],
            }
        )
        cls.steps = cls.process.step_ids.sorted("sequence")

    # ------------------------------------------------------------------ helpers
    @contextmanager
    def at(self, *wall):
        """Freeze the clock at a wall-clock time in Vietnam."""
        with freeze_time(local(*wall)):
            yield

    def receive(self, *wall, **vals):
        dossier = self.make_dossier(**vals)
        with self.at(*wall):
            dossier.with_user(self.reception).action_receive()
        return dossier

    def wizard(self, model, user, dossier, **vals):
        return (
            self.env[model]
            .with_user(user)
            .with_context(default_dossier_id=dossier.id)
            .create({"dossier_id": dossier.id, **vals})
        )

    def forward(self, dossier, user, wall, to=None, **vals):
        with self.at(*wall):
            wizard = self.wizard("onestop.forward.wizard", user, dossier, **vals)
            if to:
                wizard.user_id = to
            wizard.action_confirm()
        return dossier.current_step_id

    def to_signature(
        self, dossier, times=((2026, 3, 2, 9, 30), (2026, 3, 2, 14), (2026, 3, 2, 14, 30))
    ):
        """Desk -> specialist -> head -> leader."""
        self.forward(dossier, self.reception, times[0], to=self.specialist)
        self.forward(dossier, self.specialist, times[1], to=self.head)
        self.forward(dossier, self.head, times[2], to=self.leader)
        return dossier

    def record_result(self, dossier, wall, user=None, note="Đã ký Giấy khai sinh"):
        with self.at(*wall):
            self.wizard(
                "onestop.result.wizard", user or self.leader, dossier, note=note
            ).action_confirm()

    def return_result(self, dossier, wall, user=None, method="desk", tracking_ref=False):
        with self.at(*wall):
            self.wizard(
                "onestop.return.wizard",
                user or self.reception,
                dossier,
                method=method,
                tracking_ref=tracking_ref,
            ).action_confirm()

    def lines(self, dossier):
        """The control slip as (kind, step or name, assignee login, result) tuples."""
        return [
            (line.kind, line.name, line.user_to_id.login or False, line.result or False)
            for line in dossier.step_ids.sorted(lambda line: (line.sequence, line.id))
        ]

    def messages_to_applicant(self, dossier):
        """The messages to the applicant, once the job has written the queued ones."""
        run_queued_jobs(self.env)
        dossier.invalidate_recordset(["message_ids"])
        return dossier.message_ids.filtered(lambda m: self.partner in m.partner_ids)
