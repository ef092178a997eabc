from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import OnestopCase, local

# Received on Monday 2 March 2026 at 09:00 in Vietnam: pauses dated from there hold working
# hours whatever the wall clock says.
RECEIVED = local(2026, 3, 2, 9, 0)


@tagged("post_install", "-at_install")
class TestAccess(OnestopCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.mine = cls.make_dossier_cls(cls.desk)
        cls.theirs = cls.make_dossier_cls(cls.other_desk)
        # A dossier received by the desk and sent to the unit (the workflow adds the unit to
        # the departments involved; here it is written directly).
        cls.in_unit = cls.make_dossier_cls(cls.desk)
        cls.in_unit.department_ids = cls.desk | cls.unit

    @classmethod
    def make_dossier_cls(cls, desk):
        dossier = cls.env["onestop.dossier"].create(
            {
                "procedure_id": cls.procedure.id,
                "partner_id": cls.partner.id,
                "department_id": desk.id,
            }
        )
        dossier.document_line_ids.is_submitted = True
        dossier._receive(when=RECEIVED)
        return dossier

    def visible(self, user):
        everything = self.mine | self.theirs | self.in_unit
        return self.env["onestop.dossier"].with_user(user).search([("id", "in", everything.ids)])

    def test_department_rule(self):
        expected = {
            self.reception: self.mine | self.in_unit,
            self.other_reception: self.theirs,
            self.specialist: self.in_unit,
            self.head: self.in_unit,
            self.leader: self.mine | self.in_unit,
            self.manager: self.mine | self.theirs | self.in_unit,
            self.admin: self.mine | self.theirs | self.in_unit,
        }
        for user, dossiers in expected.items():
            with self.subTest(user=user.login):
                self.assertEqual(self.visible(user), dossiers)

    def test_reading_another_units_dossier_fails(self):
        for user in (self.reception, self.specialist, self.head):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.theirs.with_user(user).read(["name"])
        with self.assertRaises(AccessError):
            self.mine.with_user(self.specialist).read(["name"])

    def test_head_sees_units_below(self):
        sub_unit = self.env["onestop.department"].create(
            {"name": "Tổ hộ tịch", "parent_id": self.unit.id}
        )
        self.unit.head_id = self.head
        below = self.make_dossier_cls(self.desk)
        below.department_ids = self.desk | sub_unit
        self.assertIn(
            below,
            self.visible(self.head)
            | self.env["onestop.dossier"].with_user(self.head).search([("id", "=", below.id)]),
        )
        self.assertFalse(
            self.env["onestop.dossier"].with_user(self.specialist).search([("id", "=", below.id)])
        )

    def test_other_company(self):
        company = self.env["res.company"].create({"name": "Tỉnh khác"})
        department = self.env["onestop.department"].create(
            {
                "name": "Một cửa tỉnh khác",
                "kind": "desk",
                "code": "T00.00.01.X09",
                "company_id": company.id,
            }
        )
        self.procedure.receiving_department_ids = [Command.link(department.id)]
        foreign = self.make_dossier_cls(department)
        self.assertEqual(foreign.company_id, company)
        self.assertFalse(
            self.env["onestop.dossier"].with_user(self.manager).search([("id", "=", foreign.id)])
        )

    def test_create_rights(self):
        Dossier = self.env["onestop.dossier"]
        vals = {
            "procedure_id": self.procedure.id,
            "partner_id": self.partner.id,
            "department_id": self.desk.id,
        }
        self.assertTrue(Dossier.with_user(self.reception).create(vals))
        for user in (self.specialist, self.head, self.manager, self.portal_user):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                Dossier.with_user(user).create(vals)
        # A reception officer cannot create a dossier for another unit's desk.
        with self.assertRaises(AccessError):
            Dossier.with_user(self.other_reception).create(vals)

    def test_write_rights(self):
        self.in_unit.with_user(self.specialist).write({"priority": "1"})
        self.assertEqual(self.in_unit.priority, "1")
        with self.assertRaises(AccessError):
            self.theirs.with_user(self.specialist).write({"priority": "1"})

    def test_portal_and_public_see_nothing(self):
        """Another person's dossier is out of reach of citizens and visitors (the portal addon
        lets citizens read their own: the search is then empty rather than refused)."""
        everything = self.mine | self.theirs | self.in_unit
        for user in (self.portal_user, self.public_user):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    self.mine.with_user(user).read(["name"])
                for model, domain in (
                    ("onestop.dossier", [("id", "in", everything.ids)]),
                    ("onestop.dossier.document", [("dossier_id", "in", everything.ids)]),
                ):
                    try:
                        found = self.env[model].with_user(user).search(domain)
                    except AccessError:
                        found = self.env[model]
                    self.assertFalse(found)

    def test_catalogue_rights(self):
        Procedure = self.env["onestop.procedure"]
        for user in (self.reception, self.specialist, self.head, self.leader, self.manager):
            with self.subTest(user=user.login):
                self.assertTrue(Procedure.with_user(user).search([("id", "=", self.procedure.id)]))
                with self.assertRaises(AccessError):
                    self.procedure.with_user(user).write({"time_limit": 2})
                with self.assertRaises(AccessError):
                    self.desk.with_user(user).write({"name": "Đổi tên"})
        self.procedure.with_user(self.admin).write({"time_limit": 2})
        self.assertEqual(self.procedure.time_limit, 2)

    def test_membership_change_takes_effect(self):
        newcomer = new_test_user(
            self.env, "t_newcomer", groups="onestop_base.group_onestop_reception"
        )
        self.assertFalse(self.visible(newcomer))
        self.other_desk.member_ids = [Command.link(newcomer.id)]
        self.assertEqual(self.visible(newcomer), self.theirs)

    def test_pause_and_deadline_lines_are_read_only(self):
        self.mine._onestop_pause("Thiếu giấy tờ", when=local(2026, 3, 2, 10, 0))
        pause = self.mine.pause_ids.with_user(self.reception)
        with self.assertRaises(AccessError):
            pause.unlink()
        self.mine._onestop_resume(when=local(2026, 3, 3, 10, 0))
        self.assertTrue(self.mine.deadline_change_ids)
        for line in self.mine.deadline_change_ids.with_user(self.reception):
            with self.assertRaises(AccessError):
                line.write({"reason": "sửa"})
