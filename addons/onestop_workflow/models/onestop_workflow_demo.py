from odoo import Command, api, fields, models

from .onestop_dossier_step import WRITE_FLAG

# The unit that appraises the dossiers of each competent agency (XML ids of onestop_base's
# demo departments), by the procedure's field when an agency has several units.
APPRAISING_UNITS = {
    "dept_hoalu": {
        "field_household_business": "dept_hoalu_economy",
        "field_construction": "dept_hoalu_economy",
        "field_social": "dept_hoalu_culture",
        None: "dept_hoalu_office",
    },
    "dept_giavien": {
        "field_household_business": "dept_giavien_economy",
        "field_construction": "dept_giavien_economy",
        None: "dept_giavien_office",
    },
    "dept_agri_env": {None: "dept_agri_env_land"},
    "dept_justice": {None: "dept_justice_admin"},
    "dept_finance": {None: "dept_finance_business"},
    "dept_construction": {None: "dept_construction_mgmt"},
}
# The communes of the demo province: a commune's procedure has a process in each of them.
COMMUNES = ("dept_hoalu", "dept_giavien")
# Share of the time limit for each step: reception, appraisal, review, signature, return.
SHARES = (0.0625, 0.5, 0.1875, 0.125, 0.125)


class OnestopWorkflowDemo(models.AbstractModel):
    """Demo processes and control slips."""

    _name = "onestop.workflow.demo"
    _description = "OneStop workflow demo data"

    def _ref(self, name):
        return self.env.ref("onestop_base.%s" % name, raise_if_not_found=False)

    @api.model
    def _generate_processes(self):
        stages = {
            kind: self.env.ref("onestop_workflow.stage_%s" % name)
            for kind, name in (
                ("reception", "received"),
                ("processing", "appraisal"),
                ("approval", "review"),
                ("signature", "signature"),
                ("return", "resolved"),
            )
        }
        Process = self.env["onestop.process"]
        communes = [self._ref(xmlid) for xmlid in COMMUNES]
        for procedure in self.env["onestop.procedure"].search([]):
            if Process.search_count([("procedure_id", "=", procedure.id)]):
                continue
            competent = procedure.competent_department_id
            if competent in communes:
                # A commune's procedure: every commune that receives it runs its own process.
                agencies = [
                    commune
                    for commune in communes
                    if commune == competent
                    or commune in procedure.receiving_department_ids.agency_id
                ]
                for agency in agencies:
                    self._demo_process(procedure, agency, agency, stages)
            else:
                self._demo_process(procedure, competent, False, stages)
        return True

    def _demo_process(self, procedure, agency, process_agency, stages):
        unit = agency
        for agency_xmlid, units in APPRAISING_UNITS.items():
            if self._ref(agency_xmlid) == agency:
                field_xmlid = next(
                    (key for key in units if key and self._ref(key) == procedure.field_id),
                    None,
                )
                unit = self._ref(units[field_xmlid]) or agency
        hours = procedure._onestop_limit_hours()
        specialist = self.env.ref("onestop_base.group_onestop_specialist")
        head = self.env.ref("onestop_base.group_onestop_head")
        leader = self.env.ref("onestop_base.group_onestop_leader")
        steps = [
            ("reception", "Tiếp nhận, chuyển hồ sơ", False, False),
            ("processing", "Thẩm định hồ sơ (chuyên viên)", unit, specialist),
            ("approval", "Xem xét, trình ký (trưởng phòng)", unit, head),
            ("signature", "Ký duyệt (lãnh đạo)", agency.agency_id or agency, leader),
            ("return", "Trả kết quả", False, False),
        ]
        name = "Quy trình nội bộ: %s" % procedure.name
        if process_agency:
            name = "%s (%s)" % (name, process_agency.name)
        return self.env["onestop.process"].create(
            {
                "name": name,
                "procedure_id": procedure.id,
                "agency_id": process_agency.id if process_agency else False,
                "step_ids": [
                    Command.create(
                        {
                            "sequence": (index + 1) * 10,
                            "name": step_name,
                            "kind": kind,
                            "stage_id": stages[kind].id,
                            "department_id": department.id if department else False,
                            "group_id": group.id if group else False,
                            "allowance": round(hours * share * 4) / 4.0,
                            "allowance_unit": "working_hours",
                        }
                    )
                    for index, ((kind, step_name, department, group), share) in enumerate(
                        zip(steps, SHARES, strict=True)
                    )
                ],
            }
        )

    @api.model
    def _generate_lines(self):
        """Control slip lines for dossiers received before this addon was installed."""
        dossiers = self.env["onestop.dossier"].search(
            [("step_ids", "=", False), ("state", "!=", "draft")], order="received_date, id"
        )
        for dossier in dossiers:
            self._demo_lines(dossier)
        # A dossier the lines did not move (refused at intake, no process) keeps a stage too.
        self.env["onestop.dossier"]._onestop_fill_stages()
        return True

    def _demo_lines(self, dossier):
        now = fields.Datetime.now()
        Line = self.env["onestop.dossier.step"].with_context(**{WRITE_FLAG: True})
        working_time = dossier._onestop_working_time()
        if not dossier.received_date:
            # Refused at intake: never received, one line for the refusal.
            Line.create(
                {
                    "dossier_id": dossier.id,
                    "sequence": 10,
                    "kind": "refusal",
                    "name": "Từ chối tiếp nhận",
                    "user_from_id": dossier.user_id.id,
                    "department_from_id": dossier.department_id.id,
                    "date_start": dossier.create_date,
                    "date_end": dossier.create_date,
                    "note": dossier.end_reason,
                }
            )
            return
        process = dossier.procedure_id._onestop_process_for(dossier.department_id)
        steps = process.step_ids.sorted(lambda s: (s.sequence, s.id))
        work_steps = steps.filtered(lambda s: s.kind != "return")
        return_step = steps.filtered(lambda s: s.kind == "return")[:1]
        state = dossier.state
        pause = dossier.pause_ids.sorted("date_start")[:1]
        # How far the dossier went and when its work ended.
        if state == "received":
            reached, work_end = 1, None
        elif state in ("processing", "waiting_supplement"):
            reached, work_end = 2 + dossier.id % (len(work_steps) - 1), None
            reached = min(reached, len(work_steps))
        elif state in ("resolved", "returned"):
            reached, work_end = len(work_steps), dossier.resolved_date
        else:
            reached, work_end = 2, dossier.ended_date
        end = work_end or (pause.date_start if state == "waiting_supplement" else now)
        # The handovers share the working time between reception and the end (an open turn
        # started a while ago, before now or the pause), in office hours.
        received = dossier.received_date
        hours = working_time.working_hours_between(received, end)
        parts = reached if work_end is not None else reached + 1
        moments = [received] + [
            min(
                working_time.add_working_hours(received, hours * index / parts, session_end=False),
                end,
            )
            for index in range(1, reached)
        ]
        sequence = 0
        line = self.env["onestop.dossier.step"]
        previous_user, previous_unit = False, False
        for index, step in enumerate(work_steps[:reached]):
            start = moments[index]
            unit = step.department_id or dossier.department_id
            users = step._allowed_users(unit)
            if step.kind == "reception":
                user = dossier.reception_user_id or users[:1]
            elif step.kind == "approval":
                user = unit.head_id if unit.head_id in users else users[:1]
            else:
                # Appraisal is the specialists' work, not their head's.
                user = (users - unit.head_id)[:1] or users[:1]
            user = user or dossier.user_id
            due = working_time.add_working_hours(
                working_time.start_point(start, dossier.cutoff_hour)
                if step.kind == "reception"
                else start,
                step.allowance_hours,
                session_end=False,
            )
            is_last = index == reached - 1
            stop = (
                None
                if (is_last and work_end is None)
                else (moments[index + 1] if not is_last else work_end)
            )
            sequence += 10
            vals = {
                "dossier_id": dossier.id,
                "sequence": sequence,
                "kind": "reception" if step.kind == "reception" else "handover",
                "name": step.name,
                "process_step_id": step.id,
                "user_from_id": previous_user and previous_user.id,
                "department_from_id": previous_unit and previous_unit.id,
                "user_to_id": user.id,
                "department_to_id": unit.id,
                "date_start": start,
                "date_due": due,
            }
            if pause and start <= pause.date_start and (stop is None or pause.date_start < stop):
                vals["paused_hours"] = pause.working_hours
            if stop:
                timing = working_time.timing(stop, due)
                vals.update(date_end=stop, result=timing, overdue=timing == "late")
            line = Line.create(vals)
            previous_user, previous_unit = user, unit
        for when, kind, name, note in self._demo_events(dossier):
            sequence += 10
            Line.create(
                {
                    "dossier_id": dossier.id,
                    "sequence": sequence,
                    "kind": kind,
                    "name": name,
                    "process_step_id": line.process_step_id.id,
                    "user_from_id": line.user_to_id.id,
                    "department_from_id": line.department_to_id.id,
                    "department_to_id": dossier.department_id.id,
                    "date_start": when,
                    "date_end": when,
                    "note": note,
                }
            )
        current = line if state in ("received", "processing", "waiting_supplement") else False
        if state in ("resolved", "returned") and return_step:
            sequence += 10
            unit = return_step.department_id or dossier.department_id
            user = dossier.reception_user_id or unit.member_ids[:1]
            start = dossier.resolved_date
            due = working_time.add_working_hours(
                start, return_step.allowance_hours, session_end=False
            )
            vals = {
                "dossier_id": dossier.id,
                "sequence": sequence,
                "kind": "handover",
                "name": return_step.name,
                "process_step_id": return_step.id,
                "user_from_id": line.user_to_id.id,
                "department_from_id": line.department_to_id.id,
                "user_to_id": user.id,
                "department_to_id": unit.id,
                "date_start": start,
                "date_due": due,
            }
            if state == "returned":
                timing = working_time.timing(dossier.returned_date, due)
                vals.update(date_end=dossier.returned_date, result=timing, overdue=timing == "late")
            line = Line.create(vals)
            if state == "resolved":
                current = line
            else:
                sequence += 10
                Line.create(
                    {
                        "dossier_id": dossier.id,
                        "sequence": sequence,
                        "kind": "return",
                        "name": "Trả kết quả",
                        "process_step_id": return_step.id,
                        "user_from_id": user.id,
                        "department_from_id": unit.id,
                        "department_to_id": unit.id,
                        "date_start": dossier.returned_date,
                        "date_end": dossier.returned_date,
                        "note": dossier.postal_tracking_ref or False,
                    }
                )
        vals = {"process_id": process.id, "current_step_id": current and current.id}
        if current:
            vals["user_id"] = current.user_to_id.id
        dossier.with_context(onestop_action=True).write(vals)

    def _demo_events(self, dossier):
        """Dated events of a demo dossier: its pauses, its result or its end."""
        events = []
        for pause in dossier.pause_ids.sorted("date_start"):
            events.append(
                (pause.date_start, "supplement_request", "Yêu cầu bổ sung hồ sơ", pause.reason)
            )
            if pause.date_end:
                events.append(
                    (pause.date_end, "supplement_received", "Đã nhận hồ sơ bổ sung", False)
                )
        if dossier.resolved_date:
            events.append(
                (dossier.resolved_date, "result", "Có kết quả giải quyết", dossier.result_note)
            )
        kinds = {"refused": "refusal", "withdrawn": "withdrawal", "stopped": "stop"}
        if dossier.state in kinds and dossier.ended_date:
            events.append(
                (dossier.ended_date, kinds[dossier.state], "Kết thúc hồ sơ", dossier.end_reason)
            )
        return sorted(events, key=lambda event: event[0])
