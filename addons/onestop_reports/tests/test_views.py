from freezegun import freeze_time
from markupsafe import escape

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

from odoo.addons.onestop_base.tests.common import local

from ..models.onestop_statistics import FIGURES, KEYS
from .common import EXPECTED_MARCH, MARCH, NOW, ReportsCase


@tagged("post_install", "-at_install")
class TestAnalysis(ReportsCase):
    def report(self, user=None):
        Report = self.env["onestop.dossier.report"]
        return Report.with_user(user) if user else Report

    def test_pivot_graph_list_views_load(self):
        Report = self.report(self.manager)
        views = Report.get_views(
            [(False, "pivot"), (False, "graph"), (False, "list"), (False, "search")]
        )["views"]
        self.assertIn('type="measure"', views["pivot"]["arch"])
        self.assertIn('type="measure"', views["graph"]["arch"])
        self.assertIn("outcome", views["list"]["arch"])
        self.assertIn("filter_received", views["search"]["arch"])
        # What the pivot and the graph ask for: measures grouped by unit and outcome.
        measures = [
            "dossier_count:sum",
            "resolved_count:sum",
            "on_time_pct:avg",
            "online_pct:avg",
            "digitised_pct:avg",
            "satisfied_pct:avg",
            "working_days:avg",
            "days_late:avg",
            "paused_days:avg",
            "overdue_days:avg",
        ]
        groups = Report.read_group(self.scope, measures, ["department_id"], lazy=False)
        by_unit = {group["department_id"][0]: group for group in groups}
        desk, other = by_unit[self.desk.id], by_unit[self.other_desk.id]
        # A to P but I (a draft) and J (an inter-agency part); L is at the other desk.
        self.assertEqual(desk["dossier_count"], 13)
        self.assertEqual(other["dossier_count"], 1)
        # Resolved at the desk: B and M early, C and E on time, A, D and K late.
        self.assertEqual(desk["resolved_count"], 7)
        self.assertAlmostEqual(desk["on_time_pct"], 100.0 * 4 / 7)
        self.assertAlmostEqual(other["on_time_pct"], 100.0)
        # Online: B among the twelve dossiers of the procedure offered online.
        self.assertAlmostEqual(desk["online_pct"], 100.0 / 12)
        outcomes = Report.read_group(self.scope, ["dossier_count:sum"], ["outcome"], lazy=False)
        counts = {group["outcome"]: group["dossier_count"] for group in outcomes}
        self.assertEqual(counts["early"], 3)
        self.assertEqual(counts["on_time"], 2)
        self.assertEqual(counts["late"], 3)
        self.assertEqual((counts["refused"], counts["withdrawn"], counts["stopped"]), (1, 1, 1))

    def test_durations(self):
        Report = self.report(self.manager)
        d = Report.search([("dossier_id", "=", self.d["D"].id)])
        # Received Mon 9:00, resolved Wed 9:00: 16 working hours; due Tue 11:30: 5.5 late.
        self.assertAlmostEqual(d.working_days, 2.0)
        self.assertAlmostEqual(d.days_late, 5.5 / 8, delta=0.01)
        self.assertEqual(d.outcome, "late")
        e = Report.search([("dossier_id", "=", self.d["E"].id)])
        # 29 working hours from reception to result, 17 of them paused.
        self.assertAlmostEqual(e.paused_days, 17 / 8, delta=0.01)
        self.assertAlmostEqual(e.working_days, 12 / 8)
        self.assertFalse(e.days_late)
        self.assertEqual(e.outcome, "on_time")
        n = Report.search([("dossier_id", "=", self.d["N"].id)])
        self.assertEqual(n.outcome, "pending_overdue")
        self.assertFalse(n.working_days)
        self.assertGreater(n.overdue_days, 0)

    def test_analysis_follows_record_rules(self):
        self.assertEqual(self.report(self.manager).search_count(self.scope), 14)
        self.assertEqual(self.report(self.leader).search_count(self.scope), 13)
        self.assertEqual(self.report(self.head).search_count(self.scope), 0)
        with self.assertRaises(AccessError):
            self.report(self.reception).search_count([])

    def test_supervision_kanban(self):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "onestop_reports.action_dossier_supervision"
        )
        kanban = self.env.ref("onestop_reports.onestop_dossier_view_kanban_supervision")
        self.assertEqual(action["views"][0], (kanban.id, "kanban"))
        Dossier = self.env["onestop.dossier"].with_user(self.manager)
        views = Dossier.get_views([(kanban.id, "kanban")])["views"]
        self.assertIn('default_group_by="department_id"', views["kanban"]["arch"])
        groups = Dossier.read_group(
            [
                *safe_eval(action["domain"]),
                *self.scope,
                ("state", "in", ["received", "processing", "waiting_supplement"]),
            ],
            ["__count"],
            ["department_id"],
        )
        self.assertEqual([group["department_id"][0] for group in groups], [self.desk.id])
        self.assertEqual(groups[0]["department_id_count"], 3)  # N, O, P


