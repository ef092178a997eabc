from odoo import api, fields, models
from odoo.exceptions import UserError


class OnestopDossierActionMixin(models.AbstractModel):
    """What the action windows on a dossier share: one confirm path. Each window remembers
    the last line of the control slip when it opens. Confirming locks the dossier's row
    first, so that two confirmations at the same moment run one after the other (Odoo
    retries the second one, which then sees the first one's line); refuses with a clear
    message when someone else acted on the dossier in the meantime, never doing it twice;
    checks that the action applies and that the user may take it (the dossier's table of
    actions); checks what the user chose in the window; then takes the action with elevated
    rights and closes the window.

    A window gives only what differs: ``_onestop_action`` (its key in the table of
    actions), ``_onestop_check_input()`` and ``_onestop_apply(dossier)``."""

    _name = "onestop.dossier.action.mixin"
    _description = "Action window on a dossier"
    # The action's key in the dossier's table of actions (onestop_dossier_actions.py).
    _onestop_action = None

    dossier_id = fields.Many2one("onestop.dossier", required=True, ondelete="cascade")
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

    # ------------------------------------------------------------------ actions
    def action_confirm(self):
        self.ensure_one()
        self._onestop_check_unchanged()
        self.dossier_id._onestop_check_action(self._onestop_action_key())
        self._onestop_check_input()
        self._onestop_apply(self.dossier_id.sudo())
        return {"type": "ir.actions.act_window_close"}

    # ------------------------------------------------------------------ what a window gives
    def _onestop_action_key(self):
        """The action this window takes (its key in the dossier's table of actions)."""
        return self._onestop_action

    def _onestop_check_input(self):
        """Raise a UserError when what the user chose in the window does not fit."""

    def _onestop_apply(self, dossier):
        """Take the action on ``dossier`` (with elevated rights: the checks are done)."""
        raise NotImplementedError

    # ------------------------------------------------------------------ business methods
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
