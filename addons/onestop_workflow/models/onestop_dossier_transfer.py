"""Inter-agency transfer (liên thông): parts of a dossier sent to units of other agencies."""

from odoo import Command, api, fields, models
from odoo.exceptions import UserError

from odoo.addons.onestop_base.models.onestop_dossier import OPEN_STATES

from .onestop_dossier_step import WRITE_FLAG


class OnestopDossier(models.Model):
    """Inter-agency transfer (liên thông): a part of the work sent to a unit of another
    agency as a child dossier with the parent's code, its own deadline and control slip; the
    parent waits for its parts and hears when each ends."""

    # One job per file (docs/architecture.md), not merged into one class.
    _inherit = "onestop.dossier"  # pylint: disable=consider-merging-classes-inherited

    # ------------------------------------------------------------------ fields
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

    # ------------------------------------------------------------------ computes
    @api.depends("child_ids.state")
    def _compute_waiting_children(self):
        for dossier in self:
            children = dossier.child_ids
            done = children.filtered(lambda c: c.state not in OPEN_STATES)
            dossier.waiting_children = len(done) < len(children)
            dossier.children_progress = "%s/%s" % (len(done), len(children)) if children else False

    # ------------------------------------------------------------------ actions
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
