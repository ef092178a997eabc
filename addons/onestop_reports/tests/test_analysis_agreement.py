from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged

from odoo.addons.onestop_base.tests.common import local

from ..models.onestop_statistics import FIGURES
from .common import NOW, ReportsCase

# Periods that end on or after NOW, so that compute() judges the pending dossiers at NOW, as
# the analysis does.
PERIODS = [
    (date(2026, 3, 1), date(2026, 5, 15)),
    (date(2026, 4, 1), date(2026, 6, 30)),
    (date(2026, 5, 1), date(2026, 5, 31)),
    (date(2026, 1, 1), date(2026, 12, 31)),
]


@tagged("post_install", "-at_install")
class TestAnalysisAgreesWithStatistics(ReportsCase):
    """The analysis report (onestop.dossier.report) and onestop.statistics.compute() class
    the dossiers by one rule: the figures of a period, counted from the analysis' rows, are
    those of compute(), figure by figure."""

    def analysis_figures(self, period, domain):
        """The figures of ``period`` counted from the analysis' rows of ``domain``."""
        Report = self.env["onestop.dossier.report"].with_user(self.manager)
        bounds = self.env["onestop.statistics"]._statistics_bounds(*period)
        start, stop = bounds["start"], bounds["stop"]

        def count(*conditions):
            return Report.search_count([*domain, *conditions])

        def within(name):
            return [(name, ">=", start), (name, "<", stop)]

        received = within("received_date")
        figures = {
            # Received before the period and not ended before it.
            "carried_over": count(
                ("received_date", "<", start),
                "|",
                "&",
                ("resolved_date", "=", False),
                ("ended_date", "=", False),
                "|",
                ("resolved_date", ">=", start),
                ("ended_date", ">=", start),
            ),
            "received_online": count(*received, ("channel", "=", "online")),
            "received_in_person": count(*received, ("channel", "=", "in_person")),
            "received_postal": count(*received, ("channel", "=", "postal")),
            "received_total": count(*received),
            "returned_postal": count(*within("returned_date"), ("return_method", "=", "postal")),
        }
        figures["to_handle"] = figures["carried_over"] + figures["received_total"]
        for figure, outcome in (
            ("resolved_early", "early"),
            ("resolved_on_time", "on_time"),
            ("resolved_late", "late"),
        ):
            figures[figure] = count(("outcome", "=", outcome), *within("resolved_date"))
        for outcome in ("refused", "withdrawn", "stopped"):
            figures[outcome] = count(("outcome", "=", outcome), *within("ended_date"))
        for outcome in ("pending_within", "pending_overdue", "paused"):
            figures[outcome] = count(("outcome", "=", outcome), ("received_date", "<", stop))
        figures["resolved_total"] = sum(
            figures[key] for key in ("resolved_early", "resolved_on_time", "resolved_late")
        )
        offered = count(*received, ("online_offered", "=", True))
        online = count(*received, ("online_offered", "=", True), ("channel", "=", "online"))
        figures["online_rate"] = online / offered if offered else None
        resolved = figures["resolved_total"]
        figures["on_time_rate"] = (
            (figures["resolved_early"] + figures["resolved_on_time"]) / resolved
            if resolved
            else None
        )
        return figures

    def assertAgree(self, period):
        Statistics = self.env["onestop.statistics"].with_user(self.manager)
        [row] = Statistics.compute(*period, domain=self.scope)
        analysis = self.analysis_figures(period, self.scope)
        for key in (*FIGURES, "on_time_rate", "online_rate"):
            self.assertEqual(analysis[key], row[key], "%s, %s" % (period, key))
        for row in Statistics.compute(*period, groupby="department_id", domain=self.scope):
            unit = row["department_id"][0]
            analysis = self.analysis_figures(period, [("department_id", "=", unit)])
            for key in FIGURES:
                self.assertEqual(analysis[key], row[key], "%s, %s, %s" % (period, unit, key))
        return row

    def test_figure_by_figure(self):
        with freeze_time(NOW):
            for period in PERIODS:
                self.assertAgree(period)
            [row] = self.env["onestop.statistics"].compute(*PERIODS[0], domain=self.scope)
        # The period holds every kind of class, so that the comparison means something.
        for key in ("carried_over", "resolved_early", "resolved_on_time", "resolved_late"):
            self.assertTrue(row[key], key)
        self.assertEqual((row["pending_within"], row["pending_overdue"]), (1, 2))  # P; N, O

    def test_pause_now(self):
        """A dossier waiting for a supplement now: both count it as paused."""
        with freeze_time(NOW):
            self.d["P"]._onestop_pause("Thiếu giấy tờ", when=local(2026, 5, 15, 9, 0))
            analysis = self.analysis_figures(PERIODS[2], self.scope)
            self.assertEqual((analysis["paused"], analysis["pending_within"]), (1, 0))
            self.assertAgree(PERIODS[2])

    def test_online_offer_as_it_was_at_reception(self):
        """A procedure withdrawn from the online offer after the dossiers were received
        changes neither the online rate of the statistics nor the analysis' rows: both read
        the dossier's snapshot."""
        with freeze_time(NOW):
            before = self.analysis_figures(PERIODS[3], self.scope)["online_rate"]
            self.procedure.online_level = "none"
            self.env.flush_all()
            self.assertAgree(PERIODS[3])
            after = self.analysis_figures(PERIODS[3], self.scope)["online_rate"]
        self.assertTrue(before)
        self.assertAlmostEqual(after, before)
