import logging
from datetime import datetime

from odoo import api, fields, models
from odoo.exceptions import ValidationError

_logger = logging.getLogger(__name__)


class OnestopMailQueue(models.Model):
    """The suite's one job table: work done by a job after the action that asked for it has
    committed, off the officer's request.

    Each row is one job of a kind (``job``), about one dossier, due at ``date_next``. The
    applicant's emails (``mail``) are written here: an action that tells the applicant
    (reception, supplement request, refusal, new appointment, result ready...) only queues the
    mail template; the job renders it in the applicant's language, posts it in the dossier's
    chatter and queues the email. Rendering a template and Odoo's email layout cost most of a
    reception's time, and an officer at the counter should not wait for them. Other addons
    add their kinds with ``selection_add`` and a ``_run_<kind>()`` method (the national
    portal's outbox of onestop_sync). The job is woken up as soon as the action commits.
    """

    _name = "onestop.mail.queue"
    _description = "Job to run after an action"
    _order = "date_next, id"

    job = fields.Selection(
        [("mail", "Applicant's email")], required=True, default="mail", index=True
    )
    dossier_id = fields.Many2one("onestop.dossier", required=True, ondelete="cascade", index=True)
    template_id = fields.Many2one("mail.template", ondelete="cascade")
    user_id = fields.Many2one(
        "res.users",
        string="On behalf of",
        ondelete="set null",
        default=lambda self: self.env.uid,
        help="The officer whose action the email tells of: it goes out in their name.",
    )
    date_next = fields.Datetime(
        string="Not before",
        default=fields.Datetime.now,
        index=True,
        help="The job runs at this time or later (a retry waits here).",
    )
    attempts = fields.Integer(help="Runs that asked to be retried.")

    @api.constrains("job", "template_id")
    def _check_template(self):
        for item in self:
            if item.job == "mail" and not item.template_id:
                raise ValidationError(self.env._("An email job needs its template."))

    @api.model
    def _enqueue(self, dossiers, template):
        """Queue ``template`` for each of ``dossiers`` and wake the job up."""
        if not dossiers or not template:
            return self.browse()
        queued = self.sudo().create(
            [
                {"dossier_id": dossier.id, "template_id": template.id, "user_id": self.env.uid}
                for dossier in dossiers
            ]
        )
        self._wake_up()
        return queued

    @api.model
    def _enqueue_job(self, job, dossiers, now=False):
        """Queue a job of kind ``job`` for each of ``dossiers`` (a job of such a kind does all
        the dossier's pending work when it runs), and wake the job up. A job this transaction
        queued already serves again; one queued earlier does not, since the job may be
        running it now and would not see this transaction's work. With ``now``, the
        dossiers' jobs waiting for a retry run at once too."""
        if not dossiers:
            return self.browse()
        Queue = self.sudo()
        if now:
            Queue.search([("job", "=", job), ("dossier_id", "in", dossiers.ids)]).write(
                {"date_next": fields.Datetime.now()}
            )
        waiting = Queue.search(
            [
                ("job", "=", job),
                ("dossier_id", "in", dossiers.ids),
                ("create_date", "=", self.env.cr.now()),
                ("create_uid", "=", self.env.uid),
            ]
        )
        new = dossiers - waiting.dossier_id
        queued = self.sudo().create(
            [{"job": job, "dossier_id": dossier.id, "user_id": self.env.uid} for dossier in new]
        )
        if queued or (now and waiting):
            self._wake_up()
        return waiting | queued

    @api.model
    def _wake_up(self, at=None):
        cron = self.env.ref("onestop_workflow.ir_cron_mail_queue", raise_if_not_found=False)
        if cron:
            cron.sudo()._trigger(at=at)

    @api.model
    def _cron_send(self, limit=200):
        """Run the jobs that are due, oldest first, ``limit`` per run (the job is woken up
        again while some remain). A job that fails is logged and dropped, so it blocks no
        other; one that asks to be retried (its ``_run_<kind>()`` returned a datetime) waits
        until then."""
        now = fields.Datetime.now()
        queued = self.sudo().search(
            ["|", ("date_next", "=", False), ("date_next", "<=", now)], limit=limit + 1
        )
        batch = queued[:limit]
        done = self.browse()
        for item in batch:
            retry_at = False
            try:
                with self.env.cr.savepoint():
                    retry_at = item._run()
            except Exception:
                _logger.exception(
                    "OneStop: the job %s of dossier %s failed",
                    item.template_id.name or item.job,
                    item.dossier_id.display_name,
                )
            if isinstance(retry_at, datetime):
                item.write({"date_next": retry_at, "attempts": item.attempts + 1})
            else:
                done |= item
        done.unlink()
        if len(queued) > limit:
            self._wake_up()
        else:
            # One wake-up at the next job waiting for its time (not one per job).
            later = self.sudo().search([("date_next", ">", now)], order="date_next", limit=1)
            if later:
                self._wake_up(at=later.date_next)
        return len(batch)

    def _run(self):
        """Do the job: ``True`` when done, or the datetime of a retry."""
        self.ensure_one()
        return getattr(self, "_run_%s" % self.job)()

    def _run_mail(self):
        self._send()
        return True

    def _send(self):
        self.ensure_one()
        dossier = self.dossier_id.with_user(self.user_id) if self.user_id else self.dossier_id
        dossier = dossier.sudo()
        dossier.with_context(mail_notify_force_send=False).message_post_with_source(
            self.template_id,
            subtype_xmlid="mail.mt_comment",
            message_type="comment",
        )
