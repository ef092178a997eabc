"""Fill a OneStop database with N dossiers, and N ``project.task`` rows as the baseline.

Reference data (a province: its service centre, 8 departments, 30 communes with their desks
and units; 120 procedures with documents, fees and internal processes; about 250 officers)
is created through the ORM. The dossiers and everything that hangs on them (document and fee
lines, control-slip lines, pauses, deadline changes, apologies, inter-agency parts, the
units that see them, the reception message in the chatter, the applicants) are written in
bulk with ``COPY``, in batches, in the order they were received, then the sequences are reset
and the tables analysed.

Every fact is dated over the last two years and follows the rules of onestop_base and
onestop_workflow: the codes are ``{agency code}-{yyMMdd}-{serial}`` with the serial restarting
each day for each agency, in the order of reception; the appointment dates are the working-day
deadlines of the agency's calendar (holidays and make-up days included; checked against
``WorkingTime`` on a sample); pauses push them by the working time paused; the result timing,
the stage, the open control-slip line and the statistics' stored durations agree with the
dates. Proportions: channels 60 / 30 / 10 (in person, online, postal), 10 % paused once, 5 %
rescheduled after an apology, 2 % with an inter-agency part, 6 % ended without a result,
0.5 % refused at intake, a few drafts; among the results 65 % early, 25 % on time, 10 % late.
"""

import bisect
import io
import json
import random
import secrets
import time
from datetime import datetime, timedelta
from types import SimpleNamespace

from odoo import SUPERUSER_ID, Command, api, fields

# Dossiers generated per COPY batch.
BATCH = 20000
# ir.config_parameter that records what the database holds.
MARKER = "onestop.bench.generated"
PASSWORD_LOGINS = ("bench_manager", "bench_desk_province", "bench_project_user")

FAMILY = "Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đinh Trịnh".split()
MIDDLE = "Văn Thị Hữu Đức Minh Thanh Ngọc Quang Thu Xuân Hoài Kim Gia Bảo Anh".split()
GIVEN = (
    "An Bình Cường Dũng Giang Hà Hải Hạnh Hiếu Hoa Hùng Hương Khánh Lan Linh Long Mai Minh "
    "Nam Nga Nhung Phương Quân Sơn Tâm Thảo Thắng Trang Tuấn Việt Yến Đạt Hòa Lộc Vinh"
).split()
STREETS = (
    "Trần Hưng Đạo, Lê Lợi, Nguyễn Huệ, Hai Bà Trưng, Lý Thường Kiệt, Quang Trung, "
    "Phan Đình Phùng, Hoàng Diệu, Điện Biên Phủ, Nguyễn Trãi"
).split(", ")
COMMUNE_PROCEDURES = [
    "Đăng ký khai sinh",
    "Đăng ký kết hôn",
    "Đăng ký khai tử",
    "Chứng thực bản sao từ bản chính",
    "Chứng thực chữ ký",
    "Cấp bản sao trích lục hộ tịch",
    "Xác nhận tình trạng hôn nhân",
    "Đăng ký thường trú",
    "Đăng ký hộ kinh doanh",
    "Cấp giấy phép xây dựng nhà ở riêng lẻ",
    "Đăng ký biến động đất đai",
    "Hỗ trợ chi phí mai táng",
    "Trợ cấp xã hội hằng tháng",
    "Đăng ký nhận cha, mẹ, con",
    "Thay đổi, cải chính hộ tịch",
]
PROVINCE_PROCEDURES = [
    "Cấp giấy chứng nhận quyền sử dụng đất",
    "Cấp giấy phép lái xe",
    "Đăng ký doanh nghiệp",
    "Cấp phiếu lý lịch tư pháp",
    "Cấp giấy phép kinh doanh rượu",
    "Cấp chứng chỉ hành nghề",
    "Thẩm định thiết kế cơ sở",
    "Cấp giấy phép lao động cho người nước ngoài",
    "Công nhận trường đạt chuẩn",
    "Cấp giấy phép môi trường",
    "Phê duyệt đề án khai thác nước",
    "Cấp giấy chứng nhận đủ điều kiện an toàn thực phẩm",
    "Đăng ký xe",
    "Cấp thẻ bảo hiểm y tế",
    "Cấp giấy phép quảng cáo",
]
FIELDS = [
    "Hộ tịch",
    "Chứng thực",
    "Đất đai",
    "Xây dựng",
    "Kinh doanh",
    "Lao động",
    "Bảo trợ xã hội",
    "Tư pháp",
    "Giáo dục",
    "Môi trường",
    "Giao thông",
    "Y tế",
]
DEPARTMENT_NAMES = [
    "Sở Tư pháp",
    "Sở Tài nguyên và Môi trường",
    "Sở Xây dựng",
    "Sở Kế hoạch và Đầu tư",
    "Sở Lao động",
    "Sở Giao thông vận tải",
    "Sở Y tế",
    "Sở Giáo dục và Đào tạo",
]
TASK_STAGES = [
    ("Tiếp nhận", False),
    ("Thẩm định", False),
    ("Xem xét", False),
    ("Ký duyệt", False),
    ("Chờ bổ sung", False),
    ("Có kết quả", False),
    ("Đã trả", True),
    ("Kết thúc", True),
]
# Dossier state -> (task stage index, task state).
TASK_STATE = {
    "draft": (0, "01_in_progress"),
    "received": (0, "01_in_progress"),
    "processing": (1, "01_in_progress"),
    "waiting_supplement": (4, "04_waiting_normal"),
    "resolved": (5, "03_approved"),
    "returned": (6, "1_done"),
    "refused": (7, "1_canceled"),
    "withdrawn": (7, "1_canceled"),
    "stopped": (7, "1_canceled"),
}
# The tables the generator writes (the benchmark vacuums them afterwards).
TABLES = (
    "onestop_dossier",
    "onestop_dossier_step",
    "onestop_dossier_document",
    "onestop_dossier_department_rel",
    "onestop_dossier_pause",
    "onestop_dossier_deadline",
    "onestop_dossier_apology",
    "onestop_dossier_fee",
    "onestop_dossier_sequence",
    "onestop_dossier_rating",
    "mail_message",
    "res_partner",
    "project_task",
    "project_task_user_rel",
)
END_EVENTS = {
    "refused": ("refusal", "Từ chối"),
    "withdrawn": ("withdrawal", "Rút hồ sơ"),
    "stopped": ("stop", "Dừng giải quyết"),
}
DOSSIER_COLUMNS = (
    "id name procedure_id field_id partner_id channel department_id company_id user_id "
    "reception_user_id parent_id state received_date due_date initial_due_date resolved_date "
    "returned_date ended_date end_reason time_limit time_unit cutoff_hour result_timing "
    "paused_hours fee_total fee_paid is_digitised return_method return_address "
    "postal_tracking_ref tracking_token priority active color process_id stage_id "
    "current_step_id process_step_id current_department_id step_due_date apology_count "
    "rescheduled waiting_children children_progress transfer_note overdue_flag "
    "report_working_days report_days_late report_paused_days result_note online_level "
    "due_changed_date first_pause_date submitted_date applicant_action_required "
    "intake_request_pending "
    "create_uid write_uid create_date write_date"
).split()
STEP_COLUMNS = (
    "id dossier_id company_id process_step_id sequence name kind user_from_id user_to_id "
    "department_from_id department_to_id date_start date_due date_end result paused_hours "
    "note is_turn overdue reminder_sent head_notified create_uid write_uid create_date write_date"
).split()
TASK_COLUMNS = (
    "id name project_id stage_id partner_id company_id state priority sequence active "
    "display_in_project date_deadline date_last_stage_update date_assign date_end "
    "allocated_hours create_uid write_uid create_date write_date"
).split()


def _cell(value):
    if value is None:
        return "\\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, str):
        return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")
    return str(value)


class Table:
    """Rows of one table waiting for COPY. Columns that the table does not have (a field of
    an addon that is not installed) are left out."""

    def __init__(self, name, columns, existing=None):
        self.name = name
        keep = [i for i, column in enumerate(columns) if existing is None or column in existing]
        self.keep = None if len(keep) == len(columns) else keep
        self.columns = [columns[i] for i in keep]
        self.buffer = io.StringIO()
        self.count = 0
        self.total = 0

    def add(self, values):
        if self.keep is not None:
            values = [values[i] for i in self.keep]
        self.buffer.write("\t".join(map(_cell, values)))
        self.buffer.write("\n")
        self.count += 1

    def flush(self, cr):
        if not self.count:
            return
        self.buffer.seek(0)
        cr._obj.copy_expert(
            "COPY %s (%s) FROM STDIN" % (self.name, ", ".join(self.columns)), self.buffer
        )
        self.total += self.count
        self.buffer = io.StringIO()
        self.count = 0


