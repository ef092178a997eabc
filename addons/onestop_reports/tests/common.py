from datetime import date

from odoo.tests import HttpCase

from odoo.addons.onestop_base.tests.common import OnestopCase, local

# The two consecutive periods of the scenario, and "now" once both are over.
MARCH = (date(2026, 3, 1), date(2026, 3, 31))
APRIL = (date(2026, 4, 1), date(2026, 4, 30))
NOW = local(2026, 5, 15, 10, 0)

# The scenario's figures, checked one by one (see ReportsCase._build_scenario).
EXPECTED_MARCH = {
    "carried_over": 1,  # A
    "received_online": 2,  # B, L (J, a child of B, counts nowhere)
    "received_in_person": 7,  # D, E, F, G, H, K, M
    "received_postal": 1,  # C
    "received_total": 10,
    "to_handle": 11,
    "resolved_early": 2,  # B, L
    "resolved_on_time": 1,  # C, on the due day before the due time
    "resolved_late": 2,  # A, D
    "resolved_total": 5,
    "pending_within": 2,  # K (due 1 April), M (rescheduled to 10 April)
    "pending_overdue": 1,  # H
    "paused": 1,  # E
    "refused": 1,  # F
    "withdrawn": 1,  # G
    "stopped": 0,
    "returned_postal": 1,  # C
    "on_time_rate": 3 / 5,
    "online_rate": 2 / 9,  # M's procedure is not offered online
}
EXPECTED_APRIL = {
    "carried_over": 4,  # E, H, K, M
    "received_online": 0,
    "received_in_person": 2,  # N, O
    "received_postal": 0,
    "received_total": 2,
    "to_handle": 6,
    "resolved_early": 1,  # M, before its new appointment date
    "resolved_on_time": 1,  # E, on time against the due date its pause pushed
    "resolved_late": 1,  # K
    "resolved_total": 3,
    "pending_within": 1,  # O, received after the cutoff before the holidays
    "pending_overdue": 1,  # N
    "paused": 0,
    "refused": 0,
    "withdrawn": 0,
    "stopped": 1,  # H
    "returned_postal": 0,
    "on_time_rate": 2 / 3,
    "online_rate": 0.0,
}
# Which dossiers each figure of March counts (for the lists a click opens).
MARCH_DOSSIERS = {
    "carried_over": "A",
    "received_online": "BL",
    "received_in_person": "DEFGHKM",
    "received_postal": "C",
    "received_total": "BCDEFGHKLM",
    "to_handle": "ABCDEFGHKLM",
    "resolved_early": "BL",
    "resolved_on_time": "C",
    "resolved_late": "AD",
    "resolved_total": "ABCDL",
    "pending_within": "KM",
    "pending_overdue": "H",
    "paused": "E",
    "refused": "F",
    "withdrawn": "G",
    "stopped": "",
    "returned_postal": "C",
}


