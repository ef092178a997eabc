from odoo.tests import tagged

from odoo.addons.onestop_sync.models.onestop_dossier import NATIONAL_STATUS, national_date

from .common import SyncCase, local


@tagged("post_install", "-at_install")
class TestNationalStatus(SyncCase):
    """The one table from our states and steps to the ten national statuses, state by state,
    as the events carry them; the payloads' fields and formats."""

    def statuses(self, dossier, kind):
        return [event.national_status for event in self.events(dossier) if event.kind == kind]

    def test_table_covers_every_state(self):
        states = [value for value, _label in self.env["onestop.dossier"]._fields["state"].selection]
        for state in states:
            self.assertIn(state, NATIONAL_STATUS, state)
        self.assertTrue(set(NATIONAL_STATUS.values()) <= {str(n) for n in range(1, 11)})

    def test_draft_is_a_new_registration(self):
        dossier = self.make_dossier(channel="online")
        self.assertEqual(dossier.onestop_national_status, "1")
        # A line on a draft (an online registration asked for more): no code yet, no event.
        dossier._onestop_open_line("supplement_request", "Yêu cầu bổ sung", local(2026, 3, 2, 9))
        self.assertFalse(self.events(dossier))

    def test_refused_at_intake_is_not_received(self):
        dossier = self.make_dossier()
        self.end(dossier, "refused", (2026, 3, 2, 9), reason="Thiếu giấy tờ")
        self.assertEqual(dossier.state, "refused")
        self.assertEqual(dossier.onestop_national_status, "3")
        self.assertEqual(self.statuses(dossier, "push"), ["3"])
        push = self.payloads(dossier, "push")[0]
        self.assertEqual(push["TrangThaiHoSo"], "3")
        self.assertEqual(push["NgayTiepNhan"], "")
        self.assertTrue(push["MaHoSo"].startswith("T00.00.01.X01-R"))
        self.assertEqual(push["LyDo"], "Thiếu giấy tờ")

    def test_the_whole_path(self):
        """received 2, processing 4, supplement 5, back to 4, resolved 9, returned 10."""
        dossier = self.receive(2026, 3, 2, 9)
        self.assertEqual(dossier.onestop_national_status, "2")
        self.assertEqual(self.statuses(dossier, "push"), ["2"])
        self.assertEqual(self.statuses(dossier, "progress"), ["2"])
        self.forward(dossier, self.reception, (2026, 3, 2, 9, 30), to=self.specialist)
        self.assertEqual(dossier.state, "processing")
        self.assertEqual(dossier.onestop_national_status, "4")
        # The forward's line is written before the state changes: the table's
        # "received/handover" says 4 all the same.
        self.assertEqual(self.statuses(dossier, "progress"), ["2", "4"])
        self.supplement(dossier, (2026, 3, 2, 10))
        self.assertEqual(dossier.onestop_national_status, "5")
        self.supplement_received(dossier, (2026, 3, 3, 8))
        self.assertEqual(dossier.onestop_national_status, "4")
        self.forward(dossier, self.specialist, (2026, 3, 3, 9), to=self.head)
        self.forward(dossier, self.head, (2026, 3, 3, 9, 30), to=self.leader)
        self.record_result(dossier, (2026, 3, 3, 10))
        self.assertEqual(dossier.onestop_national_status, "9")
        self.return_result(dossier, (2026, 3, 3, 14))
        self.assertEqual(dossier.onestop_national_status, "10")
        self.assertEqual(self.statuses(dossier, "push"), ["2", "5", "4", "9", "10"])
        self.assertEqual(
            self.statuses(dossier, "progress"), ["2", "4", "5", "4", "4", "4", "9", "9", "10"]
        )
        pushes = self.payloads(dossier, "push")
        self.assertEqual(pushes[0]["NgayTiepNhan"], "20260302090000")
        self.assertEqual(pushes[0]["NgayTra"], "")
        self.assertEqual(pushes[-1]["NgayTra"], "20260303140000")
        self.assertEqual(pushes[-1]["NgayHenTra"], national_date(dossier.due_date))
        self.assertEqual(pushes[-1]["MaTTHC"], "1.000001")
        self.assertEqual(pushes[-1]["MaHoSo"], dossier.name)
        self.assertEqual(pushes[-1]["ChuHoSo"], self.partner.name)
        self.assertEqual(pushes[-1]["PhiLePhi"], [{"TenPhiLePhi": "Lệ phí", "MucPhi": 8000}])
        self.assertEqual(
            [d["TenTaiLieu"] for d in pushes[-1]["TaiLieuNop"]],
            ["Tờ khai đăng ký khai sinh", "Giấy chứng sinh"],
        )
        progress = self.payloads(dossier, "progress")
        self.assertEqual(progress[1]["NguoiXuLy"], self.reception.name)
        self.assertEqual(progress[1]["NguoiNhan"], self.specialist.name)
        self.assertEqual(progress[1]["ThoiDiemXuLy"], "20260302093000")
        self.assertTrue(progress[2]["NoiDungXuLy"].endswith("Thiếu giấy chứng sinh"))
        self.assertTrue(all(p["NgayKetThucTheoQuyDinh"] for p in progress))
        # Every event carries its own key.
        keys = [p["MaSuKien"] for p in pushes + progress]
        self.assertEqual(len(set(keys)), len(keys))

    def test_withdrawn_is_7_stopped_is_8_refused_after_reception_is_8(self):
        for state, status in (("withdrawn", "7"), ("stopped", "8"), ("refused", "8")):
            dossier = self.receive(2026, 3, 2, 9)
            self.end(dossier, state, (2026, 3, 2, 10))
            self.assertEqual(dossier.onestop_national_status, status, state)
            self.assertEqual(self.statuses(dossier, "push"), ["2", status], state)
            ended = self.payloads(dossier, "push")[-1]["NgayKetThucXuLy"]
            self.assertEqual(ended, "20260302100000")

    def test_channels(self):
        for channel, code in (("in_person", 1), ("online", 2), ("postal", 3)):
            dossier = self.receive(2026, 3, 2, 9, channel=channel)
            self.assertEqual(self.payloads(dossier, "push")[0]["KenhThucHien"], code, channel)

    def test_national_date_is_vietnam_time(self):
        self.assertEqual(national_date(local(2026, 12, 31, 23, 59, 58)), "20261231235958")
        self.assertEqual(national_date(False), "")
