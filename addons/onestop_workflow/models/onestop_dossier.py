"""The dossier along its internal process: the kanban stage, the control slip and the turns
that write it."""

import logging

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.osv import expression
from odoo.tools import SQL

from odoo.addons.onestop_base.models.onestop_dossier import OPEN_STATES, RUNNING_STATES

from .onestop_dossier_step import TURN_KINDS, WRITE_FLAG

_logger = logging.getLogger(__name__)

END_LINE_KINDS = {"refused": "refusal", "withdrawn": "withdrawal", "stopped": "stop"}


class OnestopDossier(models.Model):
    """The dossier along its internal process: the kanban stage, the control slip (form 05)
    and the turns that write it (forward, send back, reassign, supplement, apology, end,
    result, return). Who may take each turn is in onestop_dossier_actions.py, the deadline
    job in onestop_dossier_deadline_job.py, inter-agency transfer in
    onestop_dossier_transfer.py."""

    _inherit = "onestop.dossier"

    # ------------------------------------------------------------------ fields
    process_id = fields.Many2one(
        "onestop.process",
        string="Internal process",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="restrict",
    )
    stage_id = fields.Many2one(
        "onestop.stage",
        string="Stage",
        compute="_compute_stage_id",
        store=True,
        readonly=False,
        index=True,
        tracking=True,
        copy=False,
        ondelete="restrict",
        group_expand="_read_group_stage_ids",
        help="The kanban column: it follows the dossier's step and state, and changes only "
        "through the actions.",
    )
    stage_fold = fields.Boolean(related="stage_id.fold")
    step_ids = fields.One2many(
        "onestop.dossier.step", "dossier_id", string="Control slip", readonly=True
    )
    current_step_id = fields.Many2one(
        "onestop.dossier.step",
        string="Open line",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The control slip line of whoever holds the dossier now.",
    )
    process_step_id = fields.Many2one(
        related="current_step_id.process_step_id", store=True, string="Current step"
    )
    current_department_id = fields.Many2one(
        related="current_step_id.department_to_id",
        store=True,
        index=True,
        string="Current unit",
    )
    step_due_date = fields.Datetime(
        related="current_step_id.date_due", store=True, string="Step due"
    )
    apology_ids = fields.One2many("onestop.dossier.apology", "dossier_id", string="Apologies")
    apology_count = fields.Integer(
        compute="_compute_apology_count", store=True, string="Apologies sent"
    )
    rescheduled = fields.Boolean(compute="_compute_apology_count", store=True)
    result_attachment_ids = fields.Many2many(
        "ir.attachment",
        "onestop_dossier_result_attachment_rel",
        "dossier_id",
        "attachment_id",
        string="Result files",
        readonly=True,
        copy=False,
    )
    is_mine = fields.Boolean(string="My work", compute="_compute_is_mine", search="_search_is_mine")
    is_my_unit_work = fields.Boolean(
        string="My department's work",
        compute="_compute_is_my_unit_work",
        search="_search_is_my_unit_work",
    )
    deadline_risk = fields.Selection(search="_search_deadline_risk")
    risk_color = fields.Integer(
        compute="_compute_risk_color", help="The kanban card's colour for the deadline risk."
    )

    # ------------------------------------------------------------------ constraints
    @api.constrains("state", "stage_id")
    def _check_stage(self):
        # The kanban has no column "None": a received dossier always sits in a stage.
        # While this addon installs, the existing dossiers get their stage computed before
        # the stages are loaded: no stage exists yet, and _onestop_fill_stages() follows.
        if not self.env["onestop.stage"].with_context(active_test=False).search_count([], limit=1):
            return
        for dossier in self:
            if dossier.state != "draft" and not dossier.stage_id:
                raise ValidationError(
                    self.env._(
                        "The dossier %(dossier)s is %(state)s but no active stage of the "
                        "kanban maps to this state: restore or create one.",
                        dossier=dossier.display_name,
                        state=dossier._state_label(),
                    )
                )

    # ------------------------------------------------------------------ computes
    @api.depends("state", "process_step_id.stage_id")
    def _compute_stage_id(self):
        # Active stages only, whatever the context (archived dossiers are filled too).
        stages = self.env["onestop.stage"].search([("active", "=", True)])
        first = {}
        for stage in stages:
            first.setdefault(stage.state, stage)
        for dossier in self:
            step_stage = dossier.process_step_id.stage_id
            if step_stage and step_stage.state == dossier.state:
                dossier.stage_id = step_stage
            else:
                dossier.stage_id = first.get(dossier.state, False)

    @api.model
    def _onestop_fill_stages(self):
        """Give a stage to the received dossiers that have none: those received before this
        addon and its stages were installed (the stored stage was computed before the stages
        existed)."""
        dossiers = (
            self.sudo()
            .with_context(active_test=False)
            .search([("state", "!=", "draft"), ("stage_id", "=", False)])
        )
        left = self.browse()
        for dossier in dossiers:
            try:
                with self.env.cr.savepoint():
                    self.env.add_to_compute(self._fields["stage_id"], dossier)
                    dossier._recompute_recordset(["stage_id"])
            except ValidationError:
                # Not a reason to stop an update: the dossier keeps no stage, and the
                # constraint refuses its next change until a stage maps to its state.
                dossier.invalidate_recordset(["stage_id"])
                left |= dossier
        if left:
            _logger.warning(
                "No active stage for %d dossiers in states %s",
                len(left),
                ", ".join(sorted(set(left.mapped("state")))),
            )
        return True

    @api.model
    def _read_group_stage_ids(self, stages, domain):
        return stages.search([], order=stages._order)

    @api.depends(
        "department_id",
        "step_ids.department_to_id",
        "step_ids.department_from_id",
        "parent_id.department_id",
    )
    def _compute_department_ids(self):
        # Every unit that holds or held the dossier sees it; so does the unit that received
        # the parent of an inter-agency part.
        for dossier in self:
            dossier.department_ids = (
                dossier.department_id
                | dossier.step_ids.department_to_id
                | dossier.step_ids.department_from_id
                | dossier.parent_id.department_id
            )

    @api.depends("deadline_risk")
    def _compute_risk_color(self):
        colors = {"late": 1, "soon": 2, "within": 10}
        for dossier in self:
            dossier.risk_color = colors.get(dossier.deadline_risk, 0)

    @api.depends("apology_ids.state")
    def _compute_apology_count(self):
        for dossier in self:
            count = len(dossier.apology_ids.filtered(lambda a: a.state == "sent"))
            dossier.apology_count = count
            dossier.rescheduled = bool(count)

    @api.depends_context("uid")
    @api.depends("user_id")
    def _compute_is_mine(self):
        for dossier in self:
            dossier.is_mine = dossier.user_id == self.env.user

    def _search_is_mine(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Search on your work with = or != and a boolean."))
        if (operator == "=") == value:
            return [("user_id", "=", self.env.uid)]
        return ["|", ("user_id", "=", False), ("user_id", "!=", self.env.uid)]

    def _field_to_sql(self, alias, fname, query=None, flush=True):
        # "My work first": the kanban orders by is_mine, which SQL reads from the holder.
        if fname == "is_mine":
            return SQL(
                "(%s = %s)",
                super()._field_to_sql(alias, "user_id", query, flush),
                self.env.uid,
            )
        return super()._field_to_sql(alias, fname, query, flush)

    @api.depends_context("uid")
    @api.depends("current_department_id", "department_id")
    def _compute_is_my_unit_work(self):
        mine = self.env.user.onestop_department_ids
        for dossier in self:
            unit = dossier.current_department_id or dossier.department_id
            dossier.is_my_unit_work = unit in mine

    def _search_is_my_unit_work(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(
                self.env._("Search on your department's work with = or != and a boolean.")
            )
        mine = self.env.user.onestop_department_ids.ids
        domain = [
            "|",
            ("current_department_id", "in", mine),
            "&",
            ("current_department_id", "=", False),
            ("department_id", "in", mine),
        ]
        return domain if (operator == "=") == value else ["!", *domain]

    def _search_deadline_risk(self, operator, value):
        if operator in ("=", "!="):
            values = {value}
        elif operator in ("in", "not in"):
            values = set(value)
        else:
            raise UserError(self.env._("Search on the deadline risk with =, !=, in or not in."))
        now = fields.Datetime.now()
        running = [("state", "in", list(RUNNING_STATES)), ("due_date", "!=", False)]
        # "Due within one working day" depends on each unit's calendar.
        soon_parts = []
        by_calendar = {}
        departments = self.env["onestop.department"].sudo().with_context(active_test=False)
        for department in departments.search([]):
            by_calendar.setdefault(department._onestop_calendar(), []).append(department.id)
        for calendar, department_ids in by_calendar.items():
            if not calendar:
                continue
            working_time = calendar._onestop_working_time()
            limit = working_time.one_working_day_from(now)
            soon_parts.append([("department_id", "in", department_ids), ("due_date", "<=", limit)])
        soon_limit = self.env["onestop.dossier"]._or_domains(soon_parts)
        domains = {
            "none": ["|", ("state", "not in", list(RUNNING_STATES)), ("due_date", "=", False)],
            "late": [*running, ("due_date", "<", now)],
            "soon": [*running, ("due_date", ">=", now), *soon_limit],
            "within": [*running, ("due_date", ">=", now), "!", *soon_limit],
        }
        unknown = values - set(domains)
        if unknown:
            raise UserError(
                self.env._("Unknown deadline risk: %(values)s", values=", ".join(map(str, unknown)))
            )
        domain = self._or_domains([domains[v] for v in values]) if values else [(0, "=", 1)]
        return domain if operator in ("=", "in") else ["!", *domain]

    @api.model
    def _or_domains(self, domains):
        return expression.OR(domains) if domains else [(0, "=", 1)]

    # ------------------------------------------------------------------ CRUD
    def write(self, vals):
        held = {"user_id", "department_id", "current_step_id", "reception_user_id"} & set(vals)
        if (
            held
            and not (self.env.su or self.env.context.get("onestop_action"))
            and any(dossier.state != "draft" for dossier in self)
        ):
            raise UserError(
                self.env._(
                    "Who holds a received dossier, and where, changes only through its "
                    "actions: forward it, reassign it, send it back... Open the dossier and "
                    "use the buttons at the top."
                )
            )
        if "stage_id" in vals and not self.env.context.get("onestop_action"):
            raise UserError(
                self.env._(
                    "A dossier changes stage only through its actions: forward it, send it "
                    "back, request a supplement, record or return its result... Open the "
                    "dossier and use the buttons at the top."
                )
            )
        return super().write(vals)

    # ------------------------------------------------------------------ process
    def _onestop_next_step(self):
        self.ensure_one()
        step = self.current_step_id.process_step_id
        return step._next() if step else self.env["onestop.process.step"]

    def _onestop_send_back_targets(self):
        """Earlier turns the dossier may be sent back to: the last turn of each earlier step
        (or each earlier holder when the dossier follows no process)."""
        self.ensure_one()
        current = self.current_step_id
        if not current:
            return self.env["onestop.dossier.step"]
        turns = self.step_ids.filtered(
            lambda line: line.is_turn and line.date_end and line.user_to_id and line != current
        ).sorted(lambda line: (line.sequence, line.id), reverse=True)
        current_step = current.process_step_id
        targets = self.env["onestop.dossier.step"]
        seen = set()
        for line in turns:
            step = line.process_step_id
            if current_step and step:
                if (step.sequence, step.id) >= (current_step.sequence, current_step.id):
                    continue
                key = step.id
            else:
                if line.user_to_id == current.user_to_id:
                    continue
                key = (line.user_to_id.id, line.department_to_id.id)
            if key in seen:
                continue
            seen.add(key)
            targets |= line
        return targets

    # ------------------------------------------------------------------ turns
    # No rights checks below: the public actions check first (onestop_dossier_actions.py),
    # then call these (often with sudo(), which keeps the acting user). Each takes ``when``
    # (naive UTC) for dated history and tests; base's primitives they call refuse what the
    # dossier's state does not allow.
    def _receive(self, when=None):
        when = when or fields.Datetime.now()
        res = super()._receive(when=when)
        for dossier in self:
            dossier._onestop_start_process(when)
            dossier._onestop_notify_stage()
        return res

    def _onestop_start_process(self, when):
        """Bind the dossier to its procedure's process and open the reception line."""
        self.ensure_one()
        process = self.procedure_id._onestop_process_for(self.department_id)
        step = process._first_step() if process else self.env["onestop.process.step"]
        self.with_context(onestop_action=True).write({"process_id": process.id})
        self._onestop_open_line(
            "reception",
            step.name or self.env._("Reception"),
            when,
            step=step,
            user=self.reception_user_id or self.env.user,
            department=self.department_id,
            due=self._onestop_step_due(step, when, start_at_reception=True),
        )

    def _onestop_step_due(self, step, when, start_at_reception=False):
        """When a turn of ``step`` that starts at ``when`` is due: its allowance of working
        time, counted exactly (not rounded to the end of a session). Without a process
        step, the dossier's appointment date."""
        self.ensure_one()
        if not step:
            return self.due_date
        working_time = self._onestop_working_time()
        start = when
        if start_at_reception:
            start = working_time.start_point(when, self.cutoff_hour)
        return working_time.add_working_hours(start, step.allowance_hours, session_end=False)

    def _onestop_line_sequence(self):
        self.ensure_one()
        return max(self.step_ids.mapped("sequence") or [0]) + 10

    def _onestop_open_line(
        self,
        kind,
        name,
        when,
        step=None,
        user=None,
        department=None,
        due=False,
        note=False,
        by_applicant=False,
    ):
        """Write a control slip line. A turn (reception, handover, send back, reassignment)
        becomes the open line and its assignee the dossier's holder; any other kind records
        an event that ends when it happens."""
        self.ensure_one()
        current = self.current_step_id
        vals = {
            "dossier_id": self.id,
            "sequence": self._onestop_line_sequence(),
            "kind": kind,
            "name": name,
            "process_step_id": step.id if step else False,
            # A line the applicant caused (from the portal) has no officer as its sender.
            "user_from_id": self.env.user.id if kind != "reception" and not by_applicant else False,
            "department_from_id": (current.department_to_id or self.department_id).id
            if kind != "reception"
            else False,
            "user_to_id": user.id if user else False,
            "department_to_id": department.id if department else False,
            "date_start": when,
            "date_due": due,
            "note": note,
        }
        if kind not in TURN_KINDS:
            vals["date_end"] = when
        line = self.env["onestop.dossier.step"].sudo().with_context(**{WRITE_FLAG: True})
        line = line.create(vals)
        if kind in TURN_KINDS:
            dossier_vals = {"current_step_id": line.id}
            if user:
                dossier_vals["user_id"] = user.id
            self.sudo().with_context(onestop_action=True).write(dossier_vals)
        return line

    def _onestop_close_current(self, when, note=False):
        self.ensure_one()
        line = self.current_step_id
        if line and not line.date_end:
            line.sudo()._close(when, note)
        return line

    def _onestop_set_state(self, state):
        self.sudo().with_context(onestop_action=True).write({"state": state})

    def _onestop_forward(self, step, user, department, note=False, when=None, kind="handover"):
        """Hand the dossier to ``user`` of ``department`` for ``step`` (the next step of its
        process; with no process, any unit): the open line ends, a new one starts."""
        when = when or fields.Datetime.now()
        for dossier in self:
            dossier._onestop_close_current(when)
            name = step.name if step else dossier.env._("Handover")
            due = dossier._onestop_step_due(step, when)
            dossier._onestop_open_line(
                kind, name, when, step=step, user=user, department=department, due=due, note=note
            )
            state = "received" if step and step.kind == "reception" else "processing"
            if dossier.state != state:
                dossier._onestop_set_state(state)
            body = dossier.env._(
                "Forwarded by %(sender)s to %(user)s (%(unit)s) for the step %(step)s, due "
                "%(due)s.",
                sender=dossier.env.user.name,
                user=user.name,
                unit=department.display_name,
                step=name,
                due=dossier._format_dt(due) if due else "-",
            )
            if kind == "send_back":
                body = dossier.env._(
                    "Sent back by %(sender)s to %(user)s (%(unit)s) for the step %(step)s, "
                    "due %(due)s. Reason: %(reason)s",
                    sender=dossier.env.user.name,
                    user=user.name,
                    unit=department.display_name,
                    step=name,
                    due=dossier._format_dt(due) if due else "-",
                    reason=note or "-",
                )
            dossier.message_post(body=body, partner_ids=user.partner_id.ids)
        return True

    def _onestop_send_back(self, target, reason, when=None):
        """Return the dossier to the holder of an earlier turn (``target``, a line)."""
        if not (reason or "").strip():
            raise UserError(self.env._("Give the reason for sending the dossier back."))
        return self._onestop_forward(
            target.process_step_id,
            target.user_to_id,
            target.department_to_id,
            note=reason,
            when=when,
            kind="send_back",
        )

    def _onestop_reassign(self, user, note=False, when=None):
        """A head gives the open step to another officer; the due time stays."""
        when = when or fields.Datetime.now()
        for dossier in self:
            line = dossier.current_step_id
            if not line:
                raise UserError(
                    self.env._("The dossier %(dossier)s has no open step.", dossier=dossier.name)
                )
            dossier._onestop_close_current(when)
            dossier._onestop_open_line(
                "reassign",
                line.name,
                when,
                step=line.process_step_id,
                user=user,
                department=line.department_to_id,
                due=line.date_due,
                note=note,
            )
            dossier.message_post(
                body=self.env._(
                    "Reassigned by %(head)s from %(old)s to %(new)s.",
                    head=self.env.user.name,
                    old=line.user_to_id.name or "-",
                    new=user.name,
                ),
                partner_ids=user.partner_id.ids,
            )
        return True

    def _onestop_request_supplement(self, missing, when=None):
        """Form 02: one list of everything missing. Both clocks stop: the dossier's and the
        open step's."""
        if not (missing or "").strip():
            raise UserError(self.env._("List the documents or information that are missing."))
        when = when or fields.Datetime.now()
        for dossier in self:
            dossier._onestop_pause(missing, when=when)
            line = dossier.current_step_id
            dossier._onestop_open_line(
                "supplement_request",
                dossier.env._("Supplement requested"),
                when,
                step=line.process_step_id,
                department=line.department_to_id or dossier.department_id,
                note=missing,
            )
            dossier.message_post(
                body=dossier.env._(
                    "Supplement requested from the applicant; the clock is paused. Missing:\n"
                    "%(missing)s",
                    missing=missing,
                )
            )
            dossier._onestop_notify_stage()
        return True

    def _onestop_supplement_received(self, attachments=None, when=None, applicant=None):
        """The applicant handed in the supplement (at the desk, or uploaded on the portal:
        the portal calls this with sudo() after its own checks and passes the ``applicant``
        partner who sent it). The clocks run again; the appointment date and the open step's
        due time move by the paused working time."""
        when = when or fields.Datetime.now()
        for dossier in self:
            pause = dossier.pause_ids.filtered(lambda p: not p.date_end)[:1]
            dossier._onestop_resume(when=when)
            hours = pause.working_hours
            line = dossier.current_step_id
            if line and not line.date_end:
                vals = {"paused_hours": line.paused_hours + hours}
                if line.date_due and hours > 0:
                    vals["date_due"] = dossier._onestop_working_time().add_working_hours(
                        line.date_due, hours, session_end=False
                    )
                line.sudo().with_context(**{WRITE_FLAG: True}).write(vals)
            if attachments:
                attachments.sudo().write({"res_model": dossier._name, "res_id": dossier.id})
            dossier._onestop_open_line(
                "supplement_received",
                dossier.env._("Supplement received"),
                when,
                step=line.process_step_id,
                department=dossier.department_id,
                note=dossier.env._("Paused for %(hours)s working hours.", hours=round(hours, 2)),
                by_applicant=bool(applicant),
            )
            if attachments:
                dossier.message_post(
                    body=dossier.env._("Documents handed in by the applicant."),
                    attachment_ids=attachments.ids,
                    author_id=applicant.id if applicant else None,
                )
        return True

    def _onestop_end(self, state, reason, when=None):
        """Refuse (form 03), stop, or withdraw at the applicant's request."""
        when = when or fields.Datetime.now()
        for dossier in self:
            dossier._onestop_close(state, reason, when=when)
            line = dossier._onestop_close_current(when)
            dossier._onestop_open_line(
                END_LINE_KINDS[state],
                dossier._onestop_label("state", state),
                when,
                step=line.process_step_id if line else None,
                department=(line.department_to_id if line else dossier.department_id),
                note=reason,
            )
            dossier.sudo().with_context(onestop_action=True).write({"current_step_id": False})
            messages = {
                "refused": dossier.env._("Dossier refused. Reasons: %(reason)s", reason=reason),
                "withdrawn": dossier.env._(
                    "Dossier withdrawn at the applicant's request: %(reason)s", reason=reason
                ),
                "stopped": dossier.env._("Processing stopped: %(reason)s", reason=reason),
            }
            dossier.message_post(body=messages[state])
            children = dossier.child_ids.filtered(lambda c: c.state in OPEN_STATES)
            if children:
                children._onestop_end(
                    "stopped",
                    dossier.env._(
                        "The parent dossier ended (%(state)s): %(reason)s",
                        state=dossier._onestop_label("state", state),
                        reason=reason,
                    ),
                    when=when,
                )
            dossier._onestop_notify_parent(when)
            dossier._onestop_notify_stage()
        return True

    def _onestop_apologise(self, apology, new_due, reason, when=None):
        """Form 04: apologise and set a new appointment date, once only, at least one working
        day before the current one."""
        when = when or fields.Datetime.now()
        self.ensure_one()
        error = self._onestop_action_error("apology")
        if error:
            raise UserError(error)
        if not (reason or "").strip():
            raise UserError(self.env._("Give the reason for the delay."))
        if self._one_working_day_from(when) > self.due_date:
            raise UserError(
                self.env._(
                    "An apology is sent at least one working day before the appointment date "
                    "(%(due)s): it is too late for the dossier %(dossier)s.",
                    due=self._format_dt(self.due_date),
                    dossier=self.display_name,
                )
            )
        old_due = self.due_date
        self._onestop_reschedule(new_due, reason, when=when)
        apology.with_context(onestop_action=True).write(
            {
                "state": "sent",
                "date": when,
                "user_id": self.env.user.id,
                "due_before": old_due,
                "new_due_date": new_due,
                "reason": reason,
            }
        )
        (self.apology_ids - apology).filtered(lambda a: a.state == "draft").with_context(
            onestop_action=True
        ).write({"state": "cancel"})
        line = self.current_step_id
        self._onestop_open_line(
            "reschedule",
            self.env._("Apology and new appointment"),
            when,
            step=line.process_step_id,
            department=line.department_to_id or self.department_id,
            due=new_due,
            note=reason,
        )
        self.message_post(
            body=self.env._(
                "Apology sent to the applicant; new appointment date %(new)s (was %(old)s). "
                "Reason: %(reason)s",
                new=self._format_dt(new_due),
                old=self._format_dt(old_due),
                reason=reason,
            )
        )
        self._onestop_notify_applicant("onestop_workflow.mail_template_dossier_rescheduled")
        return True

    def _onestop_record_result(self, note=False, attachments=None, when=None):
        """The result exists (signed): the dossier is resolved and goes to the return step."""
        when = when or fields.Datetime.now()
        for dossier in self:
            if dossier.waiting_children:
                raise UserError(dossier._onestop_action_error("result"))
            line = dossier._onestop_close_current(when)
            dossier._onestop_resolve(when=when, note=note)
            if attachments:
                attachments.sudo().write({"res_model": dossier._name, "res_id": dossier.id})
                dossier.sudo().with_context(onestop_action=True).write(
                    {"result_attachment_ids": [Command.link(a.id) for a in attachments]}
                )
            dossier._onestop_open_line(
                "result",
                dossier.env._("Result recorded"),
                when,
                step=line.process_step_id if line else None,
                department=line.department_to_id if line else dossier.department_id,
                note=note,
            )
            dossier.sudo().with_context(onestop_action=True).write({"current_step_id": False})
            timing = dossier._onestop_label("result_timing", dossier.result_timing)
            dossier.message_post(
                body=dossier.env._(
                    "Result recorded (%(timing)s).%(note)s",
                    timing=timing,
                    note=(" " + note) if note else "",
                ),
                attachment_ids=attachments.ids if attachments else [],
            )
            if dossier.parent_id:
                dossier._onestop_notify_parent(when)
                continue
            dossier._onestop_open_return_line(line, when)
            dossier._onestop_notify_stage()
        return True

    def _onestop_open_return_line(self, previous, when):
        """The desk's turn to hand the result to the applicant."""
        self.ensure_one()
        step = self.env["onestop.process.step"]
        if self.process_id:
            step = self.process_id.step_ids.filtered(lambda s: s.kind == "return")[:1]
        department = step.department_id or self.department_id
        users = step._allowed_users(department) if step else department.member_ids
        user = self.reception_user_id if self.reception_user_id in users else users[:1]
        user = user or self.reception_user_id
        due = self._onestop_step_due(step, when) if step else False
        self._onestop_open_line(
            "handover",
            step.name or self.env._("Return of the result"),
            when,
            step=step,
            user=user,
            department=department,
            due=due,
        )

    def _onestop_return_result(self, method=None, tracking_ref=False, when=None):
        """The result reached the applicant (at the desk, by post with a tracking number, or
        online)."""
        when = when or fields.Datetime.now()
        for dossier in self:
            line = dossier.current_step_id
            dossier._onestop_return(method=method, when=when, tracking_ref=tracking_ref)
            dossier._onestop_close_current(when)
            method_label = dossier._onestop_label("return_method", dossier.return_method)
            dossier._onestop_open_line(
                "return",
                dossier.env._("Result returned"),
                when,
                step=line.process_step_id,
                department=line.department_to_id or dossier.department_id,
                note="%s%s"
                % (
                    method_label,
                    (" - %s" % dossier.postal_tracking_ref)
                    if dossier.return_method == "postal"
                    else "",
                ),
            )
            dossier.sudo().with_context(onestop_action=True).write({"current_step_id": False})
            dossier.message_post(
                body=dossier.env._(
                    "Result returned to the applicant (%(method)s).",
                    method=method_label,
                )
            )
            dossier._onestop_notify_stage()
        return True

    def _onestop_notify_stage(self):
        """Email the applicant the template of the dossier's new stage, if any (never for an
        inter-agency part: the applicant deals with the parent)."""
        for dossier in self.filtered(lambda d: not d.parent_id):
            template = dossier.stage_id.mail_template_id
            if template:
                dossier._onestop_notify_applicant(template)

    def _onestop_notify_applicant(self, template):
        """Tell the applicant with ``template`` (a record or an XML id): a chatter message and
        an email to the applicant's address, written by a job off the officer's request (see
        ``onestop.mail.queue``)."""
        if isinstance(template, str):
            template = self.env.ref(template, raise_if_not_found=False)
        self.env["onestop.mail.queue"]._enqueue(self, template)

    def _onestop_proposed_due_date(self):
        """A new appointment date for an apology: the current one moved by the allowance of
        the steps still to do (one working day at least)."""
        self.ensure_one()
        if not self.due_date:
            return False
        working_time = self._onestop_working_time()
        hours = working_time.hours_per_day
        step = self.current_step_id.process_step_id
        if step:
            remaining = step.process_id.step_ids.filtered(
                lambda s: (s.sequence, s.id) >= (step.sequence, step.id)
            )
            hours = max(hours, sum(remaining.mapped("allowance_hours")))
        return working_time.shift(self.due_date, hours)

    def _onestop_local_date(self, value):
        """The agency's calendar date of a naive UTC datetime (for the forms)."""
        self.ensure_one()
        return self._onestop_working_time().local_date(value)