@tagged("post_install", "-at_install")
class TestStatisticsScreen(ReportsCase):
    def wizard(self, **vals):
        return (
            self.env["onestop.statistics.wizard"]
            .with_user(self.manager)
            .create(
                {
                    "period_type": "month",
                    "period_year": 2026,
                    "period_month": "3",
                    "groupby": "department_id",
                    "department_ids": [Command.set((self.desk | self.other_desk).ids)],
                    **vals,
                }
            )
        )

    def test_table_with_totals_and_lists_behind_figures(self):
        wizard = self.wizard()
        self.assertEqual((wizard.date_from, wizard.date_to), MARCH)
        with freeze_time(NOW):
            wizard.action_compute()
        lines = wizard.line_ids
        self.assertEqual(
            lines.mapped("group_label"),
            [self.desk.display_name, self.other_desk.display_name, "Total"],
        )
        total = lines.filtered("is_total")
        for key in FIGURES:
            self.assertEqual(total[key], EXPECTED_MARCH[key], key)
        self.assertAlmostEqual(total.on_time_rate, 0.6)
        self.assertTrue(total.has_on_time_rate)
        # A click on a figure: the list of its dossiers.
        with freeze_time(NOW):
            action = total.action_open_dossiers("pending_within")
            found = self.env["onestop.dossier"].with_user(self.manager).search(action["domain"])
        self.assertEqual(action["res_model"], "onestop.dossier")
        self.assertEqual(found, (self.d["K"] | self.d["M"]).with_user(self.manager))
        desk_line = lines.filtered(lambda line: line.group_label == self.desk.display_name)
        with freeze_time(NOW):
            action = desk_line.action_open_dossiers("received_online")
            found = self.env["onestop.dossier"].with_user(self.manager).search(action["domain"])
        self.assertEqual(found.ids, self.d["B"].ids)
        with self.assertRaises(UserError):
            desk_line.action_open_dossiers("online_rate")

    def test_definitions_beside_the_figures(self):
        wizard = self.wizard()
        Line = self.env["onestop.statistics.line"]
        for key in KEYS:
            self.assertTrue(Line._fields[key].help, key)
            self.assertIn(escape(Line._fields[key].help), wizard.legend)
        arch = wizard.get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertIn("onestop_statistics_figure", arch)

    def test_no_grouping_and_other_periods(self):
        wizard = self.wizard(groupby="none")
        with freeze_time(NOW):
            wizard.action_compute()
        self.assertEqual(len(wizard.line_ids), 1)
        self.assertTrue(wizard.line_ids.is_total)
        wizard.write({"period_type": "quarter", "period_quarter": "1"})
        self.assertEqual((str(wizard.date_from), str(wizard.date_to)), ("2026-01-01", "2026-03-31"))
        self.assertEqual(str(wizard.previous_date_from), "2025-10-01")
        wizard.write({"period_type": "year"})
        self.assertEqual((str(wizard.date_from), str(wizard.date_to)), ("2026-01-01", "2026-12-31"))
        self.assertEqual(str(wizard.previous_date_to), "2025-12-31")
        wizard.write({"period_type": "custom", "date_from": "2026-03-10", "date_to": "2026-03-19"})
        self.assertEqual(str(wizard.previous_date_from), "2026-02-28")
        with self.assertRaises(ValidationError):
            wizard.write({"date_to": "2026-03-01"})

    def test_export_button(self):
        action = self.wizard().action_export_xlsx()
        self.assertEqual(action["type"], "ir.actions.act_url")
        self.assertTrue(action["url"].startswith("/onestop/reports/statistics.xlsx?"))
        self.assertIn("date_from=2026-03-01", action["url"])
        self.assertIn("groupby=department_id", action["url"])

    def test_open_from_the_menu(self):
        action = (
            self.env["onestop.statistics.wizard"].with_user(self.manager).action_open_statistics()
        )
        wizard = self.env["onestop.statistics.wizard"].browse(action["res_id"])
        self.assertTrue(wizard.line_ids.filtered("is_total"))


