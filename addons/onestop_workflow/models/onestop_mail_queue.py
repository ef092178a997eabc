import logging

from odoo import api, fields, models

_logger = logging.getLogger(__name__)


class OnestopMailQueue(models.Model):
    """The applicant's emails waiting to be written.

    An action that tells the applicant (reception, supplement request, refusal, new
    appointment, result ready...) only queues the mail template here; the job below renders it
    in the applicant's language, posts it in the dossier's chatter and queues the email, off
    the officer's request. Rendering a template and Odoo's email layout cost most of a
    reception's time, and an officer at the counter should not wait for them. The job is woken
    up as soon as the action commits, so the applicant hears within seconds.
    """

    _name = "onestop.mail.queue"
    _description = "Applicant's email to write"
    _order = "id"

    dossier_id = fields.Many2one("onestop.dossier", required=True, ondelete="cascade", index=True)
    template_id = fields.Many2one("mail.template", required=True, ondelete="cascade")
    user_id = fields.Many2one(
        "res.users",
        string="On behalf of",
        ondelete="set null",
        default=lambda self: self.env.uid,
        help="The officer whose action the email tells of: it goes out in their name.",
    )

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
        cron = self.env.ref("onestop_workflow.ir_cron_mail_queue", raise_if_not_found=False)
        if cron:
            cron.sudo()._trigger()
        return queued

    @api.model
    def _cron_send(self, limit=200):
        """Write the queued emails, oldest first, ``limit`` per run (the job is woken up again
        while some remain). One that fails is logged and dropped, so it blocks no other."""
        queued = self.sudo().search([], limit=limit + 1)
        batch = queued[:limit]
        for item in batch:
            try:
                with self.env.cr.savepoint():
                    item._send()
            except Exception:
                _logger.exception(
                    "OneStop: the email %s of dossier %s could not be written",
                    item.template_id.name,
                    item.dossier_id.display_name,
                )
        batch.unlink()
        if len(queued) > limit:
            self.env.ref("onestop_workflow.ir_cron_mail_queue")._trigger()
        return len(batch)

    def _send(self):
        self.ensure_one()
        dossier = self.dossier_id.with_user(self.user_id) if self.user_id else self.dossier_id
        dossier = dossier.sudo()
        dossier.with_context(mail_notify_force_send=False).message_post_with_source(
            self.template_id,
            subtype_xmlid="mail.mt_comment",
            message_type="comment",
        )