class Clock:
    """The agency's working time as a line: ``pos(t)`` is the working time (hours) from an
    origin to ``t``, ``at(p)`` the instant where it reaches ``p``. Built from
    ``WorkingTime.sessions`` over the whole range, so that millions of deadlines cost a
    bisection each; ``check()`` compares it with ``WorkingTime`` on a sample."""

    def __init__(self, working_time, first_day, last_day):
        self.wt = working_time
        self.hours_per_day = working_time.hours_per_day
        starts, ends, cum = [], [], []
        total = 0.0
        day = first_day
        while day <= last_day:
            for start, end in working_time.sessions(day):
                start, end = working_time._to_utc(start), working_time._to_utc(end)
                starts.append(start)
                ends.append(end)
                cum.append(total)
                total += (end - start).total_seconds() / 3600.0
            day += timedelta(days=1)
        self.starts, self.ends, self.cum = starts, ends, cum
        self.cum_end = [
            c + (e - s).total_seconds() / 3600.0 for c, s, e in zip(cum, starts, ends, strict=False)
        ]
        self.total = total
        offsets = {
            working_time.tz.utcoffset(datetime(year, month, 1))
            for year in (2024, 2025)
            for month in (1, 7)
        }
        if len(offsets) != 1:
            raise ValueError("the generator assumes a time zone without daylight saving time")
        self.offset = offsets.pop()

    def pos(self, moment):
        index = bisect.bisect_right(self.starts, moment) - 1
        if index < 0:
            return 0.0
        if moment >= self.ends[index]:
            return self.cum_end[index]
        return self.cum[index] + (moment - self.starts[index]).total_seconds() / 3600.0

    def at(self, position, session_end=False):
        index = min(bisect.bisect_left(self.cum_end, position - 1e-7), len(self.cum_end) - 1)
        if session_end:
            return self.ends[index]
        offset = max(position - self.cum[index], 0.0)
        moment = self.starts[index] + timedelta(seconds=round(offset * 3600))
        return min(moment, self.ends[index])

    def local_date(self, moment):
        return (moment + self.offset).date()

    def timing(self, end, due):
        if end > due:
            return "late"
        return "early" if self.local_date(end) < self.local_date(due) else "on_time"

    def start_point(self, received, cutoff):
        return self.wt.start_point(received, cutoff)

    def deadline(self, received, amount, unit, cutoff):
        if unit != "working_days":
            return self.wt.deadline(received, amount, unit, cutoff)
        start = self.start_point(received, cutoff)
        return self.at(self.pos(start) + amount * self.hours_per_day, session_end=True)

    def check(self, rnd, low, high, samples=500):
        """Compare with WorkingTime on random receptions between positions low and high."""
        for _index in range(samples):
            received = self.at(rnd.uniform(low, high))
            amount = rnd.choice((1, 2, 3, 5, 7, 10, 15, 20))
            cutoff = rnd.choice((15.0, 16.0, None))
            mine = self.deadline(received, amount, "working_days", cutoff)
            theirs = self.wt.deadline(received, amount, "working_days", cutoff)
            if mine != theirs:
                raise AssertionError(
                    "clock and WorkingTime disagree for %s + %s days: %s != %s"
                    % (received, amount, mine, theirs)
                )
            hours = rnd.uniform(0.5, 40)
            mine = self.at(self.pos(received) + hours)
            theirs = self.wt.add_working_hours(received, hours, session_end=False)
            if abs((mine - theirs).total_seconds()) > 1:
                raise AssertionError(
                    "clock and WorkingTime disagree on %s + %sh: %s != %s"
                    % (received, hours, mine, theirs)
                )


def _weights(count, skew):
    return [1.0 / (rank + 1) ** skew for rank in range(count)]


