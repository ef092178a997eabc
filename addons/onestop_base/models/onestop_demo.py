import random
from datetime import datetime, timedelta

from odoo import api, fields, models

from .onestop_dossier import CLOSED_STATES

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương"]
MIDDLE_M = ["Văn", "Đức", "Minh", "Quốc", "Hữu", "Thanh"]
MIDDLE_F = ["Thị", "Thu", "Ngọc", "Thanh", "Minh", "Kim"]
GIVEN_M = ["An", "Bình", "Cường", "Dũng", "Hải", "Hùng", "Khánh", "Long", "Nam", "Phúc", "Quân"]
GIVEN_F = ["Anh", "Chi", "Dung", "Hà", "Hạnh", "Hương", "Lan", "Linh", "Mai", "Ngân", "Thảo"]
STREETS = ["Lê Thái Tổ", "Trần Hưng Đạo", "Đinh Tiên Hoàng", "Lương Văn Tụy", "Hải Thượng Lãn Ông"]
BUSINESSES = [
    "Công ty TNHH Du lịch Tràng An Xanh",
    "Hộ kinh doanh Bánh đa Gia Viễn",
    "Công ty Cổ phần Xây dựng Hoa Lư",
    "Doanh nghiệp tư nhân Gốm Bồ Bát",
]
# (state, how many) for the fifty demo dossiers
PLAN = [
    ("draft", 5),
    ("received", 4),
    ("processing", 10),
    ("waiting_supplement", 4),
    ("resolved", 5),
    ("returned", 16),
    ("refused", 3),
    ("withdrawn", 2),
    ("stopped", 1),
]


