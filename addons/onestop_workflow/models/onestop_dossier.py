from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.osv import expression
from odoo.tools import SQL

from odoo.addons.onestop_base.models.onestop_dossier import (
    OPEN_STATES,
    RUNNING_STATES,
)

from .onestop_dossier_step import TURN_KINDS, WRITE_FLAG

END_LINE_KINDS = {"refused": "refusal", "withdrawn": "withdrawal", "stopped": "stop"}
# Actions whose buttons the form shows when they apply (see _onestop_action_error).
ACTIONS = (
    "forward",
    "send_back",
    "supplement",
    "supplement_received",
    "refuse",
    "withdraw",
    "stop",
    "apology",
    "result",
    "return",
    "transfer",
    "reassign",
)
# Actions that the receiving unit (the desk) may take besides the holder of the open line.
DESK_ACTIONS = ("supplement_received", "refuse", "withdraw", "apology", "return")


class OnestopDossier(models.Model):
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
    waiting_children = fields.Boolean(
        string="Waiting for inter-agency parts",
        compute="_compute_waiting_children",
        store=True,
        index=True,
    )
    children_progress = fields.Char(
        string="Inter-agency parts done", compute="_compute_waiting_children", store=True
    )
    transfer_note = fields.Text(
        string="Work asked", readonly=True, copy=False, help="For an inter-agency part."
    )
    overdue_flag = fields.Boolean(
        string="Flagged overdue",
        readonly=True,
        copy=False,
        index=True,
        help="Set by the deadline job while the dossier is past its appointment date.",
    )
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
    wf_can_forward = fields.Boolean(string="Can forward", compute="_compute_wf_actions")
    wf_can_send_back = fields.Boolean(string="Can send back", compute="_compute_wf_actions")
    wf_can_supplement = fields.Boolean(
        string="Can request a supplement", compute="_compute_wf_actions"
    )
    wf_can_supplement_received = fields.Boolean(
        string="Can take in a supplement", compute="_compute_wf_actions"
    )
    wf_can_refuse = fields.Boolean(string="Can refuse", compute="_compute_wf_actions")
    wf_can_withdraw = fields.Boolean(string="Can withdraw", compute="_compute_wf_actions")
    wf_can_stop = fields.Boolean(string="Can stop", compute="_compute_wf_actions")
    wf_can_apology = fields.Boolean(string="Can apologise", compute="_compute_wf_actions")
    wf_can_result = fields.Boolean(string="Can record the result", compute="_compute_wf_actions")
    wf_can_return = fields.Boolean(string="Can return the result", compute="_compute_wf_actions")
    wf_can_transfer = fields.Boolean(string="Can transfer", compute="_compute_wf_actions")
    wf_can_reassign = fields.Boolean(string="Can reassign", compute="_compute_wf_actions")

    # ------------------------------------------------------------------ computes
    @api.depends("state", "process_step_id.stage_id")
    def _compute_stage_id(self):
        stages = self.env["onestop.stage"].search([])
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

    @api.depends("child_ids.state")
    def _compute_waiting_children(self):
        for dossier in self:
            children = dossier.child_ids
            done = children.filtered(lambda c: c.state not in OPEN_STATES)
            dossier.waiting_children = len(done) < len(children)
            dossier.children_progress = "%s/%s" % (len(done), len(children)) if children else False

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
            limit = working_time.add_working_hours(now, working_time.hours_per_day, False)
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

    @api.depends_context("uid")
    @api.depends("state", "current_step_id", "waiting_children", "apology_count")
    def _compute_wf_actions(self):
        for dossier in self:
            for action in ACTIONS:
                allowed = not dossier._onestop_action_error(action) and dossier._onestop_may(action)
                dossier["wf_can_%s" % action] = allowed

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

    # ------------------------------------------------------------------ rights
    def _onestop_is_admin(self):
        return self.env.su or self.env.user.has_group("onestop_base.group_onestop_admin")

    @api.model
    def _onestop_user_heads(self, department, user=None):
        """Whether ``user`` heads ``department`` or one of its ancestors."""
        user = user or self.env.user
        if not department:
            return False
        ancestor_ids = {int(x) for x in department.sudo().parent_path.split("/") if x}
        if ancestor_ids & set(user.sudo().onestop_headed_department_ids.ids):
            return True
        return bool(
            user.has_group("onestop_base.group_onestop_head")
            and ancestor_ids & set(user.sudo().onestop_department_ids.ids)
        )

    def _onestop_holder(self):
        """Who holds the dossier now and in which unit."""
        self.ensure_one()
        line = self.current_step_id
        return (line.user_to_id or self.user_id), (line.department_to_id or self.department_id)

    def _onestop_user_can_act(self, desk=False):
        """The holder of the open line, a member of its unit, a head above it, an
        administrator; with ``desk``, the receiving unit too."""
        self.ensure_one()
        if self._onestop_is_admin():
            return True
        user = self.env.user
        holder, unit = self._onestop_holder()
        if user == holder:
            return True
        units = unit | (self.department_id if desk else self.env["onestop.department"])
        if units & user.sudo().onestop_department_ids:
            return True
        return any(self._onestop_user_heads(u) for u in units)

    def _onestop_check_can_act(self, desk=False):
        for dossier in self:
            if not dossier._onestop_user_can_act(desk=desk):
                holder, unit = dossier._onestop_holder()
                raise AccessError(
                    self.env._(
                        "Only %(user)s, the members of %(unit)s or their heads may act on the "
                        "dossier %(dossier)s now.",
                        user=holder.sudo().name or "-",
                        unit=unit.sudo().display_name or "-",
                        dossier=dossier.display_name,
                    )
                )
        self.check_access("read")

    def _onestop_check_can_reassign(self):
        for dossier in self:
            _holder, unit = dossier._onestop_holder()
            if not (dossier._onestop_is_admin() or dossier._onestop_user_heads(unit)):
                raise AccessError(
                    self.env._(
                        "Only the head of %(unit)s (or of a unit above it) may reassign the "
                        "dossier %(dossier)s.",
                        unit=unit.sudo().display_name or "-",
                        dossier=dossier.display_name,
                    )
                )

    def _onestop_may(self, action):
        """Whether the current user may take ``action`` (no error raised)."""
        self.ensure_one()
        if action == "reassign":
            _holder, unit = self._onestop_holder()
            return self._onestop_is_admin() or self._onestop_user_heads(unit)
        return self._onestop_user_can_act(desk=action in DESK_ACTIONS)

    def _onestop_check_action(self, action):
        """Raise a clear error when ``action`` does not apply to a dossier or the user may not
        take it."""
        for dossier in self:
            error = dossier._onestop_action_error(action)
            if error:
                raise UserError(error)
            if action == "reassign":
                dossier._onestop_check_can_reassign()
            elif not dossier._onestop_may(action):
                dossier._onestop_check_can_act(desk=action in DESK_ACTIONS)

    # ------------------------------------------------------------------ applicability
    def _onestop_next_step(self):
        self.ensure_one()
        step = self.current_step_id.process_step_id
        return step._next() if step else self.env["onestop.process.step"]

    def _onestop_action_error(self, action):
        """Why ``action`` does not apply to the dossier now (False when it does)."""
        self.ensure_one()
        needs_running = ("forward", "send_back", "supplement", "result", "transfer", "reassign")
        if action in needs_running and self.state not in RUNNING_STATES:
            return self.env._(
                "The dossier %(dossier)s is %(state)s: it is not being processed.",
                dossier=self.display_name,
                state=self._onestop_state_name(),
            )
        return getattr(self, "_onestop_error_%s" % action)()

    def _onestop_state_name(self):
        return self._onestop_label("state", self.state)

    def _onestop_label(self, field, value):
        """The label of a selection value in the user's language."""
        return dict(self._fields[field]._description_selection(self.env)).get(value, "-")

    def _onestop_error_forward(self):
        following = self._onestop_next_step()
        if self.process_id and (not following or following.kind == "return"):
            return self.env._(
                "The dossier %(dossier)s is at the last step of its process: record its "
                "result instead.",
                dossier=self.display_name,
            )
        return False

    def _onestop_error_send_back(self):
        if not self._onestop_send_back_targets():
            return self.env._(
                "The dossier %(dossier)s has no earlier step to be sent back to.",
                dossier=self.display_name,
            )
        return False

    def _onestop_error_supplement(self):
        return False

    def _onestop_error_result(self):
        if self.waiting_children:
            return self.env._(
                "The dossier %(dossier)s waits for its inter-agency parts (%(done)s done): its "
                "result can be recorded when they are resolved.",
                dossier=self.display_name,
                done=self.children_progress,
            )
        following = self._onestop_next_step()
        if self.process_id and following and following.kind != "return":
            return self.env._(
                "The dossier %(dossier)s still has the step %(step)s to go: forward it.",
                dossier=self.display_name,
                step=following.name,
            )
        return False

    def _onestop_error_supplement_received(self):
        if self.state != "waiting_supplement":
            return self.env._(
                "The dossier %(dossier)s is not waiting for a supplement.",
                dossier=self.display_name,
            )
        return False

    def _onestop_error_refuse(self):
        if self.state not in OPEN_STATES and self.state != "draft":
            return self.env._(
                "The dossier %(dossier)s has ended already (%(state)s).",
                dossier=self.display_name,
                state=self._onestop_state_name(),
            )
        return False

    def _onestop_error_withdraw(self):
        if self.state not in OPEN_STATES:
            return self.env._(
                "The dossier %(dossier)s is not in progress (%(state)s).",
                dossier=self.display_name,
                state=self._onestop_state_name(),
            )
        return False

    def _onestop_error_stop(self):
        return self._onestop_error_withdraw()

    def _onestop_error_apology(self):
        if self.state not in OPEN_STATES:
            return self.env._(
                "The dossier %(dossier)s is not in progress (%(state)s): there is no "
                "appointment to move.",
                dossier=self.display_name,
                state=self._onestop_state_name(),
            )
        if self.apology_count:
            return self.env._(
                "The dossier %(dossier)s was rescheduled once already: the law allows one "
                "apology only.",
                dossier=self.display_name,
            )
        return False

    def _onestop_error_return(self):
        if self.state != "resolved":
            return self.env._(
                "The dossier %(dossier)s has no result to return (%(state)s).",
                dossier=self.display_name,
                state=self._onestop_state_name(),
            )
        if self.parent_id:
            return self.env._(
                "The dossier %(dossier)s is an inter-agency part: its result goes to the "
                "parent dossier, not to the applicant.",
                dossier=self.display_name,
            )
        return False

    def _onestop_error_transfer(self):
        if self.parent_id:
            return self.env._(
                "The dossier %(dossier)s is itself an inter-agency part: it cannot be "
                "transferred again.",
                dossier=self.display_name,
            )
        return False

    def _onestop_error_reassign(self):
        if not self.current_step_id:
            return self.env._(
                "The dossier %(dossier)s has no open step to reassign.",
                dossier=self.display_name,
            )
        return False

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

    # ------------------------------------------------------------------ actions (UI)
    def _onestop_wizard(self, action, model, name, context=None):
        self.ensure_one()
        self._onestop_check_action(action)
        return {
            "type": "ir.actions.act_window",
            "name": name,
            "res_model": model,
            "view_mode": "form",
            "target": "new",
            "context": {"default_dossier_id": self.id, **(context or {})},
        }

    def action_open_forward(self):
        return self._onestop_wizard("forward", "onestop.forward.wizard", self.env._("Forward"))

    def action_open_send_back(self):
        return self._onestop_wizard(
            "send_back", "onestop.send.back.wizard", self.env._("Send back")
        )

    def action_open_supplement(self):
        return self._onestop_wizard(
            "supplement", "onestop.supplement.wizard", self.env._("Request a supplement")
        )

    def action_open_refuse(self):
        return self._onestop_wizard(
            "refuse",
            "onestop.close.wizard",
            self.env._("Refuse"),
            {"default_close_state": "refused"},
        )

    def action_open_withdraw(self):
        return self._onestop_wizard(
            "withdraw",
            "onestop.close.wizard",
            self.env._("Withdraw at the applicant's request"),
            {"default_close_state": "withdrawn"},
        )

    def action_open_stop(self):
        return self._onestop_wizard(
            "stop",
            "onestop.close.wizard",
            self.env._("Stop processing"),
            {"default_close_state": "stopped"},
        )

    def action_open_result(self):
        return self._onestop_wizard("result", "onestop.result.wizard", self.env._("Record result"))

    def action_open_return(self):
        return self._onestop_wizard(
            "return",
            "onestop.return.wizard",
            self.env._("Return the result"),
            {"default_method": self.return_method},
        )

    def action_open_transfer(self):
        return self._onestop_wizard(
            "transfer", "onestop.transfer.wizard", self.env._("Inter-agency transfer")
        )

    def action_open_reassign(self):
        return self._onestop_wizard("reassign", "onestop.reassign.wizard", self.env._("Reassign"))

    def action_open_apology(self):
        self.ensure_one()
        self._onestop_check_action("apology")
        draft = self.apology_ids.filtered(lambda a: a.state == "draft")[:1]
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Apology and new appointment"),
            "res_model": "onestop.dossier.apology",
            "view_mode": "form",
            "res_id": draft.id,
            "target": "new",
            "context": {
                "default_dossier_id": self.id,
                "default_new_due_date": self._onestop_proposed_due_date(),
            },
        }

    def action_supplement_received(self):
        """The desk records that the applicant handed in the supplement: the clocks run
        again."""
        self._onestop_check_action("supplement_received")
        self.sudo()._onestop_supplement_received()
        return True

    def action_print_control_slip(self):
        return self.env.ref("onestop_workflow.action_report_form_control_slip").report_action(self)

    def action_print_supplement(self):
        self.ensure_one()
        pause = self.pause_ids[:1]
        if not pause:
            raise UserError(self.env._("No supplement was requested for this dossier."))
        return self.env.ref("onestop_workflow.action_report_form_supplement").report_action(pause)

    def action_print_refusal(self):
        self.ensure_one()
        if self.state != "refused":
            raise UserError(self.env._("The dossier was not refused."))
        return self.env.ref("onestop_workflow.action_report_form_refusal").report_action(self)

    def action_view_children(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("onestop_base.action_dossier")
        action.update(
            {
                "domain": [("parent_id", "=", self.id)],
                "context": {"create": False},
                "name": self.env._("Inter-agency parts"),
            }
        )
        return action

    # ------------------------------------------------------------------ business methods
    # No rights checks below: the public actions check first, then call these (often with
    # sudo(), which keeps the acting user). Each takes ``when`` (naive UTC) for dated
    # history and tests.
    # The pauses and appointment changes that base's primitives write are dated facts that
    # nobody writes by hand (see onestop.dossier.pause and onestop.dossier.deadline): the
    # primitives write them under the actions' flag.
    def _onestop_pause(self, reason, when=None):
        return super(OnestopDossier, self.with_context(onestop_action=True))._onestop_pause(
            reason, when=when
        )

    def _onestop_resume(self, when=None):
        return super(OnestopDossier, self.with_context(onestop_action=True))._onestop_resume(
            when=when
        )

    def _onestop_close(self, state, reason, when=None):
        return super(OnestopDossier, self.with_context(onestop_action=True))._onestop_close(
            state, reason, when=when
        )

    def _set_due_date(self, new_due, kind, when, reason=False, pause=False):
        return super(OnestopDossier, self.with_context(onestop_action=True))._set_due_date(
            new_due, kind, when, reason=reason, pause=pause
        )

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
        if not (reason or "").strip():
            raise UserError(self.env._("Give the reason."))
        when = when or fields.Datetime.now()
        for dossier in self:
            line = dossier._onestop_close_current(when)
            dossier._onestop_close(state, reason, when=when)
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
        if new_due <= self.due_date:
            raise UserError(
                self.env._(
                    "The new appointment date must be after the current one (%(due)s).",
                    due=self._format_dt(self.due_date),
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
            methods = dict(dossier._fields["return_method"]._description_selection(dossier.env))
            dossier._onestop_open_line(
                "return",
                dossier.env._("Result returned"),
                when,
                step=line.process_step_id,
                department=line.department_to_id or dossier.department_id,
                note="%s%s"
                % (
                    methods.get(dossier.return_method, ""),
                    (" - %s" % dossier.postal_tracking_ref)
                    if dossier.return_method == "postal"
                    else "",
                ),
            )
            dossier.sudo().with_context(onestop_action=True).write({"current_step_id": False})
            dossier.message_post(
                body=dossier.env._(
                    "Result returned to the applicant (%(method)s).",
                    method=methods.get(dossier.return_method, "-"),
                )
            )
            dossier._onestop_notify_stage()
        return True

    def _onestop_transfer(self, department, work, hours, user=False, when=None):
        """Send a part of the work to a unit of another agency (liên thông): a child dossier
        with the parent's code, its own deadline and its own control slip. The parent waits
        for it."""
        self.ensure_one()
        when = when or fields.Datetime.now()
        if not (work or "").strip():
            raise UserError(self.env._("Describe the work asked of the other agency."))
        if hours <= 0:
            raise UserError(self.env._("Give the other agency a time allowance."))
        if department.agency_id == self.department_id.agency_id:
            raise UserError(
                self.env._(
                    "%(unit)s belongs to the same agency: forward the dossier instead.",
                    unit=department.display_name,
                )
            )
        working_time = department._onestop_calendar()._onestop_working_time()
        due = working_time.add_working_hours(working_time.start_point(when), hours)
        documents = [
            Command.create(
                {
                    "name": line.name,
                    "sequence": line.sequence,
                    "mandatory": line.mandatory,
                    "originals": line.originals,
                    "copies": line.copies,
                    "is_submitted": line.is_submitted,
                    "attachment_ids": [Command.set(line.attachment_ids.ids)],
                }
            )
            for line in self.document_line_ids
        ]
        child = (
            self.env["onestop.dossier"]
            .sudo()
            .create(
                {
                    "procedure_id": self.procedure_id.id,
                    "partner_id": self.partner_id.id,
                    "channel": self.channel,
                    "department_id": department.id,
                    "parent_id": self.id,
                    "user_id": user.id if user else False,
                    "return_method": "desk",
                    "priority": self.priority,
                    "document_line_ids": documents,
                    "fee_line_ids": [],
                }
            )
        )
        child.with_context(onestop_action=True).write(
            {
                "name": self.name,
                "received_date": when,
                "due_date": due,
                "initial_due_date": due,
                "time_limit": hours,
                "time_unit": "working_hours",
                "cutoff_hour": self.cutoff_hour,
                "state": "received",
                "reception_user_id": self.env.uid,
                "transfer_note": work,
            }
        )
        current = self.current_step_id
        child._onestop_open_line(
            "reception",
            self.env._("Inter-agency part"),
            when,
            user=user or department.head_id or department.member_ids[:1],
            department=department,
            due=due,
            note=work,
        )
        child.step_ids[:1].sudo().with_context(**{WRITE_FLAG: True}).write(
            {
                "user_from_id": self.env.uid,
                "department_from_id": (current.department_to_id or self.department_id).id,
            }
        )
        self._onestop_open_line(
            "transfer",
            self.env._("Inter-agency transfer"),
            when,
            step=current.process_step_id,
            user=user or department.head_id,
            department=department,
            due=due,
            note=work,
        )
        self.message_post(
            body=self.env._(
                "Part of the work sent to %(unit)s, due %(due)s: %(work)s",
                unit=department.display_name,
                due=self._format_dt(due),
                work=work,
            )
        )
        child.message_post(
            body=self.env._(
                "Inter-agency part of the dossier %(code)s received from %(unit)s, due "
                "%(due)s: %(work)s",
                code=self.name,
                unit=self.department_id.display_name,
                due=child._format_dt(due),
                work=work,
            ),
            partner_ids=(user or department.head_id).partner_id.ids,
        )
        return child

    def _onestop_notify_parent(self, when):
        """Tell the parent dossier that one of its inter-agency parts ended."""
        for child in self.filtered("parent_id"):
            parent = child.parent_id
            if child.state == "resolved":
                body = parent.env._(
                    "The inter-agency part at %(unit)s is resolved (%(timing)s): %(note)s",
                    unit=child.department_id.display_name,
                    timing=child._onestop_label("result_timing", child.result_timing),
                    note=child.result_note or "-",
                )
            else:
                body = parent.env._(
                    "The inter-agency part at %(unit)s ended: %(state)s. %(reason)s",
                    unit=child.department_id.display_name,
                    state=child._onestop_label("state", child.state),
                    reason=child.end_reason or "",
                )
            parent.sudo().message_post(body=body, partner_ids=parent.user_id.partner_id.ids)

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

    # ------------------------------------------------------------------ deadline job
    @api.model
    def _cron_onestop_deadlines(self, when=None):
        """Flag overdue lines and dossiers, remind assignees of what is due within one
        working day (an activity, once), tell the department head of an overdue line (once),
        and prepare an apology draft for dossiers at risk of being late."""
        now = when or fields.Datetime.now()
        Line = self.env["onestop.dossier.step"].sudo().with_context(**{WRITE_FLAG: True})
        open_lines = Line.search(
            [
                ("date_end", "=", False),
                ("date_due", "!=", False),
                ("dossier_id.state", "in", list(RUNNING_STATES)),
            ]
        )
        activity_type = self.env.ref("mail.mail_activity_data_todo", raise_if_not_found=False)
        for line in open_lines:
            dossier = line.dossier_id
            working_time = dossier._onestop_working_time()
            if line.date_due < now:
                vals = {"overdue": True}
                head = line.department_to_id.head_id or line.department_to_id.parent_id.head_id
                if not line.head_notified and head:
                    dossier.sudo().message_post(
                        body=dossier.env._(
                            "The step %(step)s of %(user)s was due %(due)s and is overdue.",
                            step=line.name,
                            user=line.user_to_id.name or "-",
                            due=dossier._format_dt(line.date_due),
                        ),
                        partner_ids=head.partner_id.ids,
                        subtype_xmlid="mail.mt_note",
                    )
                    vals["head_notified"] = True
                line.write(vals)
            elif (
                not line.reminder_sent
                and line.user_to_id
                and line.date_due
                <= working_time.add_working_hours(
                    now, working_time.hours_per_day, session_end=False
                )
            ):
                if activity_type:
                    dossier.sudo().activity_schedule(
                        activity_type_id=activity_type.id,
                        date_deadline=working_time.local_date(line.date_due),
                        summary=dossier.env._("Due %(due)s", due=dossier._format_dt(line.date_due)),
                        note=dossier.env._(
                            "The step %(step)s of the dossier %(dossier)s is due within one "
                            "working day.",
                            step=line.name,
                            dossier=dossier.name,
                        ),
                        user_id=line.user_to_id.id,
                    )
                line.write({"reminder_sent": True})
        Dossier = self.sudo().with_context(onestop_action=True)
        late = Dossier.search([("state", "in", list(RUNNING_STATES)), ("due_date", "<", now)])
        late.filtered(lambda d: not d.overdue_flag).write({"overdue_flag": True})
        Dossier.search([("overdue_flag", "=", True), ("id", "not in", late.ids)]).write(
            {"overdue_flag": False}
        )
        for dossier in Dossier.search(
            [
                ("state", "in", list(OPEN_STATES)),
                ("due_date", ">=", now),
                ("apology_count", "=", 0),
            ]
        ):
            if dossier._onestop_at_risk(now) and not dossier.apology_ids.filtered(
                lambda a: a.state == "draft"
            ):
                self.env["onestop.dossier.apology"].sudo().create(
                    {
                        "dossier_id": dossier.id,
                        "new_due_date": dossier._onestop_proposed_due_date(),
                        "reason": dossier.env._(
                            "The dossier needs more time than planned to be processed."
                        ),
                        "is_proposal": True,
                    }
                )
                if dossier.user_id and activity_type:
                    dossier.activity_schedule(
                        activity_type_id=activity_type.id,
                        date_deadline=fields.Date.context_today(dossier),
                        summary=dossier.env._("Apology draft to review"),
                        note=dossier.env._(
                            "The dossier %(dossier)s risks being late: an apology with a new "
                            "appointment date (form 04) is ready to review and send.",
                            dossier=dossier.name,
                        ),
                        user_id=dossier.user_id.id,
                    )
        return True

    def _onestop_at_risk(self, now):
        """At risk of being late while an apology is still possible: the open step is
        overdue, or the allowance of the steps still to do exceeds the working time left;
        and the appointment date is at least one working day away."""
        self.ensure_one()
        if self.state not in RUNNING_STATES or not self.due_date:
            return False
        if self._one_working_day_from(now) > self.due_date:
            return False
        line = self.current_step_id
        if line.date_due and line.date_due < now:
            return True
        step = line.process_step_id
        if not step:
            return False
        following = step.process_id.step_ids.filtered(
            lambda s: (s.sequence, s.id) > (step.sequence, step.id) and s.kind != "return"
        )
        working_time = self._onestop_working_time()
        needed = sum(following.mapped("allowance_hours"))
        if line.date_due and line.date_due > now:
            needed += working_time.working_hours_between(now, line.date_due)
        left = working_time.working_hours_between(now, self.due_date)
        return needed > left + 1e-6
