import io

import openpyxl

from odoo.tests import HttpCase, tagged

from .common import HallCase, at


@tagged("post_install", "-at_install")
class TestHallStatistics(HttpCase, HallCase):
    """A dated morning in the hall, then its figures."""

    def setUp(self):
        super().setUp()
        issue = self.issue
        self.a1 = issue(self.service_a, 8, 0)  # waits 10, served 20 min, with a dossier
        self.a2 = issue(self.service_a, 8, 5)  # waits 25, served 20 min, no dossier
        self.a3 = issue(self.service_a, 8, 10)  # no-show after 40
        self.b1 = issue(self.service_b, 9, 0)  # waits 30, still being served
        self.b2 = issue(self.service_b, 9, 5)  # cancelled while waiting
        self.counter1._onestop_call_next(when=at(8, 10))
        self.a1._onestop_serve(when=at(8, 10))
        dossier = self.make_dossier(ticket_id=self.a1.id)
        self.assertEqual(self.a1.dossier_ids, dossier)
        self.counter1._onestop_call_next(when=at(8, 30))  # a1 done: the next call
        self.a2._onestop_serve(when=at(8, 30))
        self.a2._onestop_done(when=at(8, 50))
        self.counter1._onestop_call_next(when=at(8, 50))
        self.a3._onestop_no_show(when=at(8, 52))
        self.counter2._onestop_call_next(when=at(9, 30))
        self.b1._onestop_serve(when=at(9, 31))
        self.b2._onestop_cancel(when=at(9, 40))

    def test_figures_per_period_service_and_counter(self):
        Statistics = self.env["onestop.hall.statistics"]
        total = Statistics.compute("2026-03-02", "2026-03-02", self.desk)[0]
        self.assertEqual(
            (total["issued"], total["served"], total["no_shows"], total["cancelled"]), (5, 2, 1, 1)
        )
        # Waits: a1 10, a2 25, a3 40, b1 30 minutes; service: a1 20 (done by the next call at
        # 8:30), a2 20.
        self.assertAlmostEqual(total["wait_median"], 27.5)
        self.assertAlmostEqual(total["wait_p90"], 37.0)
        self.assertAlmostEqual(total["service_median"], 20.0)
        self.assertEqual(total["without_dossier"], 1)
        by_service = {
            row["service_group_id"]: row
            for row in Statistics.compute("2026-03-02", "2026-03-02", self.desk, "service")
        }
        self.assertEqual(by_service[self.service_a.id]["issued"], 3)
        self.assertEqual(by_service[self.service_b.id]["cancelled"], 1)
        by_counter = {
            row["counter_id"]: row
            for row in Statistics.compute("2026-03-02", "2026-03-02", self.desk, "counter")
        }
        self.assertEqual(by_counter[self.counter1.id]["served"], 2)
        self.assertEqual(by_counter[None]["issued"], 1)  # b2 was never called
        # Another day, another desk: nothing.
        self.assertEqual(Statistics.compute("2026-03-03", "2026-03-31", self.desk)[0]["issued"], 0)
        self.assertEqual(
            Statistics.compute("2026-03-02", "2026-03-02", self.other_desk)[0]["issued"], 0
        )
        # Record rules: the other desk's officer counts nothing.
        self.assertEqual(
            Statistics.with_user(self.other_reception).compute("2026-03-02", "2026-03-02")[0][
                "issued"
            ],
            0,
        )

    def test_people_waiting_per_hour(self):
        hours = self.env["onestop.hall.statistics"]._waiting_by_hour(
            "2026-03-02", "2026-03-02", self.desk
        )
        # 8:00-9:00: a1, a2, a3 wait; 9:00-10:00: b1 (to 9:30), b2 (to 9:40).
        self.assertEqual(hours[8], (3.0, 3.0))
        self.assertEqual(hours[9], (2.0, 2.0))
        self.assertNotIn(10, hours)

    def test_dashboard_and_xlsx(self):
        dashboard = self.env["onestop.dashboard"].create(
            {
                "period_type": "custom",
                "date_from": "2026-03-01",
                "date_to": "2026-03-31",
                "department_ids": [(6, 0, self.agency.ids)],
            }
        )
        self.assertEqual((dashboard.hall_issued, dashboard.hall_served), (5, 2))
        self.assertEqual(dashboard.hall_without_dossier, 1)
        self.assertAlmostEqual(dashboard.hall_wait_median, 27.5)
        action = dashboard.action_open_hall_hours()
        self.assertEqual(self.env["onestop.ticket"].search_count(action["domain"]), 5)
        content = self.env["onestop.hall.statistics"]._xlsx("2026-03-01", "2026-03-31", self.desk)
        book = openpyxl.load_workbook(io.BytesIO(content))
        self.assertEqual(len(book.worksheets), 3)
        services = book.worksheets[0]
        values = [[c.value for c in row] for row in services.iter_rows(min_row=4)]
        self.assertEqual(sorted(row[1] for row in values), ["Hộ tịch", "Xây dựng"])
        self.assertEqual(sum(row[2] for row in values), 5)
        hours = book.worksheets[2]
        self.assertEqual(hours.cell(2, 1).value, "08:00")
        # The route: internal users only, bad input refused.
        self.authenticate("t_manager", "t_manager")
        url = "/onestop/hall/statistics.xlsx?date_from=2026-03-01&date_to=2026-03-31"
        response = self.url_open(url + "&department_ids=%s" % self.desk.id)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0].cell(4, 3).value
            + openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0].cell(5, 3).value,
            5,
        )
        self.assertEqual(self.url_open(url + "&department_ids=abc").status_code, 400)
        self.assertEqual(self.url_open(url.replace("2026-03-01", "2026-04-01")).status_code, 400)
        self.authenticate("t_portal", "t_portal")
        self.assertEqual(self.url_open(url).status_code, 403)
