import logging

from freezegun import freeze_time

from odoo.tests import tagged

from odoo.addons.onestop_base.tests.common import local

from .common import WorkflowCase

KANBAN_SPEC = {
    "name": {},
    "partner_id": {"fields": {"display_name": {}}},
    "procedure_id": {"fields": {"display_name": {}}},
    "process_step_id": {"fields": {"display_name": {}}},
    "user_id": {"fields": {"display_name": {}}},
    "stage_id": {"fields": {"display_name": {}}},
    "state": {},
    "due_date": {},
    "step_due_date": {},
    "deadline_risk": {},
    "risk_color": {},
    "is_mine": {},
    "priority": {},
    "children_progress": {},
}
_logger = logging.getLogger(__name__)
ORDER = "is_mine desc, priority desc, step_due_date asc, due_date asc, id desc"


@tagged("post_install", "-at_install")
class TestKanban(WorkflowCase):
    def make_received(self, count, start_minute=0):
        dossiers = self.env["onestop.dossier"]
        for index in range(count):
            dossier = self.make_dossier()
            dossier.sudo()._receive(when=local(2026, 3, 2, 8, start_minute + index % 50))
            if index % 2:
                dossier.sudo()._onestop_forward(
                    self.steps[1], self.specialist, self.unit, when=local(2026, 3, 2, 9, 0)
                )
            dossiers |= dossier
        return dossiers

    def load_kanban(self, user):
        Dossier = self.env["onestop.dossier"].with_user(user)
        domain = [("state", "!=", "draft"), ("procedure_id", "=", self.procedure.id)]
        groups = Dossier.web_read_group(
            domain, ["stage_id"], ["stage_id"], lazy=True, orderby="stage_id"
        )
        records = 0
        for group in groups["groups"]:
            result = Dossier.web_search_read(group["__domain"], KANBAN_SPEC, limit=40, order=ORDER)
            records += result["length"]
        return groups, records

    def count_queries(self, user, expected_records):
        self.env.flush_all()
        self.env.invalidate_all()
        start = self.cr.sql_log_count
        _groups, records = self.load_kanban(user)
        self.assertEqual(records, expected_records)
        return self.cr.sql_log_count - start

    def test_query_count_does_not_grow(self):
        user = self.leader
        with freeze_time(local(2026, 3, 2, 10, 0)):
            self.make_received(6)
            self.count_queries(user, 6)  # warm the caches
            queries = self.count_queries(user, 6)
            self.make_received(12, start_minute=10)
            self.env.flush_all()
            self.env.invalidate_all()
            with self.assertQueryCount(queries):
                self.load_kanban(user)
            # Exactly as many, not fewer.
            self.assertEqual(self.count_queries(user, 18), queries)
            _logger.info("kanban of 6 or 18 dossiers: %s queries", queries)

    def test_my_work_first(self):
        with freeze_time(local(2026, 3, 2, 10, 0)):
            dossiers = self.make_received(4)
            # The desk sees the four: its own two first.
            found = (
                self.env["onestop.dossier"]
                .with_user(self.reception)
                .search([("id", "in", dossiers.ids)], order=ORDER)
            )
            self.assertEqual(len(found), 4)
            self.assertEqual(set(found[:2].ids), {dossiers[0].id, dossiers[2].id})
            self.assertTrue(all(found[:2].mapped("is_mine")))
            self.assertFalse(any(found[2:].mapped("is_mine")))
            Dossier = self.env["onestop.dossier"].with_user(self.specialist)
            mine = Dossier.search([("is_mine", "=", True), ("id", "in", dossiers.ids)])
            self.assertEqual(mine, dossiers[1] | dossiers[3])
            unit = Dossier.search([("is_my_unit_work", "=", True), ("id", "in", dossiers.ids)])
            self.assertEqual(unit, dossiers[1] | dossiers[3])
            desk = (
                self.env["onestop.dossier"]
                .with_user(self.reception)
                .search([("is_my_unit_work", "=", True), ("id", "in", dossiers.ids)])
            )
            self.assertEqual(desk, dossiers[0] | dossiers[2])

    def test_deadline_risk_filters(self):
        Dossier = self.env["onestop.dossier"]
        with freeze_time(local(2026, 3, 2, 10, 0)):
            dossiers = self.make_received(2)
        # Due on Tuesday 11:30: within at 10:00 on Monday, soon on Monday 14:00 (less than
        # one working day ahead), late on Tuesday 12:00.
        for wall_time, risk in (
            ((2026, 3, 2, 10, 0), "within"),
            ((2026, 3, 2, 14, 0), "soon"),
            ((2026, 3, 3, 12, 0), "late"),
        ):
            with self.subTest(risk=risk), freeze_time(local(*wall_time)):
                dossiers.invalidate_recordset(["deadline_risk", "risk_color"])
                self.assertEqual(set(dossiers.mapped("deadline_risk")), {risk})
                found = Dossier.search([("deadline_risk", "=", risk), ("id", "in", dossiers.ids)])
                self.assertEqual(found, dossiers)
                others = Dossier.search([("deadline_risk", "!=", risk), ("id", "in", dossiers.ids)])
                self.assertFalse(others)
        self.assertEqual(dossiers[0].risk_color, 1)
