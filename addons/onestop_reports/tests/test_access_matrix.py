from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import TransactionCase, new_test_user, tagged

from odoo.addons.onestop_base.tests.common import local

from .access_matrix import (
    GROUP_XMLIDS,
    GROUPS,
    MATRIX,
    MATRIX_ADDONS,
    NO_RECORDS,
    OWNER_FIELDS,
    SCOPES,
    cells,
)

# The workflow's action windows and what each needs to exist.
WINDOW_MODELS = (
    "onestop.forward.wizard",
    "onestop.send.back.wizard",
    "onestop.supplement.wizard",
    "onestop.close.wizard",
    "onestop.result.wizard",
    "onestop.return.wizard",
    "onestop.transfer.wizard",
    "onestop.reassign.wizard",
)
SCREEN_MODELS = ("onestop.statistics.wizard", "onestop.statistics.line", "onestop.dashboard")
# The fixtures' dossiers are received on Monday 2 March 2026 at 09:00 in Vietnam, and every
# action on them is dated from there: a pause of a day then holds working hours (a deadline
# line) whatever the wall clock says.
T0 = local(2026, 3, 2, 9, 0)


@tagged("post_install", "-at_install")
class TestAccessMatrix(TransactionCase):
    """Every cell of ``access_matrix.MATRIX``: the access right of the group, and the records
    an operation reaches among records placed inside and outside each scope (other units,
    units below, other agencies, another company, another citizen, another user's
    screens)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if "onestop.portal.throttle" not in cls.env:
            cls.skipTest(cls, "the matrix describes the suite with its four addons installed")
        cls.company_b = cls.env["res.company"].create({"name": "Tỉnh thử ma trận"})
        Department = cls.env["onestop.department"]
        calendar = cls.env.ref("onestop_base.calendar_vn_admin")

        def department(name, kind, parent=None, code=None, company=None):
            return Department.create(
                {
                    "name": name,
                    "kind": kind,
                    "parent_id": parent.id if parent else False,
                    "code": code,
                    "calendar_id": calendar.id if not parent else False,
                    "company_id": (company or cls.env.company).id,
                }
            )

        cls.agency_x = department("UBND xã Ma Trận", "agency", code="S00.00.00.M01")
        cls.desk_x = department("Một cửa xã Ma Trận", "desk", cls.agency_x, "S00.00.01.M01")
        cls.unit_x = department("Tư pháp xã Ma Trận", "unit", cls.agency_x)
        cls.sub_x = department("Tổ hộ tịch", "unit", cls.unit_x)
        cls.agency_y = department("UBND xã Đối Chiếu", "agency", code="S00.00.00.M02")
        cls.desk_y = department("Một cửa xã Đối Chiếu", "desk", cls.agency_y, "S00.00.01.M02")
        cls.unit_y = department("Văn phòng xã Đối Chiếu", "unit", cls.agency_y)
        cls.agency_b = department(
            "UBND xã Tỉnh Khác", "agency", code="S00.00.00.M09", company=cls.company_b
        )
        cls.desk_b = department(
            "Một cửa xã Tỉnh Khác", "desk", cls.agency_b, "S00.00.01.M09", cls.company_b
        )
        cls.field = cls.env["onestop.procedure.field"].create({"name": "Hộ tịch (ma trận)"})
        cls.procedure = cls.env["onestop.procedure"].create(
            {
                "name": "Thủ tục ma trận",
                "code": "M.000001",
                "field_id": cls.field.id,
                "time_limit": 3,
                "receiving_department_ids": [
                    Command.set([cls.desk_x.id, cls.desk_y.id, cls.desk_b.id])
                ],
                "document_ids": [Command.create({"name": "Tờ khai", "mandatory": True})],
                "fee_ids": [Command.create({"name": "Lệ phí", "amount": 10000})],
            }
        )
        cls.procedure_b = cls.env["onestop.procedure"].create(
            {
                "name": "Thủ tục tỉnh khác",
                "code": "M.000009",
                "field_id": cls.field.id,
                "company_id": cls.company_b.id,
            }
        )

        # One user a group, plus the officers the dossiers are sent to.
        def user(login, group, departments):
            groups = GROUP_XMLIDS[group]
            record = new_test_user(cls.env, login, groups=groups)
            record.onestop_department_ids = departments
            return record

        cls.users = {
            "public": cls.env.ref("base.public_user"),
            "portal": new_test_user(cls.env, "m_portal", groups="base.group_portal"),
            "reception": user("m_reception", "reception", cls.desk_x),
            "specialist": user("m_specialist", "specialist", cls.unit_x),
            "head": user("m_head", "head", cls.unit_x),
            "leader": user("m_leader", "leader", cls.agency_x),
            "manager": user("m_manager", "manager", cls.agency_x),
            "admin": user("m_admin", "admin", cls.agency_x),
        }
        cls.unit_x.head_id = cls.users["head"]
        cls.sub_specialist = user("m_sub_specialist", "specialist", cls.sub_x)
        cls.reception_y = user("m_reception_y", "reception", cls.desk_y)
        cls.specialist_y = user("m_specialist_y", "specialist", cls.unit_y)
        cls.outsider = user("m_outsider", "admin", cls.agency_y)
        cls.citizen = cls.users["portal"].partner_id
        cls.other_citizen = cls.env["res.partner"].create({"name": "Công dân khác"})
        cls._make_dossiers()
        cls._make_screens_and_windows()

    # ------------------------------------------------------------------ fixtures
    @classmethod
    def _dossier(cls, desk, partner=None, receive=True):
        dossier = cls.env["onestop.dossier"].create(
            {
                "procedure_id": cls.procedure.id,
                "partner_id": (partner or cls.other_citizen).id,
                "department_id": desk.id,
            }
        )
        dossier.document_line_ids.is_submitted = True
        if receive:
            dossier._receive(when=T0)
        return dossier

    @classmethod
    def _make_dossiers(cls):
        no_step = cls.env["onestop.process.step"]
        forwarded, paused, resumed = (T0 + timedelta(hours=h) for h in (1, 2, 24))
        # At the desk of agency X only, the citizen's own.
        cls.d_desk = cls._dossier(cls.desk_x, cls.citizen)
        # Sent on to unit X, and to the unit below it.
        cls.d_unit = cls._dossier(cls.desk_x)
        cls.d_unit._onestop_forward(no_step, cls.users["specialist"], cls.unit_x, when=forwarded)
        cls.d_sub = cls._dossier(cls.desk_x, cls.citizen)
        cls.d_sub._onestop_forward(no_step, cls.sub_specialist, cls.sub_x, when=forwarded)
        # Agency Y, another company, a draft.
        cls.d_y = cls._dossier(cls.desk_y)
        cls.d_y._onestop_forward(no_step, cls.specialist_y, cls.unit_y, when=forwarded)
        cls.d_b = cls._dossier(cls.desk_b)
        cls.d_draft = cls._dossier(cls.desk_x, receive=False)
        # An inter-agency part of the citizen's dossier, at agency Y.
        cls.d_part = cls.d_desk._onestop_transfer(
            cls.unit_y, "Xác minh", 8, cls.specialist_y, when=forwarded
        )
        # Pauses and appointment changes, apologies, ratings in every scope.
        for dossier in (cls.d_unit, cls.d_sub, cls.d_y, cls.d_b):
            dossier._onestop_pause("Thiếu giấy tờ", when=paused)
            dossier._onestop_resume(when=resumed)
            cls.env["onestop.dossier.apology"].create(
                {
                    "dossier_id": dossier.id,
                    "new_due_date": dossier.due_date + timedelta(days=5),
                    "reason": "Cần xác minh",
                }
            )
        Rating = cls.env["onestop.dossier.rating"]
        cls.rated = cls.env["onestop.dossier"]
        for desk, partner in ((cls.desk_x, cls.citizen), (cls.desk_y, None), (cls.desk_b, None)):
            dossier = cls._dossier(desk, partner)
            if desk == cls.desk_x:
                dossier._onestop_forward(
                    no_step, cls.users["specialist"], cls.unit_x, when=forwarded
                )
            dossier._onestop_resolve(when=paused)
            dossier._onestop_return(when=resumed)
            Rating.create({"dossier_id": dossier.id, "overall": "satisfied"})
            cls.rated |= dossier
        cls.dossiers = (
            cls.d_desk
            | cls.d_unit
            | cls.d_sub
            | cls.d_y
            | cls.d_b
            | cls.d_draft
            | cls.d_part
            | cls.rated
        )
        cls.env["onestop.mail.queue"].create(
            {
                "dossier_id": cls.d_unit.id,
                "template_id": cls.env.ref("onestop_workflow.mail_template_dossier_received").id,
            }
        )
        cls.env["onestop.portal.throttle"].create(
            {
                "scope": "lookup",
                "client_key": "m" * 32,
                "hits": 1,
                "window_start": fields.Datetime.now(),
            }
        )
        if not cls.env["onestop.makeup.day"].search([], limit=1):
            cls.env["onestop.makeup.day"].create({"date": "2030-01-05", "name": "Làm bù"})

    @classmethod
    def _make_screens_and_windows(cls):
        """An action window and a statistics screen of every user who may have them, and of
        a user of another agency."""
        makers = [cls.users[g] for g in ("reception", "specialist", "head", "leader", "admin")]
        makers.append(cls.outsider)
        dossier = cls.d_unit
        line = dossier.step_ids.filtered("date_end")[:1]
        values = {
            "onestop.forward.wizard": {
                "department_id": cls.unit_x.id,
                "user_id": cls.users["specialist"].id,
            },
            "onestop.send.back.wizard": {"target_line_id": line.id, "reason": "Sai"},
            "onestop.supplement.wizard": {"missing": "Tờ khai"},
            "onestop.close.wizard": {"close_state": "refused", "reason": "Không đủ điều kiện"},
            "onestop.result.wizard": {},
            "onestop.return.wizard": {"method": "desk"},
            "onestop.transfer.wizard": {"department_id": cls.unit_y.id, "work": "Xác minh"},
            "onestop.reassign.wizard": {"user_id": cls.users["head"].id},
        }
        for model in WINDOW_MODELS:
            for maker in makers:
                cls.env[model].with_user(maker).sudo().create(
                    {"dossier_id": dossier.id, **values[model]}
                )
        for maker in [cls.users[g] for g in ("head", "leader", "manager", "admin")] + [
            cls.outsider
        ]:
            screen = cls.env["onestop.statistics.wizard"].with_user(maker).sudo().create({})
            cls.env["onestop.statistics.line"].with_user(maker).sudo().create(
                {"wizard_id": screen.id, "group_label": "Tổng"}
            )
            cls.env["onestop.dashboard"].with_user(maker).sudo().create({})
        for maker in [cls.users[g] for g in ("reception", "head", "leader", "manager", "admin")] + [
            cls.outsider
        ]:
            cls.env["onestop.logbook.wizard"].with_user(maker).sudo().create(
                {"department_id": cls.desk_x.id}
            )
        for maker in [cls.users[g] for g in GROUPS[2:]] + [cls.outsider]:
            cls.env["onestop.export.job"].sudo().create(
                {"name": "Xuất thử", "user_id": maker.id, "domain": "[]"}
            )

    def records(self, model):
        """The records of ``model`` the cells are checked on (sudo)."""
        Model = self.env[model].with_context(active_test=False)
        if model == "onestop.dossier":
            return self.dossiers
        if "dossier_id" in Model._fields and model not in WINDOW_MODELS:
            return Model.search([("dossier_id", "in", self.dossiers.ids)])
        if model == "onestop.department":
            return Model.search([("id", "child_of", (self.agency_x | self.agency_y).ids)]) | (
                self.agency_b | self.desk_b
            )
        if model == "onestop.procedure":
            return self.procedure | self.procedure_b
        return Model.search([])

    # ------------------------------------------------------------------ scopes
    def dossier_of(self, record):
        return record if record._name == "onestop.dossier" else record.dossier_id

    def company_of(self, record):
        if "company_id" in record._fields and record._name != "onestop.dossier.report":
            return record.company_id
        return self.dossier_of(record).company_id

    def in_scope(self, scope, user, record):
        if scope == "all":
            return True
        if scope == "mine":
            return record[OWNER_FIELDS.get(record._name, "create_uid")] == user
        if scope == "company":
            return self.company_of(record) in user.company_ids
        dossier = self.dossier_of(record)
        if dossier.company_id not in user.company_ids:
            return False
        if scope == "own":
            return bool(
                dossier.partner_id in (user.partner_id | user.commercial_partner_id)
                and not dossier.parent_id
            )
        Department = self.env["onestop.department"].with_context(active_test=False)
        units = dossier.department_ids
        mine = user.onestop_department_ids
        reach = mine
        if scope in ("heads", "agency"):
            reach |= Department.search(
                [("id", "child_of", (mine | user.onestop_headed_department_ids).ids)]
            )
        if scope == "agency":
            reach |= Department.search([("id", "child_of", mine.agency_id.ids)])
        return bool(units & reach)

    def expected(self, scope, user, records):
        return records.filtered(lambda record: self.in_scope(scope, user, record))

    # ------------------------------------------------------------------ tests
    def test_matrix_is_complete(self):
        """Every OneStop model is in the matrix, with a valid cell for every group and
        operation; models without records say what guards them."""
        models = {
            name
            for name in self.env.registry
            if name.startswith("onestop.") and self.env[name]._original_module in MATRIX_ADDONS
        }
        with_records = {m for m in models if not self.env[m]._abstract}
        self.assertEqual({model for model in MATRIX if model in self.env}, with_records)
        self.assertEqual(set(NO_RECORDS), models - with_records)
        for model in MATRIX:
            self.assertEqual(set(MATRIX[model]), set(GROUPS), model)
            for group, operations in cells(model).items():
                for operation, scope in operations.items():
                    self.assertIn(scope, SCOPES, (model, group, operation))

    def test_access_rights_and_rules(self):
        Access = self.env["ir.model.access"]
        checked = 0
        for model in MATRIX:
            records = self.records(model)
            for group, operations in cells(model).items():
                user = self.users[group]
                for operation, scope in operations.items():
                    with self.subTest(model=model, group=group, operation=operation):
                        right = Access.with_user(user).check(
                            model, operation, raise_exception=False
                        )
                        if scope == "-":
                            self.assertFalse(right)
                            continue
                        if scope == "actions":
                            self.assertDirectCallRefused(model, operation, user, records)
                            continue
                        self.assertTrue(right)
                        expected = self.expected(scope, user, records)
                        found = records.with_user(user)._filtered_access(operation).sudo()
                        self.assertEqual(found, expected)
                        checked += 1
                        if scope != "all":
                            # The fixtures tell the scope apart: something inside, something
                            # outside.
                            self.assertTrue(expected, "nothing in scope")
                            self.assertTrue(records - expected, "nothing out of scope")
        self.assertGreater(checked, 150)

    def assertDirectCallRefused(self, model, operation, user, records):
        """``actions``: the user's own call is refused, even on a record they read."""
        readable = records.with_user(user)._filtered_access("read")
        self.assertTrue(readable)
        record = readable[0]
        values = {
            "onestop.dossier.pause": {
                "dossier_id": record.dossier_id.id,
                "date_start": fields.Datetime.now(),
                "reason": "Tự ghi",
                "working_hours": 40,
            },
            "onestop.dossier.deadline": {
                "dossier_id": record.dossier_id.id,
                "date": fields.Datetime.now(),
                "due_after": fields.Datetime.now() + timedelta(days=30),
                "kind": "reschedule",
            },
        }[model]
        with self.assertRaises(UserError):  # AccessError is a UserError
            if operation == "create":
                self.env[model].with_user(user).create(values)
            elif operation == "write":
                record.with_user(user).write({"reason": "Sửa tay"})
            else:
                record.with_user(user).unlink()

    def test_public_and_portal_see_no_line_of_any_dossier(self):
        """The citizen reads their own dossiers, nothing else: not another's, not the
        inter-agency part of their own, not the lines of any."""
        portal = self.users["portal"]
        self.assertEqual(
            self.env["onestop.dossier"].with_user(portal).search([("id", "in", self.dossiers.ids)]),
            (self.d_desk | self.d_sub | self.rated[:1]).with_user(portal),
        )
        with self.assertRaises(AccessError):
            self.d_part.with_user(portal).read(["name"])
        with self.assertRaises(AccessError):
            self.d_y.with_user(portal).read(["name"])
        for field in ("tracking_token", "note", "portal_submission_key"):
            with self.subTest(field=field), self.assertRaises(AccessError):
                self.d_desk.with_user(portal).read([field])