class Generator:
    """``Generator(env, n).run()``; ``env`` is a superuser environment."""

    def __init__(self, env, n, seed=20261122, now=None, log=print, tasks=True):
        self.env = env(
            user=SUPERUSER_ID,
            context={
                "tracking_disable": True,
                "mail_create_nolog": True,
                "mail_notrack": True,
                "no_reset_password": True,
            },
        )
        self.cr = env.cr
        self.n = n
        self.rnd = random.Random(seed)
        self.now = (now or fields.Datetime.now()).replace(microsecond=0)
        self.log = log
        self.with_tasks = tasks and "project.task" in env

    # ------------------------------------------------------------------ entry point
    def run(self):
        started = time.perf_counter()
        self.reference_data()
        self.log("  reference data in %.1f s" % (time.perf_counter() - started))
        self.generate()
        self.finish()
        self.log("  generated in %.1f s" % (time.perf_counter() - started))
        return self.summary

    # ------------------------------------------------------------------ reference data
    def _user(self, login, name, groups, departments=(), password=False):
        vals = {
            "login": login,
            "name": name,
            "email": "%s@bench.example.vn" % login,
            "groups_id": [Command.set([self.env.ref(xmlid).id for xmlid in groups])],
            "onestop_department_ids": [Command.set([d.id for d in departments])],
            "tz": "Asia/Ho_Chi_Minh",
        }
        if self.env["res.lang"]._lang_get("vi_VN"):
            vals["lang"] = "vi_VN"
        if password:
            vals["password"] = login
        return vals

    def reference_data(self):
        env = self.env
        Department = env["onestop.department"]
        commune_level = env.ref("onestop_base.admin_level_commune")
        province_level = env.ref("onestop_base.admin_level_province")
        province = Department.create(
            {
                "name": "UBND tỉnh Thử Tải",
                "kind": "agency",
                "code": "000.00.00.B99",
                "admin_level_id": province_level.id,
            }
        )
        centre = Department.create(
            {
                "name": "Trung tâm Phục vụ hành chính công tỉnh",
                "kind": "desk",
                "parent_id": province.id,
            }
        )
        agencies = Department.create(
            [
                {
                    "name": name,
                    "kind": "agency",
                    "parent_id": province.id,
                    "code": "000.%02d.00.B99" % (index + 1),
                    "admin_level_id": province_level.id,
                }
                for index, name in enumerate(DEPARTMENT_NAMES)
            ]
        )
        communes = Department.create(
            [
                {
                    "name": "UBND xã Thử Tải %02d" % (index + 1),
                    "kind": "agency",
                    "parent_id": province.id,
                    "code": "000.00.%02d.B98" % (index + 1),
                    "admin_level_id": commune_level.id,
                }
                for index in range(30)
            ]
        )
        units = {}
        for agency in agencies:
            units[agency.id] = Department.create(
                [
                    {"name": "Phòng Nghiệp vụ %d" % k, "kind": "unit", "parent_id": agency.id}
                    for k in (1, 2)
                ]
            )
        desks = {}
        for commune in communes:
            desks[commune.id] = Department.create(
                {"name": "Bộ phận Một cửa", "kind": "desk", "parent_id": commune.id}
            )
            units[commune.id] = Department.create(
                [
                    {"name": "Tư pháp - Hộ tịch", "kind": "unit", "parent_id": commune.id},
                    {"name": "Địa chính - Xây dựng", "kind": "unit", "parent_id": commune.id},
                ]
            )

        # Officers: two per commune desk, four at the centre; a specialist and a head per
        # unit; a leader per agency; managers for the province.
        group = "onestop_base.group_onestop_%s"
        vals = []
        for index in range(4):
            login = "bench_desk_province" if index == 0 else "bench_desk_province_%d" % index
            vals.append(
                self._user(
                    login,
                    "Cán bộ một cửa tỉnh %d" % (index + 1),
                    [group % "reception"],
                    [centre],
                    login in PASSWORD_LOGINS,
                )
            )
        for commune in communes:
            for k in (1, 2):
                vals.append(
                    self._user(
                        "bench_desk_%d_%d" % (commune.id, k),
                        "Cán bộ một cửa %s (%d)" % (commune.name, k),
                        [group % "reception"],
                        [desks[commune.id]],
                    )
                )
        for agency_units in units.values():
            for unit in agency_units:
                vals.append(
                    self._user(
                        "bench_specialist_%d" % unit.id,
                        "Chuyên viên %s" % unit.complete_name,
                        [group % "specialist"],
                        [unit],
                    )
                )
                vals.append(
                    self._user(
                        "bench_head_%d" % unit.id,
                        "Trưởng phòng %s" % unit.complete_name,
                        [group % "head"],
                        [unit],
                    )
                )
        for agency in province | agencies | communes:
            vals.append(
                self._user(
                    "bench_leader_%d" % agency.id,
                    "Lãnh đạo %s" % agency.name,
                    [group % "leader"],
                    [agency],
                )
            )
        vals.append(self._user("bench_manager", "Quản lý tỉnh", [group % "manager"], [], True))
        if self.with_tasks:
            project_groups = ["project.group_project_user"]
            vals.append(
                self._user("bench_project_user", "Người dùng dự án", project_groups, [], True)
            )
            vals.append(
                self._user(
                    "bench_project_manager",
                    "Quản lý dự án",
                    ["project.group_project_manager"],
                )
            )
        users = env["res.users"].create(vals)
        by_login = {user.login: user for user in users}
        for unit_list in units.values():
            for unit in unit_list:
                unit.head_id = by_login["bench_head_%d" % unit.id]
        for agency in province | agencies | communes:
            agency.head_id = by_login["bench_leader_%d" % agency.id]

        # What the bulk part needs, as plain values.
        self.company_id = env.company.id
        self.centre = centre
        self.province = province
        self.communes = communes
        self.agencies = agencies
        self.desk_of = {c.id: desks[c.id].id for c in communes}
        self.units = {agency_id: unit_list.ids for agency_id, unit_list in units.items()}
        self.users = by_login
        self.agency_code = {a.id: a.code for a in province | agencies | communes}
        self._procedures(province_level, commune_level, centre, agencies, communes, desks, units)
        if self.with_tasks:
            self._project_reference()

    def _procedures(self, province_level, commune_level, centre, agencies, communes, desks, units):
        """120 procedures with documents, fees and an internal process each."""
        env = self.env
        group = "onestop_base.group_onestop_%s"
        fields_ = env["onestop.procedure.field"].create([{"name": name} for name in FIELDS])
        rnd = self.rnd
        procedures = []
        stage = {
            name: env.ref("onestop_workflow.stage_%s" % name)
            for name in (
                "received",
                "appraisal",
                "review",
                "signature",
                "supplement",
                "resolved",
                "returned",
                "refused",
                "withdrawn",
                "stopped",
            )
        }
        for level, names, count in (
            ("commune", COMMUNE_PROCEDURES, 60),
            ("province", PROVINCE_PROCEDURES, 60),
        ):
            for index in range(count):
                base = names[index % len(names)]
                limit = (
                    rnd.choice((1, 1, 2, 3, 3, 5, 5, 7, 10))
                    if level == "commune"
                    else rnd.choice((3, 5, 7, 10, 10, 15, 15, 20, 30))
                )
                online = rnd.choices(("full", "partial", "none"), (4, 3, 3))[0]
                competent = agencies[index % len(agencies)] if level == "province" else False
                documents = [
                    Command.create(
                        {
                            "name": "Giấy tờ %d" % (k + 1) if k else "Tờ khai",
                            "mandatory": k < 2,
                            "originals": 1,
                            "copies": k % 2,
                            "sequence": k,
                        }
                    )
                    for k in range(rnd.randint(2, 6))
                ]
                fees = (
                    [Command.create({"name": "Lệ phí", "amount": rnd.choice((8, 20, 50)) * 1000})]
                    if rnd.random() < 0.4
                    else []
                )
                procedures.append(
                    {
                        "name": "%s (%s %d)"
                        % (base, "xã" if level == "commune" else "tỉnh", index),
                        "code": "9.%06d" % (len(procedures) + 1),
                        "field_id": fields_[index % len(fields_)].id,
                        "level_id": (commune_level if level == "commune" else province_level).id,
                        "competent_department_id": competent.id if competent else False,
                        "receiving_department_ids": [
                            Command.set(
                                [centre.id]
                                if level == "province"
                                else [desks[c.id].id for c in communes]
                            )
                        ],
                        "time_limit": limit,
                        "time_unit": "calendar_days" if rnd.random() < 0.1 else "working_days",
                        "time_limit_online": max(1, limit - 1)
                        if online == "full" and limit > 3 and rnd.random() < 0.3
                        else 0,
                        "cutoff_hour": 15.0,
                        "online_level": online,
                        "document_ids": documents,
                        "fee_ids": fees,
                    }
                )
        procedures = env["onestop.procedure"].create(procedures)
        processes = []
        for procedure in procedures:
            hours = procedure._onestop_limit_hours() * 0.9
            competent = procedure.competent_department_id
            unit = units[competent.id][0] if competent else False
            spec = [
                ("Tiếp nhận", "reception", "received", False, False, 0.1),
                ("Thẩm định", "processing", "appraisal", unit, "specialist", 0.5),
                ("Xem xét", "approval", "review", unit, "head", 0.15),
                ("Ký duyệt", "signature", "signature", competent, "leader", 0.15),
                ("Trả kết quả", "return", "resolved", False, False, 0.1),
            ]
            processes.append(
                {
                    "name": "Quy trình %s" % procedure.code,
                    "procedure_id": procedure.id,
                    "step_ids": [
                        Command.create(
                            {
                                "sequence": 10 * (k + 1),
                                "name": name,
                                "kind": kind,
                                "stage_id": stage[stage_name].id,
                                "department_id": department.id if department else False,
                                "group_id": env.ref(group % grp).id if grp else False,
                                "allowance": round(max(hours * share, 0.25), 2),
                            }
                        )
                        for k, (name, kind, stage_name, department, grp, share) in enumerate(spec)
                    ],
                }
            )
        env["onestop.process"].create(processes)
        env.flush_all()

        # What the bulk part needs, as plain values.
        self.stage = {name: record.id for name, record in stage.items()}
        self.procedures = []
        for procedure in procedures:
            steps = procedure.process_id.step_ids.sorted("sequence")
            self.procedures.append(
                {
                    "id": procedure.id,
                    "field_id": procedure.field_id.id,
                    "level": "province" if procedure.competent_department_id else "commune",
                    "competent": procedure.competent_department_id.id,
                    "limit": procedure.time_limit,
                    "limit_online": procedure.time_limit_online,
                    "unit": procedure.time_unit,
                    "cutoff": procedure.cutoff_hour,
                    "online": procedure.online_level != "none",
                    "online_level": procedure.online_level,
                    "process_id": procedure.process_id.id,
                    "steps": [(s.id, s.name, s.allowance_hours) for s in steps],
                    "documents": [
                        (d.id, d.sequence, d.name, d.mandatory, d.originals, d.copies)
                        for d in procedure.document_ids
                    ],
                    "fees": [(f.sequence, f.name, f.amount) for f in procedure.fee_ids],
                }
            )

    def _project_reference(self):
        env = self.env
        stages = env["project.task.type"].create(
            [
                {"name": name, "sequence": index, "fold": fold}
                for index, (name, fold) in enumerate(TASK_STAGES)
            ]
        )
        desks = [self.centre.id] + [self.desk_of[c.id] for c in self.communes]
        projects = env["project.project"].create(
            [
                {
                    "name": "Dự án %02d" % index,
                    "privacy_visibility": "employees",
                    "type_ids": [Command.set(stages.ids)],
                }
                for index in range(len(desks))
            ]
        )
        self.task_stages = stages.ids
        self.project_of_desk = dict(zip(desks, projects.ids, strict=False))
        self.project_user = self.users["bench_project_user"].id

    # ------------------------------------------------------------------ dossiers
    def _allocate(self, sequence, count):
        """Reserve ``count`` ids of ``sequence``; the first one is returned."""
        self.cr.execute("SELECT nextval(%s)", [sequence])
        first = self.cr.fetchone()[0]
        if count > 1:
            self.cr.execute("SELECT setval(%s, %s)", [sequence, first + count - 1])
        return first

    def _partners(self, count):
        self.log("  %d applicants..." % count)
        first = self._allocate("res_partner_id_seq", count)
        table = Table(
            "res_partner",
            "id name complete_name type active is_company commercial_partner_id lang tz "
            "email phone street city onestop_id_number partner_share company_id "
            "create_uid write_uid create_date write_date".split(),
        )
        rnd = self.rnd
        now = self.now
        lang = "vi_VN" if self.env["res.lang"]._lang_get("vi_VN") else "en_US"
        for index in range(count):
            partner_id = first + index
            name = "%s %s %s" % (rnd.choice(FAMILY), rnd.choice(MIDDLE), rnd.choice(GIVEN))
            table.add(
                (
                    partner_id,
                    name,
                    name,
                    "contact",
                    True,
                    False,
                    partner_id,
                    lang,
                    "Asia/Ho_Chi_Minh",
                    "cd%d@bench.example.vn" % partner_id if rnd.random() < 0.4 else None,
                    "09%08d" % rnd.randrange(10**8),
                    "Số %d, đường %s" % (rnd.randint(1, 300), rnd.choice(STREETS)),
                    "Thử Tải",
                    "0%011d" % rnd.randrange(10**11),
                    True,
                    None,
                    1,
                    1,
                    now,
                    now,
                )
            )
            if table.count >= BATCH:
                table.flush(self.cr)
        table.flush(self.cr)
        return first, count

    def generate(self):
        env, cr, rnd, now = self.env, self.cr, self.rnd, self.now
        calendar = env.ref("onestop_base.calendar_vn_admin")
        working_time = calendar._onestop_working_time()
        start_day = (now - timedelta(days=2 * 365 + 20)).date()
        clock = Clock(working_time, start_day, (now + timedelta(days=3 * 365)).date())
        self.clock = clock
        p_now = clock.pos(now)
        p_low = clock.pos(now - timedelta(days=2 * 365))
        clock.check(rnd, p_low, p_now)
        self.log("  working-time clock checked against WorkingTime")

        n = self.n
        n_children = int(n * 0.02)
        n_parents = n - n_children
        partner_first, partner_count = self._partners(max(200, int(n * 0.7)))
        # Receptions spread over the working time of the last two years, in order.
        positions = sorted(rnd.uniform(p_low, p_now - 0.02) for _i in range(n_parents))
        child_candidates = set(rnd.sample(range(n_parents), n_children)) if n_children else set()

        self.tables = {
            "dossier": Table("onestop_dossier", DOSSIER_COLUMNS, self._columns("onestop_dossier")),
            "rel": Table("onestop_dossier_department_rel", ["dossier_id", "department_id"]),
            "document": Table(
                "onestop_dossier_document",
                "dossier_id procedure_document_id sequence name mandatory originals copies "
                "is_submitted create_uid write_uid create_date write_date".split(),
            ),
            "fee": Table(
                "onestop_dossier_fee",
                "dossier_id sequence name amount create_uid write_uid create_date "
                "write_date".split(),
            ),
            "step": Table("onestop_dossier_step", STEP_COLUMNS),
            "pause": Table(
                "onestop_dossier_pause",
                "id dossier_id user_id state_before reason date_start date_end working_hours "
                "create_uid write_uid create_date write_date".split(),
            ),
            "deadline": Table(
                "onestop_dossier_deadline",
                "dossier_id pause_id user_id kind reason date due_before due_after "
                "create_uid write_uid create_date write_date".split(),
            ),
            "apology": Table(
                "onestop_dossier_apology",
                "dossier_id company_id user_id state reason is_proposal due_before "
                "new_due_date date create_uid write_uid create_date write_date".split(),
            ),
            "rating": Table(
                "onestop_dossier_rating",
                "dossier_id partner_id department_id procedure_id company_id visits overall "
                "on_time attitude channel satisfied date create_uid write_uid create_date "
                "write_date".split(),
                self._columns("onestop_dossier_rating"),
            ),
            "message": Table(
                "mail_message",
                "model res_id message_type subtype_id author_id body date record_company_id "
                "is_internal create_uid write_uid create_date write_date".split(),
            ),
        }
        if self.with_tasks:
            self.tables["task"] = Table("project_task", TASK_COLUMNS)
            self.tables["task_user"] = Table(
                "project_task_user_rel",
                "task_id user_id create_uid write_uid create_date write_date".split(),
            )
            self.tables["task_message"] = Table(
                "mail_message",
                "model res_id message_type subtype_id author_id body date record_company_id "
                "is_internal create_uid write_uid create_date write_date".split(),
            )
        self.subtype_received = env.ref("onestop_base.mt_dossier_received").id
        self.subtype_note = env.ref("mail.mt_note").id
        self.serials = {}
        self.open_lines = []
        self.counts = dict.fromkeys(
            (
                "dossiers",
                "children",
                "drafts",
                "refused_at_intake",
                "paused",
                "rescheduled",
                "open",
                "overdue",
            ),
            0,
        )
        # Where dossiers are received: the provincial centre gets 30 %; the communes share the
        # rest, the bigger ones more.
        commune_weights = _weights(len(self.communes), 0.6)
        scale = 0.7 / sum(commune_weights)
        self.desk_choices = [(self.centre.id, self.province.id, None)] + [
            (self.desk_of[c.id], c.id, c.id) for c in self.communes
        ]
        self.desk_weights = [0.3] + [w * scale for w in commune_weights]
        by_level = {"province": [], "commune": []}
        for procedure in self.procedures:
            by_level[procedure["level"]].append(procedure)
        self.by_level = by_level
        self.level_weights = {level: _weights(len(items), 1.0) for level, items in by_level.items()}
        self.desk_officers = {}
        for user in self.users.values():
            for department in user.onestop_department_ids:
                self.desk_officers.setdefault(department.id, []).append(user.id)
        self.province_leader = self.users["bench_leader_%d" % self.province.id].id

        ids = {
            "dossier": self._allocate("onestop_dossier_id_seq", n + 10),
            "step": None,
            "pause": None,
            "task": self._allocate("project_task_id_seq", n + 10) if self.with_tasks else None,
        }
        self.next_dossier = ids["dossier"]
        self.next_task = ids["task"]
        started = time.perf_counter()
        owed = 0
        for batch_start in range(0, n_parents, BATCH):
            batch = positions[batch_start : batch_start + BATCH]
            # Ids of lines and pauses, reserved for the batch (a dossier points at its open
            # line).
            self.next_step = self._allocate("onestop_dossier_step_id_seq", len(batch) * 20)
            self.next_pause = self._allocate("onestop_dossier_pause_id_seq", len(batch) * 2)
            for offset, position in enumerate(batch):
                index = batch_start + offset
                # A candidate for an inter-agency part that cannot have one (received too
                # late to be in appraisal, or drafted) passes it to the next dossier.
                candidate = index in child_candidates
                before = self.counts["children"]
                self._dossier(
                    position,
                    p_now,
                    partner_first + rnd.randrange(partner_count),
                    candidate or owed > 0,
                    draft=p_now - position < 16 and rnd.random() < 0.15,
                )
                made = self.counts["children"] - before
                owed += (1 if candidate else 0) - made
            for table in self.tables.values():
                table.flush(cr)
            self._link_open_lines()
            done = min(batch_start + BATCH, n_parents)
            self.log(
                "  %9d dossiers (%d%%) in %.0f s"
                % (self.counts["dossiers"], 100 * done // n_parents, time.perf_counter() - started)
            )
        self.partner_count = partner_count

    def _columns(self, table):
        self.cr.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = %s", [table]
        )
        return {row[0] for row in self.cr.fetchall()}

    def _link_open_lines(self):
        """Point the dossiers at their open control-slip line: the two tables reference each
        other, so the dossiers are written first and linked when the lines exist."""
        if not self.open_lines:
            return
        cr = self.cr
        cr.execute("CREATE TEMP TABLE IF NOT EXISTS bench_open_line (dossier_id int, step_id int)")
        rows = io.StringIO("".join("%d\t%d\n" % pair for pair in self.open_lines))
        cr._obj.copy_expert("COPY bench_open_line FROM STDIN", rows)
        cr.execute(
            "UPDATE onestop_dossier d SET current_step_id = o.step_id FROM bench_open_line o "
            "WHERE d.id = o.dossier_id"
        )
        cr.execute("TRUNCATE bench_open_line")
        self.open_lines = []

    # ------------------------------------------------------------------ one dossier
    def _next_code(self, agency_id, received):
        code = self.agency_code[agency_id]
        day = self.clock.local_date(received)
        key = (code, day)
        serial = self.serials.get(key, 0) + 1
        self.serials[key] = serial
        return "%s-%s-%04d" % (code, day.strftime("%y%m%d"), serial)

    def _dossier(self, p_rec, p_now, partner_id, wants_child, draft=False):
        """One dossier received at the working-time position ``p_rec``, and all that hangs on
        it, as known at ``p_now``."""
        rnd = self.rnd
        d = SimpleNamespace(p_rec=p_rec, p_now=p_now, partner_id=partner_id)
        d.desk_id, d.agency_id, commune_id = rnd.choices(self.desk_choices, self.desk_weights)[0]
        level = "commune" if commune_id else "province"
        d.procedure = procedure = rnd.choices(self.by_level[level], self.level_weights[level])[0]
        r = rnd.random()
        d.channel = "in_person" if r < 0.6 else "online" if r < 0.9 else "postal"
        if d.channel == "online" and not procedure["online"]:
            d.channel = "in_person"
        officers = self.desk_officers[d.desk_id]
        d.officer = officers[0] if rnd.random() < 0.5 else rnd.choice(officers)
        if commune_id:
            d.unit_id = self.units[commune_id][0 if procedure["field_id"] % 2 else 1]
            d.leader_agency = commune_id
        else:
            d.unit_id = self.units[procedure["competent"]][0]
            d.leader_agency = procedure["competent"]
        d.commune_id = commune_id
        d.received = self.clock.at(p_rec)
        d.id = self.next_dossier
        self.next_dossier += 1
        self.counts["dossiers"] += 1
        if r < 0.5 and d.channel == "in_person" and rnd.random() < 0.01:
            return self._draft(d, refused=True)
        if draft:
            return self._draft(d)
        self._plan(d)
        self._facts(d)
        lines, current = self._turns(d)
        self._events(d, lines, current)
        self._outcome(d, lines, current)
        d.child = None
        if wants_child and len(d.bounds) > 1 and d.bounds[1] + 0.5 < min(d.p_end, p_now):
            d.child = self._child_plan(d)
            if d.child:
                lines.append((d.child["p_transfer"], d.child["transfer_line"]))
        self._write(d, lines)
        if d.child:
            self._child_rows(d)

    def _plan(self, d):
        """Deadline, a pause for a supplement, an apology with a new date, and the end: a
        result early, on time or late, or an end without one."""
        rnd, clock = self.rnd, self.clock
        procedure = d.procedure
        d.limit = procedure["limit"]
        if d.channel == "online" and procedure["limit_online"]:
            d.limit = procedure["limit_online"]
        d.unit, d.cutoff = procedure["unit"], procedure["cutoff"]
        d.due0 = clock.deadline(d.received, d.limit, d.unit, d.cutoff)
        p_due0 = clock.pos(d.due0)
        available = max(p_due0 - d.p_rec, 1.0)
        d.paused = rnd.random() < 0.10
        d.p_ps = d.p_pe = None
        d.plen = 0.0
        if d.paused:
            d.p_ps = d.p_rec + rnd.uniform(0.1, 0.5) * available
            d.plen = round(rnd.uniform(4.0, 40.0), 2)
            d.p_pe = d.p_ps + d.plen
        p_due1 = p_due0 + d.plen if d.paused else p_due0
        d.due1 = clock.at(p_due1, session_end=True) if d.paused else d.due0
        p_due1 = clock.pos(d.due1)
        r = rnd.random()
        d.kind = (
            "refused"
            if r < 0.03
            else "withdrawn"
            if r < 0.05
            else "stopped"
            if r < 0.06
            else "resolved"
        )
        d.rescheduled = rnd.random() < 0.05
        d.p_rs = d.due2 = None
        if d.rescheduled:
            d.p_rs = p_due1 - rnd.uniform(8.0, 16.0)
            if d.p_rs < d.p_rec + 1 or (d.paused and d.p_rs < d.p_pe + 0.5):
                d.rescheduled = False
            else:
                d.due2 = clock.at(p_due1 + rnd.choice((8, 16, 24)), session_end=True)
        d.due_final = d.due2 if d.rescheduled else d.due1
        d.p_final = clock.pos(d.due_final)
        floor = max(
            d.p_rec + 1.0,
            (d.p_pe + 0.5) if d.paused else 0,
            (d.p_rs + 0.5) if d.rescheduled else 0,
        )
        if d.kind == "resolved":
            r = rnd.random()
            if r < 0.65:
                p_end = d.p_final - rnd.uniform(8.0, max(8.5, 0.7 * available))
            elif r < 0.90:
                p_end = d.p_final - rnd.uniform(0.05, 2.5)
            else:
                p_end = d.p_final + rnd.uniform(1.0, 60.0)
        else:
            p_end = d.p_rec + rnd.uniform(1.0, max(2.0, 0.5 * available))
        d.p_end = max(p_end, floor)
        if d.paused and d.p_ps >= d.p_end:
            d.paused, d.plen = False, 0.0
        if d.rescheduled and d.p_rs >= d.p_end:
            d.rescheduled, d.due_final = False, d.due1
        d.ended = d.p_end <= d.p_now
        d.end = clock.at(d.p_end)

    def _facts(self, d):
        """What has happened by now, and the due date in force."""
        d.pause_started = d.paused and d.p_ps <= d.p_now
        d.pause_done = d.paused and d.p_pe <= d.p_now
        d.resched_done = d.rescheduled and d.p_rs <= d.p_now
        p_state = min(d.p_now, d.p_end)
        d.due = d.due0
        if d.pause_done and d.p_pe <= p_state:
            d.due = d.due1
        if d.resched_done and d.p_rs <= p_state:
            d.due = d.due2
        d.paused_hours = d.plen if d.pause_done else 0.0

    def _turns(self, d):
        """The turns of reception, appraisal, review and signature: they share the time to
        the result in proportion to their allowances; the pause sits inside one of them."""
        clock = self.clock
        steps = d.procedure["steps"]
        allowances = [step[2] for step in steps[:4]]
        share = sum(allowances) or 1.0
        span = (
            (d.p_end - d.p_rec - d.plen)
            if d.kind == "resolved"
            else max(d.p_final - d.p_rec - d.plen, 1.0) * 0.9
        )
        d.bounds, acc = [], 0.0
        for allowance in allowances:
            point = d.p_rec + span * acc / share
            if d.paused and point > d.p_ps:
                point += d.plen
            d.bounds.append(point)
            acc += allowance
        d.holders = [
            (d.officer, d.desk_id),
            (self.desk_officers[d.unit_id][0], d.unit_id),
            (self.users["bench_head_%d" % d.unit_id].id, d.unit_id),
            (self.users["bench_leader_%d" % d.leader_agency].id, d.leader_agency),
        ]
        start_point = clock.pos(clock.start_point(d.received, d.cutoff))
        lines, current = [], None
        for k, point in enumerate(d.bounds):
            if point > min(d.p_end, d.p_now) or (k and point >= d.p_end):
                break
            step_id, step_name, allowance = steps[k]
            due_pos = (start_point if k == 0 else point) + allowance
            following = d.bounds[k + 1] if k + 1 < len(d.bounds) else d.p_end
            following = min(following, d.p_end)
            line_pause = 0.0
            if d.paused and point <= d.p_ps < following and d.pause_done:
                line_pause = d.plen
                due_pos += d.plen
            end_pos = following if following <= d.p_now else None
            line = {
                "kind": "reception" if k == 0 else "handover",
                "name": step_name,
                "step": step_id,
                "from": lines[-1][1]["to"] if k else None,
                "dept_from": lines[-1][1]["dept_to"] if k else None,
                "to": d.holders[k][0],
                "dept_to": d.holders[k][1],
                "start": clock.at(point) if k else d.received,
                "due": clock.at(due_pos),
                "end": clock.at(end_pos) if end_pos is not None else None,
                "paused": line_pause,
                "turn": True,
            }
            lines.append((point, line))
            current = line
            if end_pos is None:
                break
        return lines, current

    def _events(self, d, lines, current):
        """The supplement asked and received, the apology."""
        clock = self.clock
        d.event_dept = current["dept_to"] if current else d.desk_id
        d.event_step = current["step"] if current else None
        if d.pause_started:
            event = self._event(
                "supplement_request",
                "Yêu cầu bổ sung",
                clock.at(d.p_ps),
                d.event_step,
                d.event_dept,
            )
            lines.append((d.p_ps, event))
        if d.pause_done:
            event = self._event(
                "supplement_received",
                "Đã nhận bổ sung",
                clock.at(d.p_pe),
                d.event_step,
                d.desk_id,
            )
            lines.append((d.p_pe, event))
        if d.resched_done:
            event = self._event(
                "reschedule", "Xin lỗi và hẹn lại", clock.at(d.p_rs), d.event_step, d.event_dept
            )
            event["due"] = d.due2
            lines.append((d.p_rs, event))

    def _outcome(self, d, lines, current):
        """The state now: resolved (then returned or waiting at the desk), ended without a
        result, or open (waiting for a supplement, at the desk or in processing)."""
        rnd, clock = self.rnd, self.clock
        steps = d.procedure["steps"]
        d.resolved_date = d.returned_date = d.ended_date = d.result_timing = None
        d.return_method = (
            "postal"
            if d.channel == "postal"
            else rnd.choices(("desk", "postal", "online"), (6, 1, 3))[0]
        )
        d.postal_ref = d.end_reason = d.result_note = d.open_line = None
        if d.ended and d.kind == "resolved":
            d.resolved_date = d.end
            d.result_timing = clock.timing(d.end, d.due)
            d.result_note = "Đã có kết quả"
            lines.append(
                (
                    d.p_end,
                    self._event("result", "Đã có kết quả", d.end, steps[3][0], d.leader_agency),
                )
            )
            return_step = steps[4]
            p_ret = d.p_end + rnd.uniform(0.5, 8.0)
            returned = rnd.random() < 0.95 and p_ret <= d.p_now
            ret_line = {
                "kind": "handover",
                "name": return_step[1],
                "step": return_step[0],
                "from": d.holders[3][0],
                "dept_from": d.leader_agency,
                "to": d.officer,
                "dept_to": d.desk_id,
                "start": d.end,
                "due": clock.at(d.p_end + return_step[2]),
                "end": clock.at(p_ret) if returned else None,
                "paused": 0.0,
                "turn": True,
            }
            lines.append((d.p_end + 1e-6, ret_line))
            if returned:
                d.returned_date = clock.at(p_ret)
                d.state = "returned"
                if d.return_method == "postal":
                    d.postal_ref = "EV%09dVN" % rnd.randrange(10**9)
                event = self._event(
                    "return", "Đã trả kết quả", d.returned_date, return_step[0], d.desk_id
                )
                lines.append((p_ret, event))
            else:
                d.state = "resolved"
                d.open_line = ret_line
        elif d.ended:
            d.state = d.kind
            d.ended_date = d.end
            d.end_reason = (
                "Theo đề nghị của người nộp" if d.kind == "withdrawn" else "Không đủ điều kiện"
            )
            if current and current["end"] is None:
                current["end"] = d.end
            kind, name = END_EVENTS[d.kind]
            lines.append((d.p_end, self._event(kind, name, d.end, d.event_step, d.event_dept)))
        else:
            d.open_line = current
            if d.pause_started and not d.pause_done:
                d.state = "waiting_supplement"
            else:
                d.state = "received" if current is lines[0][1] else "processing"

    def _write(self, d, lines):
        """The rows of the dossier and of everything that hangs on it."""
        rnd, clock = self.rnd, self.clock
        procedure = d.procedure
        # Number the lines in time order; the units they pass through see the dossier.
        lines.sort(key=lambda item: item[0])
        departments = {d.desk_id}
        for sequence, (_position, line) in enumerate(lines, start=1):
            line["id"] = self.next_step
            self.next_step += 1
            line["sequence"] = sequence * 10
            departments.update(line[key] for key in ("dept_to", "dept_from") if line.get(key))
        open_line = d.open_line if d.open_line and d.open_line["end"] is None else None
        code = d.code = self._next_code(d.agency_id, d.received)
        overdue = d.state in ("received", "processing") and d.due < self.now
        self.counts["open"] += d.state in ("received", "processing", "waiting_supplement")
        self.counts["overdue"] += overdue
        self.counts["paused"] += d.pause_started
        self.counts["rescheduled"] += d.resched_done
        d.holder = open_line["to"] if open_line else (lines[-1][1].get("to") or d.officer)
        end_for_report = d.resolved_date or d.ended_date
        per_day = clock.hours_per_day
        working_days = days_late = 0.0
        if end_for_report:
            working_days = max(clock.pos(end_for_report) - d.p_rec - d.paused_hours, 0) / per_day
        if d.resolved_date and d.resolved_date > d.due:
            days_late = (clock.pos(d.resolved_date) - clock.pos(d.due)) / per_day
        fee_total = sum(fee[2] for fee in procedure["fees"])
        child = d.child
        # The stored facts the primitives write: the last change of the due date (the
        # pause's end when it moved it, the new appointment), the first pause.
        changes = []
        if d.pause_done and d.due1 != d.due0:
            changes.append(clock.at(d.p_pe))
        if d.resched_done:
            changes.append(clock.at(d.p_rs))
        values = {
            "id": d.id,
            "name": code,
            "procedure_id": procedure["id"],
            "field_id": procedure["field_id"],
            "partner_id": d.partner_id,
            "channel": d.channel,
            "department_id": d.desk_id,
            "company_id": self.company_id,
            "user_id": d.holder,
            "reception_user_id": d.officer,
            "state": d.state,
            "received_date": d.received,
            "due_date": d.due,
            "initial_due_date": d.due0,
            "resolved_date": d.resolved_date,
            "returned_date": d.returned_date,
            "ended_date": d.ended_date,
            "end_reason": d.end_reason,
            "time_limit": d.limit,
            "time_unit": d.unit,
            "cutoff_hour": d.cutoff,
            "result_timing": d.result_timing,
            "paused_hours": d.paused_hours,
            "fee_total": fee_total,
            "fee_paid": bool(fee_total),
            "is_digitised": False,
            "return_method": d.return_method,
            "postal_tracking_ref": d.postal_ref,
            "tracking_token": secrets.token_urlsafe(32),
            "priority": "1" if rnd.random() < 0.03 else "0",
            "active": True,
            "color": 0,
            "process_id": procedure["process_id"],
            "stage_id": self._stage(d.state, open_line, procedure["steps"]),
            # current_step_id: set once the lines exist (see _link_open_lines)
            "process_step_id": open_line["step"] if open_line else None,
            "current_department_id": open_line["dept_to"] if open_line else None,
            "step_due_date": open_line["due"] if open_line else None,
            "apology_count": 1 if d.resched_done else 0,
            "rescheduled": d.resched_done,
            "waiting_children": bool(child and child["open"]),
            "children_progress": ("%d/1" % (0 if child["open"] else 1)) if child else None,
            "overdue_flag": overdue,
            "report_working_days": round(working_days, 2),
            "report_days_late": round(days_late, 2),
            "report_paused_days": round(d.paused_hours / per_day, 2),
            "result_note": d.result_note,
            "online_level": procedure["online_level"],
            "due_changed_date": max(changes) if changes else None,
            "first_pause_date": clock.at(d.p_ps) if d.pause_started else None,
            "submitted_date": (
                clock.at(d.p_rec - rnd.uniform(1.0, 16.0)) if d.channel == "online" else None
            ),
            "applicant_action_required": d.state == "waiting_supplement",
            "intake_request_pending": False,
            "create_uid": d.officer,
            "write_uid": d.officer,
            "create_date": d.received,
            "write_date": end_for_report or d.received,
        }
        self.tables["dossier"].add(tuple(values.get(column) for column in DOSSIER_COLUMNS))
        if d.state == "returned" and rnd.random() < 0.2:
            self._rating(d.id, d.partner_id, d.desk_id, procedure["id"], d.channel, d.returned_date)
        if open_line:
            self.open_lines.append((d.id, open_line["id"]))
        for _position, line in lines:
            self._line(d.id, line)
        for department_id in departments:
            self.tables["rel"].add((d.id, department_id))
        self._documents(d.id, procedure, d.received, d.officer, True)
        for fee in procedure["fees"]:
            self.tables["fee"].add(
                (d.id, fee[0], fee[1], fee[2], d.officer, d.officer, d.received, d.received)
            )
        self._pause_rows(d)
        self.tables["message"].add(
            (
                "onestop.dossier",
                d.id,
                "notification",
                self.subtype_received,
                self.users_partner(d.officer),
                "<p>Hồ sơ đã được tiếp nhận với mã %s.</p>" % code,
                d.received,
                self.company_id,
                False,
                d.officer,
                d.officer,
                d.received,
                d.received,
            )
        )
        self._task(d.state, d.desk_id, d.partner_id, d.due, d.received, end_for_report, code)

    def _pause_rows(self, d):
        clock = self.clock
        officer = d.officer
        if d.pause_started:
            pause_id = self.next_pause
            self.next_pause += 1
            start = clock.at(d.p_ps)
            end = clock.at(d.p_pe) if d.pause_done else None
            self.tables["pause"].add(
                (
                    pause_id,
                    d.id,
                    d.holder,
                    "processing",
                    "Thiếu giấy tờ",
                    start,
                    end,
                    d.plen if d.pause_done else 0.0,
                    officer,
                    officer,
                    start,
                    end or start,
                )
            )
            if d.pause_done and d.due1 != d.due0:
                self.tables["deadline"].add(
                    (
                        d.id,
                        pause_id,
                        officer,
                        "pause",
                        "Thiếu giấy tờ",
                        end,
                        d.due0,
                        d.due1,
                        officer,
                        officer,
                        end,
                        end,
                    )
                )
        if d.resched_done:
            when = clock.at(d.p_rs)
            leader = d.holders[3][0]
            self.tables["deadline"].add(
                (
                    d.id,
                    None,
                    leader,
                    "reschedule",
                    "Cần thêm thời gian",
                    when,
                    d.due1,
                    d.due2,
                    leader,
                    leader,
                    when,
                    when,
                )
            )
            self.tables["apology"].add(
                (
                    d.id,
                    self.company_id,
                    leader,
                    "sent",
                    "Cần thêm thời gian",
                    False,
                    d.due1,
                    d.due2,
                    when,
                    leader,
                    leader,
                    when,
                    when,
                )
            )

    def _rating(self, dossier_id, partner_id, desk_id, procedure_id, channel, when):
        rnd = self.rnd
        levels = ("very_satisfied", "satisfied", "unsatisfied")
        overall = rnd.choices(levels, (5, 4, 1))[0]
        self.tables["rating"].add(
            (
                dossier_id,
                partner_id,
                desk_id,
                procedure_id,
                self.company_id,
                rnd.randint(1, 3),
                overall,
                rnd.choices(levels, (5, 4, 1))[0],
                rnd.choices(levels, (6, 3, 1))[0],
                "portal" if channel == "online" else "desk",
                overall != "unsatisfied",
                when,
                1,
                1,
                when,
                when,
            )
        )

    def users_partner(self, user_id):
        cache = self.__dict__.setdefault("_partner_of", {})
        if user_id not in cache:
            cache[user_id] = self.env["res.users"].browse(user_id).partner_id.id
        return cache[user_id]

    def _event(self, kind, name, when, step, department):
        return {
            "kind": kind,
            "name": name,
            "step": step,
            "from": None,
            "dept_from": None,
            "to": None,
            "dept_to": department,
            "start": when,
            "due": None,
            "end": when,
            "paused": 0.0,
            "turn": False,
        }

    def _line(self, dossier_id, line):
        result = None
        if line["turn"] and line["end"] and line["due"]:
            result = self.clock.timing(line["end"], line["due"])
        overdue = result == "late" or bool(
            line["turn"] and not line["end"] and line["due"] and line["due"] < self.now
        )
        self.tables["step"].add(
            (
                line["id"],
                dossier_id,
                self.company_id,
                line["step"],
                line["sequence"],
                line["name"],
                line["kind"],
                line["from"],
                line["to"],
                line["dept_from"],
                line["dept_to"],
                line["start"],
                line["due"],
                line["end"],
                result,
                line["paused"],
                None,
                line["turn"],
                overdue,
                False,
                False,
                1,
                1,
                line["start"],
                line["end"] or line["start"],
            )
        )

    def _stage(self, state, open_line, steps):
        stage = self.stage
        if state == "processing" and open_line:
            return {
                steps[1][0]: stage["appraisal"],
                steps[2][0]: stage["review"],
                steps[3][0]: stage["signature"],
            }.get(open_line["step"], stage["appraisal"])
        return {
            "draft": None,
            "received": stage["received"],
            "processing": stage["appraisal"],
            "waiting_supplement": stage["supplement"],
            "resolved": stage["resolved"],
            "returned": stage["returned"],
            "refused": stage["refused"],
            "withdrawn": stage["withdrawn"],
            "stopped": stage["stopped"],
        }[state]

    def _documents(self, dossier_id, procedure, when, officer, received):
        rnd = self.rnd
        for doc_id, sequence, name, mandatory, originals, copies in procedure["documents"]:
            submitted = mandatory if received else (mandatory and rnd.random() < 0.5)
            if not mandatory:
                submitted = rnd.random() < 0.6
            self.tables["document"].add(
                (
                    dossier_id,
                    doc_id,
                    sequence,
                    name,
                    mandatory,
                    originals,
                    copies,
                    submitted,
                    officer,
                    officer,
                    when,
                    when,
                )
            )

    def _draft(self, d, refused=False):
        """A dossier not received yet, or refused at intake (never received: no code)."""
        dossier_id, procedure, partner_id = d.id, d.procedure, d.partner_id
        desk_id, officer, when = d.desk_id, d.officer, d.received
        self.counts["refused_at_intake" if refused else "drafts"] += 1
        state = "refused" if refused else "draft"
        self.tables["dossier"].add(
            tuple(
                {
                    "id": dossier_id,
                    "name": "/",
                    "procedure_id": procedure["id"],
                    "field_id": procedure["field_id"],
                    "partner_id": partner_id,
                    "channel": "in_person",
                    "department_id": desk_id,
                    "company_id": self.company_id,
                    "user_id": officer,
                    "state": state,
                    "end_reason": "Thiếu giấy tờ bắt buộc" if refused else None,
                    "paused_hours": 0.0,
                    "fee_total": sum(f[2] for f in procedure["fees"]),
                    "fee_paid": False,
                    "is_digitised": False,
                    "return_method": "desk",
                    "tracking_token": secrets.token_urlsafe(32),
                    "priority": "0",
                    "active": True,
                    "color": 0,
                    "stage_id": self.stage["refused"] if refused else None,
                    "apology_count": 0,
                    "rescheduled": False,
                    "waiting_children": False,
                    "overdue_flag": False,
                    "report_working_days": 0.0,
                    "report_days_late": 0.0,
                    "report_paused_days": 0.0,
                    "applicant_action_required": False,
                    "intake_request_pending": False,
                    "create_uid": officer,
                    "write_uid": officer,
                    "create_date": when,
                    "write_date": when,
                }.get(column)
                for column in DOSSIER_COLUMNS
            )
        )
        self.tables["rel"].add((dossier_id, desk_id))
        self._documents(dossier_id, procedure, when, officer, False)
        for fee in procedure["fees"]:
            self.tables["fee"].add(
                (dossier_id, fee[0], fee[1], fee[2], officer, officer, when, when)
            )
        if refused:
            line = self._event("refusal", "Từ chối", when, None, desk_id)
            line["id"] = self.next_step
            self.next_step += 1
            line["sequence"] = 10
            self._line(dossier_id, line)
        self._task(state, desk_id, partner_id, None, when, when if refused else None, "Hồ sơ nháp")

    def _child_plan(self, d):
        """An inter-agency part, sent to another agency during appraisal."""
        rnd, clock = self.rnd, self.clock
        bounds, p_end, p_now, holders = d.bounds, d.p_end, d.p_now, d.holders
        commune_id, unit_id, desk_id = d.commune_id, d.unit_id, d.desk_id
        # Another agency: a department of the province for a commune's dossier, a commune for
        # a department's.
        if commune_id:
            target_agency = self.agencies[rnd.randrange(len(self.agencies))].id
        else:
            target_agency = self.communes[rnd.randrange(len(self.communes))].id
        target_unit = self.units[target_agency][0]
        head = self.users["bench_head_%d" % target_unit].id
        p_transfer = bounds[1] + rnd.uniform(0.1, 0.4) * (
            (bounds[2] if len(bounds) > 2 else p_end) - bounds[1]
        )
        if p_transfer >= min(p_end, p_now):
            return None
        hours = rnd.choice((8.0, 16.0, 24.0))
        received = clock.at(p_transfer)
        start = clock.start_point(received, None)
        due = clock.at(clock.pos(start) + hours, session_end=True)
        p_child_end = min(p_transfer + hours * rnd.uniform(0.4, 1.3), p_end - 0.2)
        if p_child_end <= p_transfer + 0.1:
            return None
        done = p_child_end <= p_now
        self.counts["children"] += 1
        transfer = self._event("transfer", "Chuyển liên thông", received, None, target_unit)
        transfer["to"] = head
        transfer["due"] = due
        transfer["from"] = holders[1][0]
        transfer["dept_from"] = unit_id
        return {
            "p_transfer": p_transfer,
            "transfer_line": transfer,
            "received": received,
            "due": due,
            "hours": hours,
            "end": clock.at(p_child_end) if done else None,
            "open": not done,
            "unit": target_unit,
            "agency": target_agency,
            "head": head,
            "from_user": holders[1][0],
            "from_unit": unit_id,
            "parent_desk": desk_id,
        }

    def _child_rows(self, d):
        clock = self.clock
        child, parent_id, code = d.child, d.id, d.code
        procedure, channel, partner_id = d.procedure, d.channel, d.partner_id
        child_id = self.next_dossier
        self.next_dossier += 1
        self.counts["dossiers"] += 1
        received, due, end = child["received"], child["due"], child["end"]
        state = "processing" if child["open"] else "resolved"
        timing = clock.timing(end, due) if end else None
        reception = {
            "kind": "reception",
            "name": "Phần liên thông",
            "step": None,
            "from": child["from_user"],
            "dept_from": child["from_unit"],
            "to": child["head"],
            "dept_to": child["unit"],
            "start": received,
            "due": due,
            "end": end,
            "paused": 0.0,
            "turn": True,
            "id": self.next_step,
            "sequence": 10,
        }
        self.next_step += 1
        lines = [reception]
        if end:
            result = self._event("result", "Đã có kết quả", end, None, child["unit"])
            result["id"] = self.next_step
            result["sequence"] = 20
            self.next_step += 1
            lines.append(result)
        open_line = reception if child["open"] else None
        working_days = (
            max(clock.pos(end) - clock.pos(received), 0.0) / clock.hours_per_day if end else 0.0
        )
        values = {
            "id": child_id,
            "name": code,
            "procedure_id": procedure["id"],
            "field_id": procedure["field_id"],
            "partner_id": partner_id,
            "channel": channel,
            "department_id": child["unit"],
            "company_id": self.company_id,
            "user_id": child["head"],
            "reception_user_id": child["from_user"],
            "parent_id": parent_id,
            "state": state,
            "received_date": received,
            "due_date": due,
            "initial_due_date": due,
            "resolved_date": end,
            "time_limit": child["hours"],
            "time_unit": "working_hours",
            "cutoff_hour": procedure["cutoff"],
            "result_timing": timing,
            "paused_hours": 0.0,
            "fee_total": 0.0,
            "fee_paid": False,
            "is_digitised": False,
            "return_method": "desk",
            "tracking_token": secrets.token_urlsafe(32),
            "priority": "0",
            "active": True,
            "color": 0,
            "stage_id": self.stage["resolved" if end else "received"],
            "current_department_id": child["unit"] if open_line else None,
            "step_due_date": due if open_line else None,
            "apology_count": 0,
            "rescheduled": False,
            "waiting_children": False,
            "transfer_note": "Xác minh thông tin",
            "overdue_flag": bool(open_line and due < self.now),
            "report_working_days": round(working_days, 2),
            "report_days_late": round(
                (clock.pos(end) - clock.pos(due)) / clock.hours_per_day
                if end and end > due
                else 0.0,
                2,
            ),
            "report_paused_days": 0.0,
            "result_note": "Đã có kết quả" if end else None,
            "online_level": procedure["online_level"],
            "applicant_action_required": False,
            "intake_request_pending": False,
            "create_uid": child["from_user"],
            "write_uid": child["from_user"],
            "create_date": received,
            "write_date": end or received,
        }
        if child["open"]:
            values["state"] = "received"
        self.tables["dossier"].add(tuple(values.get(column) for column in DOSSIER_COLUMNS))
        if open_line:
            self.open_lines.append((child_id, open_line["id"]))
        for line in lines:
            self._line(child_id, line)
        for department_id in {child["unit"], child["from_unit"], child["parent_desk"]}:
            self.tables["rel"].add((child_id, department_id))
        self._documents(child_id, procedure, received, child["from_user"], True)
        self._task(
            values["state"],
            child["parent_desk"],
            partner_id,
            due,
            received,
            end,
            "%s (liên thông)" % code,
        )

    def _task(self, state, desk_id, partner_id, due, created, ended, label):
        if not self.with_tasks:
            return
        task_id = self.next_task
        self.next_task += 1
        stage_index, task_state = TASK_STATE[state]
        user = self.project_user
        self.tables["task"].add(
            (
                task_id,
                "Xử lý %s" % label,
                self.project_of_desk[desk_id],
                self.task_stages[stage_index],
                partner_id,
                self.company_id,
                task_state,
                "0",
                10,
                True,
                True,
                due,
                ended or created,
                created,
                ended,
                0.0,
                user,
                user,
                created,
                ended or created,
            )
        )
        self.tables["task_user"].add((task_id, user, user, user, created, created))
        self.tables["task_message"].add(
            (
                "project.task",
                task_id,
                "notification",
                self.subtype_note,
                self.users_partner(user),
                "<p>Công việc được tạo.</p>",
                created,
                self.company_id,
                True,
                user,
                user,
                created,
                created,
            )
        )

    # ------------------------------------------------------------------ finish
    def finish(self):
        cr = self.cr
        started = time.perf_counter()
        for table in self.tables.values():
            table.flush(cr)
        # Today's and past serials, so that the next reception gets the next number.
        rows = io.StringIO()
        for (code, day), serial in self.serials.items():
            rows.write("%s\t%s\t%d\n" % (code, day.isoformat(), serial))
        rows.seek(0)
        cr._obj.copy_expert(
            "COPY onestop_dossier_sequence (code, day, last_serial) FROM STDIN", rows
        )
        for table, sequence in (
            ("onestop_dossier", "onestop_dossier_id_seq"),
            ("onestop_dossier_step", "onestop_dossier_step_id_seq"),
            ("onestop_dossier_pause", "onestop_dossier_pause_id_seq"),
            ("project_task", "project_task_id_seq"),
            ("res_partner", "res_partner_id_seq"),
        ):
            if table == "project_task" and not self.with_tasks:
                continue
            cr.execute(
                "SELECT setval(%s, GREATEST((SELECT MAX(id) FROM " + table + "), 1))", [sequence]
            )
        self.env.invalidate_all()
        self.env.registry.clear_cache()
        counts = {name: table.total for name, table in self.tables.items()}
        self.summary = {
            "n": self.n,
            "now": fields.Datetime.to_string(self.now),
            "rows": counts,
            "facts": self.counts,
            "applicants": self.partner_count,
        }
        self.env["ir.config_parameter"].set_param(MARKER, json.dumps(self.summary))
        cr.execute(
            "ANALYZE %s"
            % ", ".join(
                table for table in TABLES if self.with_tasks or not table.startswith("project")
            )
        )
        self.log("  sequences, serials and ANALYZE in %.1f s" % (time.perf_counter() - started))
        self.log("  rows: " + ", ".join("%s %d" % (name, count) for name, count in counts.items()))


