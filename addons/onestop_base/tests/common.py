from datetime import datetime, timedelta

from odoo import Command
from odoo.tests import TransactionCase, new_test_user

TZ_OFFSET = timedelta(hours=7)  # Asia/Ho_Chi_Minh has no daylight saving time


def local(*args):
    """Naive UTC datetime for a wall-clock time in Vietnam."""
    return datetime(*args) - TZ_OFFSET


def to_local(value):
    return value + TZ_OFFSET


class OnestopCase(TransactionCase):
    """A small agency of its own (codes that no demo record uses), its desk, two units,
    users for every group and two procedures."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.calendar = cls.env.ref("onestop_base.calendar_vn_admin")
        Department = cls.env["onestop.department"]
        cls.agency = Department.create(
            {
                "name": "UBND xã Thử Nghiệm",
                "kind": "agency",
                "code": "T00.00.00.X01",
                "admin_level_id": cls.env.ref("onestop_base.admin_level_commune").id,
                "calendar_id": cls.calendar.id,
            }
        )
        cls.desk = Department.create(
            {
                "name": "Bộ phận Một cửa",
                "kind": "desk",
                "parent_id": cls.agency.id,
                "code": "T00.00.01.X01",
            }
        )
        cls.unit = Department.create(
            {"name": "Tư pháp - Hộ tịch", "kind": "unit", "parent_id": cls.agency.id}
        )
        cls.other_agency = Department.create(
            {
                "name": "UBND xã Đối Chứng",
                "kind": "agency",
                "code": "T00.00.00.X02",
                "calendar_id": cls.calendar.id,
            }
        )
        cls.other_desk = Department.create(
            {
                "name": "Một cửa xã Đối Chứng",
                "kind": "desk",
                "parent_id": cls.other_agency.id,
                "code": "T00.00.01.X02",
            }
        )
        cls.field = cls.env["onestop.procedure.field"].create({"name": "Hộ tịch (thử)"})
        cls.procedure = cls.env["onestop.procedure"].create(
            {
                "name": "Đăng ký khai sinh (thử)",
                "code": "T.000001",
                "field_id": cls.field.id,
                "time_limit": 1,
                "time_unit": "working_days",
                "receiving_department_ids": [Command.set([cls.desk.id, cls.other_desk.id])],
                "document_ids": [
                    Command.create({"name": "Tờ khai đăng ký khai sinh", "mandatory": True}),
                    Command.create({"name": "Giấy chứng sinh", "mandatory": True}),
                    Command.create({"name": "Văn bản ủy quyền", "mandatory": False}),
                ],
                "fee_ids": [Command.create({"name": "Lệ phí", "amount": 8000})],
            }
        )
        cls.procedure_calendar_days = cls.env["onestop.procedure"].create(
            {
                "name": "Cấp giấy phép xây dựng (thử)",
                "code": "T.000002",
                "field_id": cls.field.id,
                "time_limit": 15,
                "time_unit": "calendar_days",
                "receiving_department_ids": [Command.set([cls.desk.id])],
            }
        )
        cls.partner = cls.env["res.partner"].create(
            {
                "name": "Nguyễn Văn Thử",
                "phone": "0912345678",
                "onestop_id_number": "037090001234",
                "street": "Số 1 đường Thử",
            }
        )
        groups = "onestop_base.group_onestop_%s"
        cls.reception = new_test_user(cls.env, "t_reception", groups=groups % "reception")
        cls.reception.onestop_department_ids = cls.desk
        cls.other_reception = new_test_user(
            cls.env, "t_other_reception", groups=groups % "reception"
        )
        cls.other_reception.onestop_department_ids = cls.other_desk
        cls.specialist = new_test_user(cls.env, "t_specialist", groups=groups % "specialist")
        cls.specialist.onestop_department_ids = cls.unit
        cls.head = new_test_user(cls.env, "t_head", groups=groups % "head")
        cls.head.onestop_department_ids = cls.unit
        cls.leader = new_test_user(cls.env, "t_leader", groups=groups % "leader")
        cls.leader.onestop_department_ids = cls.agency
        cls.manager = new_test_user(cls.env, "t_manager", groups=groups % "manager")
        cls.admin = new_test_user(cls.env, "t_admin", groups=groups % "admin")
        cls.portal_user = new_test_user(cls.env, "t_portal", groups="base.group_portal")
        cls.public_user = cls.env.ref("base.public_user")

    def make_dossier(self, procedure=None, department=None, user=None, submit=True, **vals):
        """A draft dossier whose mandatory documents are handed in (unless ``submit`` is
        false), created by ``user`` (the reception officer by default)."""
        user = user or self.reception
        dossier = (
            self.env["onestop.dossier"]
            .with_user(user)
            .create(
                {
                    "procedure_id": (procedure or self.procedure).id,
                    "partner_id": self.partner.id,
                    "department_id": (department or self.desk).id,
                    "channel": "in_person",
                    **vals,
                }
            )
        )
        if submit:
            dossier.document_line_ids.filtered("mandatory").is_submitted = True
        return dossier
