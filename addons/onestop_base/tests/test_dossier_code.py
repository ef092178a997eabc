import re
import threading
import time

import psycopg2
from freezegun import freeze_time

from odoo import SUPERUSER_ID, Command, api
from odoo.api import Transaction
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import OnestopCase, local


@tagged("post_install", "-at_install")
class TestDossierCode(OnestopCase):
    def receive(self, when, department=None):
        user = self.other_reception if department == self.other_desk else self.reception
        dossier = self.make_dossier(department=department, user=user)
        with freeze_time(when):
            dossier.with_user(user).action_receive()
        return dossier

    def test_format(self):
        dossier = self.receive(local(2026, 3, 2, 9, 0))
        self.assertRegex(dossier.name, r"^T00\.00\.01\.X01-260302-\d{4}$")
        self.assertEqual(dossier.name, "T00.00.01.X01-260302-0001")
        self.assertEqual(dossier.display_name, dossier.name)

    def test_daily_restart(self):
        first = self.receive(local(2026, 3, 2, 9, 0))
        second = self.receive(local(2026, 3, 2, 9, 5))
        next_day = self.receive(local(2026, 3, 3, 8, 0))
        self.assertEqual(first.name, "T00.00.01.X01-260302-0001")
        self.assertEqual(second.name, "T00.00.01.X01-260302-0002")
        self.assertEqual(next_day.name, "T00.00.01.X01-260303-0001")

    def test_local_day(self):
        # 00:30 on 3 March in Vietnam is still 2 March in UTC: the code carries the local day.
        late = self.receive(local(2026, 3, 2, 23, 30))
        early = self.receive(local(2026, 3, 3, 0, 30))
        self.assertEqual(late.name, "T00.00.01.X01-260302-0001")
        self.assertEqual(early.name, "T00.00.01.X01-260303-0001")

    def test_per_unit(self):
        mine = self.receive(local(2026, 3, 2, 9, 0))
        other = self.receive(local(2026, 3, 2, 9, 0), department=self.other_desk)
        self.assertEqual(mine.name, "T00.00.01.X01-260302-0001")
        self.assertEqual(other.name, "T00.00.01.X02-260302-0001")

    def test_unit_without_code_uses_its_agency(self):
        desk = self.env["onestop.department"].create(
            {"name": "Điểm tiếp nhận lưu động", "kind": "desk", "parent_id": self.agency.id}
        )
        self.procedure.receiving_department_ids = [Command.link(desk.id)]
        self.reception.onestop_department_ids = [Command.link(desk.id)]
        dossier = self.receive(local(2026, 3, 2, 9, 0), department=None)
        roaming = self.make_dossier(department=desk)
        with freeze_time(local(2026, 3, 2, 9, 30)):
            roaming.with_user(self.reception).action_receive()
        self.assertEqual(dossier.name, "T00.00.01.X01-260302-0001")
        self.assertEqual(roaming.name, "T00.00.00.X01-260302-0001")

    def test_code_is_unique(self):
        dossier = self.receive(local(2026, 3, 2, 9, 0))
        other = self.make_dossier()
        with (
            self.assertRaises(psycopg2.IntegrityError),
            mute_logger("odoo.sql_db"),
            self.cr.savepoint(),
        ):
            other.with_context(onestop_action=True).write({"name": dossier.name})


@tagged("post_install", "-at_install")
class TestConcurrentReception(OnestopCase):
    """Two officers receive at the same moment, each in a transaction of their own."""

    def test_two_concurrent_receptions(self):
        code = "T99.00.01.X%02d" % (int(time.time()) % 100)
        # Committed set-up that both transactions can see.
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            desk = env["onestop.department"].create(
                {"name": "Một cửa (đồng thời)", "kind": "desk", "code": code}
            )
            procedure = env["onestop.procedure"].create(
                {
                    "name": "Thủ tục đồng thời",
                    "field_id": env["onestop.procedure.field"]
                    .create({"name": "Lĩnh vực đồng thời"})
                    .id,
                    "time_limit": 1,
                }
            )
            partner = env["res.partner"].create({"name": "Người nộp đồng thời"})
            dossiers = env["onestop.dossier"].create(
                [
                    {
                        "procedure_id": procedure.id,
                        "partner_id": partner.id,
                        "department_id": desk.id,
                    }
                    for _i in range(2)
                ]
            )
            ids = dossiers.ids
            cr.commit()  # pylint: disable=invalid-commit
        self.addCleanup(self._cleanup, ids, desk.id, procedure.id, partner.id, code)

        first_took_serial = threading.Event()
        results, attempts, errors = {}, {0: 0, 1: 0}, []

        def receive(index):
            # What Odoo's request handler does: on a serialisation failure, roll back and
            # start the whole reception again.
            try:
                with self.registry.cursor() as cr:
                    env = self._env(cr)
                    for _attempt in range(5):
                        attempts[index] += 1
                        try:
                            dossier = env["onestop.dossier"].browse(ids[index])
                            if index == 1:
                                # Start the transaction before the first one commits.
                                dossier.read(["state"])
                                first_took_serial.wait(10)
                            dossier.action_receive()
                            if index == 0:
                                first_took_serial.set()
                                time.sleep(0.5)  # hold the counter while the other one waits
                            env.flush_all()
                            results[index] = dossier.name
                            cr.commit()  # pylint: disable=invalid-commit
                            break
                        except psycopg2.errors.SerializationFailure:
                            cr.rollback()
                            env.invalidate_all()
            except Exception as exc:  # reported below, in the main thread
                errors.append(exc)
                first_took_serial.set()

        threads = [threading.Thread(target=receive, args=(i,)) for i in range(2)]
        # Both on the same day's counter, even a second before midnight: the clock is frozen
        # (for both threads) at a working moment.
        with (
            mute_logger("odoo.sql_db"),  # the expected serialisation failure
            freeze_time(local(2026, 3, 2, 9, 0)),
        ):
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(60)
        self.assertFalse(errors, errors)
        self.assertEqual(len(set(results.values())), 2, results)
        serials = sorted(name.rsplit("-", 1)[1] for name in results.values())
        self.assertEqual(serials, ["0001", "0002"])
        for name in results.values():
            self.assertTrue(re.match(r"^%s-\d{6}-\d{4}$" % re.escape(code), name))
        # The second officer waited, hit the serialisation failure and was retried.
        self.assertEqual(attempts[0], 1)
        self.assertGreaterEqual(attempts[1], 2)

    def _env(self, cr):
        # The test runner holds the registry lock: hand the registry over instead of letting
        # the environment look it up.
        cr.transaction = Transaction(self.registry)
        return api.Environment(cr, SUPERUSER_ID, {})

    def _cleanup(self, ids, desk_id, procedure_id, partner_id, code):
        with self.registry.cursor() as cr:
            cr.execute("DELETE FROM onestop_dossier WHERE id = ANY(%s)", [ids])
            cr.execute("DELETE FROM onestop_procedure WHERE id = %s", [procedure_id])
            cr.execute("DELETE FROM onestop_department WHERE id = %s", [desk_id])
            cr.execute("DELETE FROM onestop_dossier_sequence WHERE code = %s", [code])
            cr.commit()  # pylint: disable=invalid-commit