class ReportsScenarioMixin:
    """Hand-built dossiers, dated exactly, at the test agency of onestop_base's OnestopCase
    (working days 07:00-11:30 and 13:30-17:00; the procedure takes one working day, the other
    fifteen calendar days)."""

    @classmethod
    def _build_scenario(cls):
        cls.procedure.online_level = "partial"
        d = {}

        def receive(key, when, procedure=None, department=None, **vals):
            dossier = cls._make(procedure=procedure, department=department, **vals)
            dossier._receive(when=when)
            d[key] = dossier
            return dossier

        # A: received in February, carried over into March, resolved late in March.
        receive("A", local(2026, 2, 26, 9, 0))  # due Fri 27 Feb 11:30
        d["A"]._onestop_resolve(when=local(2026, 3, 3, 10, 0))
        # B: online, resolved the day it was received: early.
        receive("B", local(2026, 3, 2, 9, 0), channel="online")  # due Tue 3 Mar 11:30
        d["B"]._onestop_resolve(when=local(2026, 3, 2, 16, 0))
        # C: by post, resolved on the due day before the due time, returned by post.
        receive("C", local(2026, 3, 2, 9, 0), channel="postal", return_method="postal")
        d["C"]._onestop_resolve(when=local(2026, 3, 3, 11, 0))
        d["C"]._onestop_return(
            method="postal", when=local(2026, 3, 5, 10, 0), tracking_ref="EL000000001VN"
        )
        # D: late.
        receive("D", local(2026, 3, 9, 9, 0))  # due Tue 10 Mar 11:30
        d["D"]._onestop_resolve(when=local(2026, 3, 11, 9, 0))
        # E: paused at the end of March; the pause pushes the due date by 17 working hours
        # to Thu 2 Apr 17:00, and the result at 16:00 that day is on time.
        receive("E", local(2026, 3, 30, 9, 0))  # due Tue 31 Mar 11:30
        d["E"]._onestop_pause("Thiếu bản sao giấy tờ", when=local(2026, 3, 31, 8, 0))
        d["E"]._onestop_resume(when=local(2026, 4, 2, 9, 0))
        d["E"]._onestop_resolve(when=local(2026, 4, 2, 16, 0))
        # F, G: refused and withdrawn after reception, in March.
        receive("F", local(2026, 3, 4, 9, 0))
        d["F"]._onestop_close("refused", "Không đủ điều kiện", when=local(2026, 3, 5, 10, 0))
        receive("G", local(2026, 3, 4, 10, 0))
        d["G"]._onestop_close("withdrawn", "Công dân rút", when=local(2026, 3, 6, 10, 0))
        # H: overdue at the end of March, stopped in April.
        receive("H", local(2026, 3, 12, 9, 0))  # due Fri 13 Mar 11:30
        d["H"]._onestop_close("stopped", "Dừng giải quyết", when=local(2026, 4, 6, 10, 0))
        # I: refused at intake, never received: counts nowhere.
        d["I"] = cls._make()
        d["I"]._onestop_close("refused", "Không thuộc thẩm quyền")
        # J: the part of B another agency handles: only its parent counts.
        receive("J", local(2026, 3, 2, 10, 0), department=cls.other_desk, parent_id=d["B"].id)
        # K: within its deadline at the end of March (due Wed 1 Apr 11:30), late in April.
        receive("K", local(2026, 3, 31, 10, 0))
        d["K"]._onestop_resolve(when=local(2026, 4, 1, 15, 0))
        # L: at the other agency's desk, online, early.
        receive("L", local(2026, 3, 10, 9, 0), department=cls.other_desk, channel="online")
        d["L"]._onestop_resolve(when=local(2026, 3, 10, 15, 0))
        # M: fifteen calendar days (due Tue 31 Mar 17:00), rescheduled on 25 March to Fri 10
        # April: within its deadline at the end of March, resolved early in April.
        receive("M", local(2026, 3, 16, 9, 0), procedure=cls.procedure_calendar_days)
        d["M"]._onestop_reschedule(
            local(2026, 4, 10, 17, 0), "Cần xác minh thêm", when=local(2026, 3, 25, 10, 0)
        )
        d["M"]._onestop_resolve(when=local(2026, 4, 8, 10, 0))
        # N: overdue at the end of April (due Tue 21 Apr 11:30).
        receive("N", local(2026, 4, 20, 9, 0))
        # O: received after the 15:00 cutoff before the 30 April - 3 May holidays: due Mon 4
        # May 17:00, within its deadline at the end of April.
        receive("O", local(2026, 4, 29, 16, 0))
        # P: received in May, for the figures of a period that is not over.
        receive("P", local(2026, 5, 14, 9, 0))  # due Fri 15 May 11:30
        cls.d = d
        cls.scope = [("department_id", "in", (cls.desk | cls.other_desk).ids)]

    @classmethod
    def _make(cls, procedure=None, department=None, **vals):
        dossier = cls.env["onestop.dossier"].create(
            {
                "procedure_id": (procedure or cls.procedure).id,
                "partner_id": cls.partner.id,
                "department_id": (department or cls.desk).id,
                "channel": "in_person",
                **vals,
            }
        )
        dossier.document_line_ids.filtered("mandatory").is_submitted = True
        return dossier

    def dossiers(self, keys):
        return self.env["onestop.dossier"].union(*(self.d[key] for key in keys))

    def assertIdentities(self, row, msg=None):
        """The identities of domain.md, for one line of statistics."""
        self.assertEqual(
            row["received_total"],
            row["received_online"] + row["received_in_person"] + row["received_postal"],
            msg,
        )
        self.assertEqual(row["to_handle"], row["carried_over"] + row["received_total"], msg)
        self.assertEqual(
            row["resolved_total"],
            row["resolved_early"] + row["resolved_on_time"] + row["resolved_late"],
            msg,
        )
        self.assertEqual(
            row["to_handle"],
            row["resolved_total"]
            + row["refused"]
            + row["withdrawn"]
            + row["stopped"]
            + row["pending_within"]
            + row["pending_overdue"]
            + row["paused"],
            msg,
        )

    def assertFigures(self, row, expected):
        for key, value in expected.items():
            if isinstance(value, float):
                self.assertAlmostEqual(row[key], value, msg=key)
            else:
                self.assertEqual(row[key], value, key)


class ReportsCase(ReportsScenarioMixin, OnestopCase):
    # The scenario's clock: its dossiers are dated in February to May 2026, and its figures
    # are read once both periods are over, whatever the wall clock says.
    freeze_time = NOW

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._build_scenario()


class ReportsHttpCase(ReportsScenarioMixin, OnestopCase, HttpCase):
    # The same clock for the test server, which answers in this process, and for the tours.
    freeze_time = NOW

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._build_scenario()
