"""The deadline job: overdue flags, reminders of what is due within one working day, heads
told of late steps, apology drafts for dossiers at risk."""

from odoo import api, fields, models

from odoo.addons.onestop_base.models.onestop_dossier import OPEN_STATES, RUNNING_STATES

from .onestop_dossier_step import WRITE_FLAG


class OnestopDossier(models.Model):
    """The deadline job (a cron, ``_cron_onestop_deadlines``): flags what is overdue, reminds
    assignees of what is due within one working day, tells heads of late steps, and drafts an
    apology for dossiers at risk of being late."""

    # One job per file (docs/architecture.md), not merged into one class.
    _inherit = "onestop.dossier"  # pylint: disable=consider-merging-classes-inherited

    # ------------------------------------------------------------------ fields
    overdue_flag = fields.Boolean(
        string="Flagged overdue",
        readonly=True,
        copy=False,
        index=True,
        help="Set by the deadline job while the dossier is past its appointment date.",
    )

    # ------------------------------------------------------------------ business methods
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
                and line.date_due <= working_time.one_working_day_from(now)
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
