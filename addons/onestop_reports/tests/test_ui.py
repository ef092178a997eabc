from odoo import Command
from odoo.tests import tagged

from .common import ReportsHttpCase


@tagged("post_install", "-at_install")
class TestStatisticsTour(ReportsHttpCase):
    def test_click_a_figure(self):
        wizard = (
            self.env["onestop.statistics.wizard"]
            .with_user(self.manager)
            .create(
                {
                    "period_type": "month",
                    "period_year": 2026,
                    "period_month": "3",
                    "groupby": "department_id",
                    "department_ids": [Command.set((self.desk | self.other_desk).ids)],
                }
            )
        )
        wizard.action_compute()
        self.start_tour(
            "/odoo/onestop.statistics.wizard/%d" % wizard.id,
            "onestop_reports_statistics_tour",
            login="t_manager",
        )
