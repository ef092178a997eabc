"""Who may act on a dossier, and when: one table of the workflow's actions, and the buttons
that open their windows."""

from typing import NamedTuple

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

# Who may take an action, besides an administrator.
HOLDER = "holder"  # the holder of the open line, the members of its unit, the heads above it
DESK = "desk"  # the same, and the receiving unit (the desk)
HEAD = "head"  # the head of the open line's unit, or of a unit above it


class Action(NamedTuple):
    """One action on a dossier."""

    # The label of its field ``wf_can_<action>``: whether the form shows its button.
    label: str
    # Who may take it, besides an administrator: HOLDER, DESK or HEAD.
    who: str
    # When the dossier's state does not allow it, the reason onestop_base gives: the name
    # after ``_onestop_refusal_`` and its arguments. It is the reason that base's state change
    # itself raises, so the button, the window and the primitive say the same.
    refusal: tuple
    # Whether the workflow adds a condition of its own: ``_onestop_error_<action>()``, a
    # message or False.
    error: bool


# fmt: off
ACTIONS = {action: Action(*row) for action, row in {
    # action               label of wf_can_<action>     who     base's refusal          own
    "forward":             ("Can forward",              HOLDER, ("running",),           True),
    "send_back":           ("Can send back",            HOLDER, ("running",),           True),
    "supplement":          ("Can request a supplement", HOLDER, ("pause",),             False),
    "supplement_received": ("Can take in a supplement", DESK,   ("resume",),            False),
    "refuse":              ("Can refuse",               DESK,   ("close", "refused"),   False),
    "withdraw":            ("Can withdraw",             DESK,   ("close", "withdrawn"), False),
    "stop":                ("Can stop",                 HOLDER, ("close", "stopped"),   False),
    "apology":             ("Can apologise",            DESK,   ("reschedule",),        True),
    "result":              ("Can record the result",    HOLDER, ("resolve",),           True),
    "return":              ("Can return the result",    DESK,   ("return",),            True),
    "transfer":            ("Can transfer",             HOLDER, ("running",),           True),
    "reassign":            ("Can reassign",             HEAD,   ("running",),           True),
}.items()}
# fmt: on


class OnestopDossier(models.Model):
    """Who may act on a dossier, and when: the table of actions above, read by the form's
    buttons (the ``wf_can_*`` fields), by the action windows and by the turns themselves
    (``_onestop_check_action``); and the buttons that open the action windows."""

    # One job per file (docs/architecture.md), not merged into one class.
    _inherit = "onestop.dossier"  # pylint: disable=consider-merging-classes-inherited

    # ------------------------------------------------------------------ fields
    # wf_can_<action> for each action of the table: the form shows the action's button.
    for _action, _spec in ACTIONS.items():
        vars()["wf_can_%s" % _action] = fields.Boolean(
            string=_spec.label, compute="_compute_wf_actions"
        )
    del _action, _spec

    # ------------------------------------------------------------------ computes
    @api.depends_context("uid")
    @api.depends("state", "current_step_id", "waiting_children", "apology_count")
    def _compute_wf_actions(self):
        for dossier in self:
            for action in ACTIONS:
                allowed = not dossier._onestop_action_error(action) and dossier._onestop_may(action)
                dossier["wf_can_%s" % action] = allowed

    # ------------------------------------------------------------------ who
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
            if not dossier._onestop_may("reassign"):
                _holder, unit = dossier._onestop_holder()
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
        who = ACTIONS[action].who
        if who == HEAD:
            _holder, unit = self._onestop_holder()
            return self._onestop_is_admin() or self._onestop_user_heads(unit)
        return self._onestop_user_can_act(desk=who == DESK)

    def _onestop_check_action(self, action):
        """Raise a clear error when ``action`` does not apply to a dossier or the user may not
        take it."""
        for dossier in self:
            error = dossier._onestop_action_error(action)
            if error:
                raise UserError(error)
            if ACTIONS[action].who == HEAD:
                dossier._onestop_check_can_reassign()
            elif not dossier._onestop_may(action):
                dossier._onestop_check_can_act(desk=ACTIONS[action].who == DESK)

    # ------------------------------------------------------------------ when
    def _onestop_action_error(self, action):
        """Why ``action`` does not apply to the dossier now (False when it does): the base's
        reason when its state does not allow it, else the workflow's own condition."""
        self.ensure_one()
        spec = ACTIONS[action]
        refusal, *args = spec.refusal
        reason = getattr(self, "_onestop_refusal_%s" % refusal)(*args)
        if not reason and spec.error:
            reason = getattr(self, "_onestop_error_%s" % action)()
        return reason or False

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

    def _onestop_error_apology(self):
        if self.apology_count:
            return self.env._(
                "The dossier %(dossier)s was rescheduled once already: the law allows one "
                "apology only.",
                dossier=self.display_name,
            )
        return False

    def _onestop_error_return(self):
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

    # ------------------------------------------------------------------ buttons
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
