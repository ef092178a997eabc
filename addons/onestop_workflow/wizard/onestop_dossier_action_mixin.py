from odoo import api, fields, models
from odoo.exceptions import UserError


class OnestopDossierActionMixin(models.AbstractModel):
    """What the action windows on a dossier share: each remembers the last line of the
    control slip when it opens. Confirming after someone else acted on the dossier in the
    meantime is refused with a clear message, never done twice: the dossier's row is locked
    first, so that two confirmations at the same moment run one after the other (Odoo
    retries the second one, which then sees the first one's line)."""

    _name = "onestop.dossier.action.mixin"
    _description = "Action window on a dossier"

    dossier_id = fields.Many2one("onestop.dossier")
    opened_line_id = fields.Many2one(
        "onestop.dossier.step",
        string="Last line when opened",
        compute="_compute_opened_line_id",
        store=True,
        precompute=True,
        readonly=True,
    )

    @api.depends("dossier_id")
    def _compute_opened_line_id(self):
        for wizard in self:
            wizard.opened_line_id = wizard.dossier_id.sudo().step_ids.sorted("id")[-1:]

    def _onestop_check_unchanged(self):
        """Lock the dossier, then refuse when its control slip changed since the window
        opened."""
        self.ensure_one()
        dossier = self.dossier_id
        self.env.cr.execute(
            "SELECT id FROM onestop_dossier WHERE id = %s FOR NO KEY UPDATE", [dossier.id]
        )
        last = dossier.sudo().step_ids.sorted("id")[-1:]
        if last != self.opened_line_id.sudo():
            raise UserError(
                self.env._(
                    "Someone else acted on the dossier %(dossier)s while this window was open "
                    "(%(what)s, by %(user)s at %(when)s). Close this window and open the "
                    "dossier again to see where it stands.",
                    dossier=dossier.display_name,
                    what=last.name or "-",
                    user=(last.user_from_id or last.create_uid).name or "-",
                    when=dossier._format_dt(last.create_date) if last.create_date else "-",
                )
            )