# Stored computed fields that the generator writes itself: ``verify`` recomputes them.
VERIFIED_FIELDS = (
    "field_id",
    "company_id",
    "stage_id",
    "department_ids",
    "result_timing",
    "paused_hours",
    "fee_total",
    "is_digitised",
    "apology_count",
    "rescheduled",
    "waiting_children",
    "children_progress",
    "process_step_id",
    "current_department_id",
    "step_due_date",
    "report_working_days",
    "report_days_late",
    "report_paused_days",
    "applicant_action_required",
)


def verify(env, sample=300, seed=1):
    """Recompute, through the ORM, the stored fields of a sample of generated dossiers and
    their due dates, and compare them with what the generator wrote. Returns the list of
    differences (empty when the data agree with the addons' rules)."""
    env = env(user=SUPERUSER_ID)
    Dossier = env["onestop.dossier"]
    cr = env.cr
    cr.execute(
        "SELECT id FROM onestop_dossier WHERE name LIKE '000.%%' ORDER BY random() LIMIT %s",
        [sample],
    )
    dossiers = Dossier.browse([row[0] for row in cr.fetchall()])
    names = [name for name in VERIFIED_FIELDS if name in Dossier._fields]
    stored = {dossier.id: {name: dossier[name] for name in names} for dossier in dossiers}
    problems = []
    with cr.savepoint(flush=False):
        for name in names:
            field = Dossier._fields[name]
            dossiers.invalidate_recordset([name], flush=False)
            field.compute_value(dossiers)
            for dossier in dossiers:
                value, expected = stored[dossier.id][name], dossier[name]
                if field.type == "float":
                    same = abs((value or 0.0) - (expected or 0.0)) < 0.011
                else:
                    same = value == expected
                if not same:
                    problems.append(
                        "%s %s: %r, the addon computes %r" % (dossier.name, name, value, expected)
                    )
        env.invalidate_all(flush=False)
    for dossier in dossiers.filtered(lambda d: not d.parent_id):
        working_time = dossier._onestop_working_time()
        due = working_time.deadline(
            dossier.received_date, dossier.time_limit, dossier.time_unit, dossier.cutoff_hour
        )
        if dossier.initial_due_date != due:
            problems.append(
                "%s initial due date %s, the addon computes %s"
                % (dossier.name, dossier.initial_due_date, due)
            )
        changes = dossier.deadline_change_ids.sorted("date")
        for change in changes.filtered(lambda c: c.kind == "pause"):
            moved = working_time.shift(change.due_before, change.pause_id.working_hours)
            if moved != change.due_after:
                problems.append(
                    "%s pause moves %s to %s, the addon to %s"
                    % (dossier.name, change.due_before, change.due_after, moved)
                )
        facts = (
            max(changes.mapped("date") or [False]),
            min(dossier.pause_ids.mapped("date_start") or [False]),
        )
        if (dossier.due_changed_date, dossier.first_pause_date) != facts:
            problems.append(
                "%s stored facts %s, %s; its history says %s, %s"
                % (dossier.name, dossier.due_changed_date, dossier.first_pause_date, *facts)
            )
        moment = dossier.resolved_date or dossier.ended_date or fields.Datetime.now()
        last = changes.filtered(lambda c, moment=moment: c.date <= moment)[-1:]
        if (last.due_after or dossier.initial_due_date) != dossier.due_date:
            problems.append(
                "%s due date %s, its changes say %s"
                % (dossier.name, dossier.due_date, last.due_after)
            )
    return problems


def generated(env):
    """What the generator wrote in this database (``None`` when it did not run)."""
    value = env["ir.config_parameter"].sudo().get_param(MARKER)
    return json.loads(value) if value else None


def generate(env, n, **kwargs):
    return Generator(env, n, **kwargs).run()


__all__ = ["Generator", "generate", "generated", "api"]
