import json
from datetime import date

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.onestop_base.tests.common import local

from ..models.onestop_statistics import FIGURES, KEYS
from .common import APRIL, EXPECTED_APRIL, EXPECTED_MARCH, MARCH, MARCH_DOSSIERS, NOW, ReportsCase


@tagged("post_install", "-at_install")
class TestStatistics(ReportsCase):
    def compute(self, period, groupby=None, domain=None, user=None):
        Statistics = self.env["onestop.statistics"]
        if user:
            Statistics = Statistics.with_user(user)
        with freeze_time(NOW):
            return Statistics.compute(*period, groupby=groupby, domain=domain or self.scope)

    # ------------------------------------------------------------------ figures
    def test_march_figure_by_figure(self):
        [row] = self.compute(MARCH)
        self.assertEqual(set(row), set(KEYS))
        self.assertFigures(row, EXPECTED_MARCH)
        self.assertIdentities(row)

    def test_april_figure_by_figure(self):
        [row] = self.compute(APRIL)
        self.assertFigures(row, EXPECTED_APRIL)
        self.assertIdentities(row)

    def test_carried_over_equals_what_the_previous_period_left(self):
        [march] = self.compute(MARCH)
        [april] = self.compute(APRIL)
        self.assertEqual(
            april["carried_over"],
            march["pending_within"] + march["pending_overdue"] + march["paused"],
        )
        # The same holds for every group.
        by_unit = {row["department_id"][0]: row for row in self.compute(MARCH, "department_id")}
        for row in self.compute(APRIL, "department_id"):
            before = by_unit[row["department_id"][0]]
            self.assertEqual(
                row["carried_over"],
                before["pending_within"] + before["pending_overdue"] + before["paused"],
            )

    def test_whole_range_in_one_period(self):
        """March and April as one period: nothing carried over, every receipt counted once."""
        [row] = self.compute((MARCH[0], APRIL[1]))
        self.assertEqual(row["carried_over"], 1)  # A
        self.assertEqual(row["received_total"], 12)
        self.assertEqual(row["resolved_total"], 8)
        self.assertEqual(row["stopped"], 1)
        self.assertEqual((row["pending_within"], row["pending_overdue"], row["paused"]), (1, 1, 0))
        self.assertIdentities(row)

    def test_past_period_is_reproducible(self):
        """What happened after a period does not change its figures: computed on the day it
        ended or months later, March gives the same numbers."""
        with freeze_time(local(2026, 4, 1, 8, 0)):
            then = self.env["onestop.statistics"].compute(*MARCH, domain=self.scope)
        with freeze_time(local(2026, 11, 20, 8, 0)):
            later = self.env["onestop.statistics"].compute(*MARCH, domain=self.scope)
        self.assertEqual(then, later)
        self.assertFigures(later[0], EXPECTED_MARCH)

    def test_period_not_over_judges_deadlines_now(self):
        """For a period that has not ended, pending dossiers are within or overdue as of now."""
        may = (date(2026, 5, 1), date(2026, 5, 31))
        with freeze_time(local(2026, 5, 15, 10, 0)):
            [row] = self.env["onestop.statistics"].compute(*may, domain=self.scope)
        # N (due 21 Apr) and O (due 4 May 17:00) are overdue; P (due 15 May 11:30) is not.
        self.assertEqual(row["carried_over"], 2)
        self.assertEqual(row["received_total"], 1)
        self.assertEqual((row["pending_within"], row["pending_overdue"]), (1, 2))
        self.assertIdentities(row)
        # On the morning of 4 May, O is still within its deadline.
        with freeze_time(local(2026, 5, 4, 10, 0)):
            [row] = self.env["onestop.statistics"].compute(
                date(2026, 5, 1), date(2026, 5, 4), domain=self.scope
            )
        self.assertEqual((row["pending_within"], row["pending_overdue"]), (1, 1))
        self.assertEqual(row["received_total"], 0)

    def test_nothing_resolved_gives_no_rate(self):
        [row] = self.compute((date(2026, 6, 1), date(2026, 6, 30)))
        self.assertIsNone(row["on_time_rate"])
        self.assertIsNone(row["online_rate"])
        self.assertEqual(row["carried_over"], 3)  # N, O, P
        self.assertIdentities(row)

    # ------------------------------------------------------------------ groups
    def test_group_by_receiving_unit(self):
        rows = {row["department_id"][0]: row for row in self.compute(MARCH, "department_id")}
        self.assertEqual(set(rows), {self.desk.id, self.other_desk.id})
        other = rows[self.other_desk.id]
        self.assertEqual(other["department_id"][1], self.other_desk.display_name)
        self.assertFigures(
            other,
            {"received_online": 1, "received_total": 1, "resolved_early": 1, "to_handle": 1},
        )
        desk = rows[self.desk.id]
        self.assertFigures(
            desk,
            {
                "carried_over": 1,
                "received_online": 1,
                "received_total": 9,
                "resolved_early": 1,
                "resolved_total": 4,
                "on_time_rate": 2 / 4,
            },
        )
        for row in rows.values():
            self.assertIdentities(row, row["department_id"])
        for key in FIGURES:
            self.assertEqual(sum(row[key] for row in rows.values()), EXPECTED_MARCH[key], key)

    def test_group_by_channel_procedure_and_field(self):
        channels = {row["channel"]: row for row in self.compute(MARCH, "channel")}
        self.assertEqual(set(channels), {"online", "in_person", "postal"})
        self.assertEqual(channels["online"]["received_total"], 2)
        self.assertEqual(channels["postal"]["returned_postal"], 1)
        self.assertEqual(channels["in_person"]["carried_over"], 1)
        procedures = {row["procedure_id"][0]: row for row in self.compute(MARCH, "procedure_id")}
        self.assertEqual(procedures[self.procedure_calendar_days.id]["pending_within"], 1)
        self.assertIsNone(procedures[self.procedure_calendar_days.id]["online_rate"])
        [field] = self.compute(MARCH, "procedure_id.field_id")
        self.assertEqual(field["procedure_id.field_id"], (self.field.id, self.field.name))
        self.assertFigures(field, EXPECTED_MARCH)
        for rows in (channels.values(), procedures.values(), [field]):
            for row in rows:
                self.assertIdentities(row)

    def test_group_by_agency_through_a_path(self):
        rows = self.compute(APRIL, "department_id.agency_id")
        self.assertEqual([row["department_id.agency_id"][0] for row in rows], [self.agency.id])
        self.assertFigures(rows[0], EXPECTED_APRIL)

    # ------------------------------------------------------------------ scope
    def test_record_rules_of_the_caller(self):
        """A reception officer of the other agency counts only what they may see."""
        [row] = self.compute(MARCH, user=self.other_reception, domain=[])
        self.assertFigures(
            row,
            {"received_online": 1, "received_total": 1, "resolved_early": 1, "carried_over": 0},
        )
        [row] = self.compute(MARCH, user=self.specialist, domain=[])
        self.assertEqual(row["to_handle"], 0)
        [row] = self.compute(MARCH, user=self.manager)
        self.assertFigures(row, EXPECTED_MARCH)

    def test_archived_and_draft_dossiers_count_nowhere(self):
        self.d["F"].with_context(onestop_action=True).active = False
        [row] = self.compute(MARCH)
        self.assertEqual(row["refused"], 0)
        self.assertEqual(row["received_total"], 9)
        self.assertIdentities(row)

    def test_bad_input_is_a_clear_error(self):
        Statistics = self.env["onestop.statistics"]
        with self.assertRaisesRegex(UserError, "after its end"):
            Statistics.compute(MARCH[1], MARCH[0])
        with self.assertRaisesRegex(UserError, "not a date"):
            Statistics.compute("2026-13-01", "2026-03-31")
        with self.assertRaisesRegex(UserError, "cannot be counted by"):
            Statistics.compute(*MARCH, groupby="partner_id.phone.x")
        with self.assertRaisesRegex(UserError, "cannot be counted by"):
            Statistics.compute(*MARCH, groupby="pause_ids")
        with self.assertRaisesRegex(UserError, "not valid"):
            Statistics.compute(*MARCH, domain=[("no_such_field", "=", 1)])

    def test_strings_from_outside_tools(self):
        """XML-RPC callers give dates as strings."""
        with freeze_time(NOW):
            [row] = self.env["onestop.statistics"].compute(
                "2026-03-01", "2026-03-31", None, self.scope
            )
        self.assertFigures(row, EXPECTED_MARCH)

    def test_same_queries_whatever_the_number_of_dossiers(self):
        """One statistics query (with JIT off around it), not one per dossier."""
        Statistics = self.env["onestop.statistics"].with_user(self.manager)
        Statistics.compute(*MARCH, groupby="department_id", domain=self.scope)  # warm caches
        self.env.invalidate_all()
        with self.assertQueryCount(7):
            Statistics.compute(*MARCH, groupby="department_id", domain=self.scope)
        for _i in range(5):
            self._make()._receive(when=local(2026, 3, 20, 9, 0))
        self.env.invalidate_all()
        with self.assertQueryCount(7):
            rows = Statistics.compute(*MARCH, groupby="department_id", domain=self.scope)
        self.assertEqual(sum(row["received_total"] for row in rows), 15)

    # ------------------------------------------------------------------ drill-down
    def test_each_figure_lists_its_dossiers(self):
        Dossier = self.env["onestop.dossier"].with_user(self.manager)
        for figure, keys in MARCH_DOSSIERS.items():
            spec = {
                "date_from": "2026-03-01",
                "date_to": "2026-03-31",
                "figure": figure,
                "domain": self.scope,
            }
            with freeze_time(NOW):
                found = Dossier.search([("onestop_statistics_filter", "=", json.dumps(spec))])
            self.assertEqual(found, self.dossiers(keys).with_user(self.manager), figure)
            self.assertEqual(len(found), EXPECTED_MARCH[figure], figure)
        # One group's figure.
        spec.update(figure="received_online", groupby="department_id", group=self.desk.id)
        with freeze_time(NOW):
            found = Dossier.search([("onestop_statistics_filter", "=", json.dumps(spec))])
        self.assertEqual(found.ids, self.d["B"].ids)

    def test_drill_down_rejects_bad_descriptions(self):
        Dossier = self.env["onestop.dossier"]
        for value in ("nonsense", json.dumps({"figure": "paused"}), json.dumps([1, 2])):
            with self.assertRaises(UserError):
                Dossier.search([("onestop_statistics_filter", "=", value)])
        spec = {"date_from": "2026-03-01", "date_to": "2026-03-31", "figure": "on_time_rate"}
        with self.assertRaisesRegex(UserError, "not a figure"):
            Dossier.search([("onestop_statistics_filter", "=", json.dumps(spec))])

    def test_totals_line(self):
        with freeze_time(NOW):
            groups, total = self.env["onestop.statistics"].compute_with_total(
                *MARCH, groupby="channel", domain=self.scope
            )
        self.assertEqual(len(groups), 3)
        self.assertFigures(total, EXPECTED_MARCH)
        self.assertIdentities(total)
