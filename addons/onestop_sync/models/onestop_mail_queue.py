from odoo import fields, models


class OnestopMailQueue(models.Model):
    """The suite's job table runs the national portal's outbox too: one ``sync`` job per
    dossier sends its events in order."""

    _inherit = "onestop.mail.queue"

    job = fields.Selection(
        selection_add=[("sync", "National portal sync")], ondelete={"sync": "cascade"}
    )

    def _run_sync(self):
        return self.env["onestop.sync.event"]._onestop_send_dossier(self.dossier_id)
