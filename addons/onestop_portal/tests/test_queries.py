from odoo.tests import tagged

from .common import PortalCase

# The queries of the tracking page's values, caches warm: one per model read (dossier,
# departments, procedure, partner, process steps, users, control slip lines), whatever the
# length of the history (9 today), and one spare for the addons installed with this one.
QUERY_BUDGET = 10


@tagged("post_install", "-at_install")
class TestQueries(PortalCase):
    """What the public tracking page reads does not grow with the dossier's history."""

    def public_values_queries(self, dossier):
        self.env.invalidate_all()
        self.env.flush_all()
        before = self.cr.sql_log_count
        values = dossier._onestop_public_values()
        return self.cr.sql_log_count - before, values

    def test_tracking_page_queries_stay_flat(self):
        short = self.received_dossier()
        short.sudo()._onestop_forward(self.steps[1], self.specialist, self.unit)
        long = self.received_dossier()
        for _i in range(5):
            long.sudo()._onestop_forward(self.steps[1], self.specialist, self.unit)
            long.sudo()._onestop_forward(self.steps[2], self.head, self.unit)
        self.public_values_queries(short)  # warm the registry's caches
        few, short_values = self.public_values_queries(short)
        many, long_values = self.public_values_queries(long)
        self.assertEqual(len(short_values["timeline"]), 2)
        self.assertEqual(len(long_values["timeline"]), 11)
        self.assertEqual(many, few)
        self.env.invalidate_all()
        with self.assertQueryCount(QUERY_BUDGET):
            long._onestop_public_values()