@tagged("post_install", "-at_install")
class TestDashboard(ReportsCase):
    def test_indicators_beside_the_previous_period(self):
        c = self.d["C"]
        attachment = self.env["ir.attachment"].create(
            {"name": "scan.pdf", "raw": b"%PDF-1.4", "res_model": c._name, "res_id": c.id}
        )
        c.document_line_ids.filtered("is_submitted").attachment_ids = attachment
        self.assertTrue(c.is_digitised)
        self.env["onestop.dossier.rating"].create(
            {"dossier_id": c.id, "overall": "very_satisfied", "date": local(2026, 3, 6, 9, 0)}
        )
        dashboard = (
            self.env["onestop.dashboard"]
            .with_user(self.manager)
            .create(
                {
                    "period_type": "month",
                    "period_year": 2026,
                    "period_month": "4",
                    "department_ids": [Command.set((self.desk | self.other_desk).ids)],
                }
            )
        )
        with freeze_time(NOW):
            self.assertAlmostEqual(dashboard.on_time_rate, 100.0 * 2 / 3)
            self.assertAlmostEqual(dashboard.on_time_rate_previous, 60.0)
            self.assertAlmostEqual(dashboard.online_rate, 0.0)
            self.assertTrue(dashboard.has_online_rate)
            self.assertAlmostEqual(dashboard.online_rate_previous, 100.0 * 2 / 9)
            self.assertAlmostEqual(dashboard.digitisation_rate, 0.0)
            self.assertAlmostEqual(dashboard.digitisation_rate_previous, 10.0)
            self.assertFalse(dashboard.has_satisfaction_rate)
            self.assertTrue(dashboard.has_satisfaction_rate_previous)
            self.assertAlmostEqual(dashboard.satisfaction_rate_previous, 100.0)
            self.assertEqual(dashboard.received_total, 2)
            self.assertEqual(dashboard.received_total_previous, 10)
        action = dashboard.action_open_graph("on_time")
        self.assertEqual(action["res_model"], "onestop.dossier.report")
        self.assertEqual(action["context"]["graph_measure"], "on_time_pct")
        views = (
            self.env["onestop.dossier.report"].with_user(self.manager).get_views(action["views"])
        )
        self.assertIn("graph", views["views"])
        action = dashboard.with_context(onestop_indicator="satisfaction").action_open_graph()
        self.assertEqual(action["context"]["graph_measure"], "satisfied_pct")
        with self.assertRaises(UserError):
            dashboard.action_open_graph("speed")
        action = dashboard.action_open_supervision()
        self.assertEqual(action["res_model"], "onestop.dossier")
        form = dashboard.get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertIn("progressbar", form)
