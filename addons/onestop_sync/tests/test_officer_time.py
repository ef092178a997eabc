import logging
import time

from odoo.tests import tagged

from .common import SyncCase

_logger = logging.getLogger(__name__)


@tagged("post_install", "-at_install")
class TestOfficerTime(SyncCase):
    """The officer never waits for the portal: an action calls nobody (the events are rows
    of its transaction), so its time is the same whether the portal answers, fails or hangs.
    The figures are printed, not asserted."""

    ROUNDS = 10

    def reception_time(self):
        times = []
        for minute in range(self.ROUNDS):
            dossier = self.make_dossier()
            self.dossiers |= dossier
            start = time.perf_counter()
            with self.at(2026, 3, 2, 9, minute):
                dossier.with_user(self.reception).action_receive()
            self.env.flush_all()
            times.append(time.perf_counter() - start)
        return sorted(times)[len(times) // 2]

    def test_reception_time_with_the_portal_up_down_and_hanging(self):
        figures = {}
        self.dossiers = self.env["onestop.dossier"]
        for mode in ("ok", "fail", "slow"):
            self.fake.control(reset=True)
            self.fake.control(mode=mode, delay=30)
            figures[mode] = self.reception_time()
            self.assertEqual(self.fake.state()["calls"], [], "the action called the portal")
        # The portal down stops nothing: the events wait, every one.
        waiting = self.env["onestop.sync.event"].search_count(
            [("state", "=", "pending"), ("dossier_id", "in", self.dossiers.ids)]
        )
        self.assertEqual(waiting, 3 * self.ROUNDS * 2)
        _logger.info(
            "reception, median of %s: portal up %.1f ms, failing %.1f ms, hanging %.1f ms",
            self.ROUNDS,
            *(1000 * figures[mode] for mode in ("ok", "fail", "slow")),
        )