class OnestopDemo(models.AbstractModel):
    """Demo data that looks real: applicants and dossiers across channels and states, with
    dates in the past relative to the day the database is created."""

    _name = "onestop.demo"
    _description = "OneStop demo data"

    @api.model
    def _generate_dossiers(self, seed=20251103):
        rng = random.Random(seed)
        partners = self._demo_partners(rng)
        procedures = self.env["onestop.procedure"].search(
            [("receiving_department_ids", "!=", False)]
        )
        plan = [state for state, count in PLAN for _i in range(count)]
        dossiers = []
        for index, state in enumerate(plan):
            procedure = procedures[index % len(procedures)]
            dossier = self._demo_draft(rng, procedure, partners[index % len(partners)], index)
            dossiers.append((self._demo_received(rng, dossier, state), index, dossier, state))
        # Received in the order of time, so that each day's serials follow the clock.
        for received, index, dossier, state in sorted(
            dossiers, key=lambda d: (d[0] or datetime.min, d[1])
        ):
            self._demo_progress(rng, dossier, state, received, index)
        return True

    def _demo_partners(self, rng):
        Partner = self.env["res.partner"]
        partners = Partner
        for index in range(28):
            female = index % 2
            name = "%s %s %s" % (
                rng.choice(FAMILY),
                rng.choice(MIDDLE_F if female else MIDDLE_M),
                rng.choice(GIVEN_F if female else GIVEN_M),
            )
            partners |= Partner.create(
                {
                    "name": name,
                    "onestop_id_number": "037%09d" % rng.randrange(10**9),
                    "phone": "09%08d" % rng.randrange(10**8),
                    "email": "congdan%02d@example.vn" % index,
                    "street": "Số %d đường %s" % (rng.randint(1, 200), rng.choice(STREETS)),
                    "city": "Ninh Bình",
                    "country_id": self.env.ref("base.vn").id,
                    "lang": "vi_VN",
                }
            )
        for index, name in enumerate(BUSINESSES):
            partners |= Partner.create(
                {
                    "name": name,
                    "is_company": True,
                    "onestop_id_number": "27%08d" % rng.randrange(10**8),
                    "phone": "0229%07d" % rng.randrange(10**7),
                    "email": "doanhnghiep%02d@example.vn" % index,
                    "street": "Số %d đường %s" % (rng.randint(1, 200), rng.choice(STREETS)),
                    "city": "Ninh Bình",
                    "country_id": self.env.ref("base.vn").id,
                    "lang": "vi_VN",
                }
            )
        return partners

    def _demo_moment(self, rng, working_time, day, latest):
        """A random working moment (naive UTC) on the last working day up to ``day`` and
        before ``latest``."""
        while True:
            sessions = working_time.sessions(day)
            if sessions:
                start, end = rng.choice(sessions)
                minutes = int((end - start).total_seconds() // 60)
                local = start + timedelta(minutes=rng.randrange(max(minutes - 5, 1)))
                moment = working_time._to_utc(local)
                if moment <= latest:
                    return moment
            day -= timedelta(days=1)

    def _demo_draft(self, rng, procedure, partner, index):
        departments = procedure.receiving_department_ids
        department = departments[index % len(departments)]
        channel = rng.choices(["in_person", "online", "postal"], [6, 3, 1])[0]
        if procedure.online_level == "none" and channel == "online":
            channel = "in_person"
        dossier = self.env["onestop.dossier"].create(
            {
                "procedure_id": procedure.id,
                "partner_id": partner.id,
                "channel": channel,
                "department_id": department.id,
                "user_id": self._demo_officer(department).id,
                "return_method": "postal"
                if channel == "postal"
                else rng.choice(["desk", "online"]),
                "priority": "1" if index % 9 == 0 else "0",
            }
        )
        dossier.document_line_ids.filtered("mandatory").is_submitted = True
        return dossier

    def _demo_officer(self, department):
        """The unit's reception officer (not an administrator who is also a member)."""
        officers = department.member_ids.filtered(
            lambda user: user.has_group("onestop_base.group_onestop_reception")
            and not user.has_group("base.group_system")
        )
        return officers[:1] or department.member_ids[:1]

    def _demo_received(self, rng, dossier, state):
        """When a demo dossier in ``state`` was received (False for a draft)."""
        if state == "draft":
            return False
        working_time = dossier._onestop_working_time()
        now = fields.Datetime.now()
        procedure = dossier.procedure_id
        limit_days = procedure.time_limit * (1 if procedure.time_unit == "working_days" else 0.7)
        ended = state in ("resolved", "returned", *CLOSED_STATES)
        back = int(limit_days * 1.6) + rng.randint(8, 90) if ended else rng.randint(0, 6)
        day = working_time.local_date(now - timedelta(days=back))
        return self._demo_moment(rng, working_time, day, now - timedelta(minutes=30))

    def _demo_working(self, rng, working_time, moment, latest):
        """``moment`` moved into office hours, where officers act (up to an hour and a half
        of working time later), unless that is after ``latest``."""
        snapped = working_time.add_working_hours(
            moment, rng.randint(0, 90) / 60.0, session_end=False
        )
        return snapped if snapped <= latest else min(moment, latest)

    def _demo_progress(self, rng, dossier, state, received, index):
        if state == "draft":
            if index % 2:
                dossier._onestop_close("refused", "Hồ sơ không thuộc thẩm quyền giải quyết.")
            return
        now = fields.Datetime.now()
        working_time = dossier._onestop_working_time()
        dossier._receive(when=received)
        dossier.with_context(onestop_action=True).write({"reception_user_id": dossier.user_id.id})
        if state == "received":
            return
        dossier.with_context(onestop_action=True).write({"state": "processing"})
        later = self._demo_working(
            rng, working_time, received + timedelta(hours=rng.randint(2, 20)), now
        )
        if state == "waiting_supplement" or (state == "returned" and index % 4 == 0):
            pause_at = min(later, now - timedelta(minutes=20))
            dossier._onestop_pause("Bổ sung bản sao giấy tờ chứng minh nơi cư trú.", when=pause_at)
            if state == "waiting_supplement":
                return
            later = self._demo_working(
                rng, working_time, pause_at + timedelta(days=rng.randint(1, 4)), now
            )
            dossier._onestop_resume(when=later)
        if state == "processing":
            return
        if state in CLOSED_STATES:
            reasons = {
                "refused": "Hồ sơ không đủ điều kiện giải quyết theo quy định.",
                "withdrawn": "Công dân đề nghị rút hồ sơ.",
                "stopped": "Dừng giải quyết theo đề nghị của cơ quan có thẩm quyền.",
            }
            dossier._onestop_close(state, reasons[state], when=min(later, now))
            return
        due = dossier.due_date
        timing = rng.choices(["early", "on_time", "late"], [4, 5, 1])[0]
        if timing == "early":
            resolved = max(later, due - timedelta(days=rng.randint(1, 3)))
        elif timing == "on_time":
            resolved = max(later, due - timedelta(hours=rng.randint(1, 5)))
        else:
            resolved = max(later, due + timedelta(days=rng.randint(1, 4)))
        # Never before the end of its pause (``later``), even when ``now`` is close to it.
        resolved = max(
            later,
            self._demo_working(rng, working_time, resolved, now - timedelta(minutes=10)),
        )
        dossier._onestop_resolve(when=resolved, note="Đã có kết quả giải quyết.")
        if state == "returned":
            returned = self._demo_working(
                rng, working_time, resolved + timedelta(hours=rng.randint(1, 48)), now
            )
            postal = dossier.return_method == "postal"
            dossier._onestop_return(
                when=returned, tracking_ref=postal and "EL%09dVN" % rng.randrange(10**9)
            )
