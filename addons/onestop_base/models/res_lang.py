from odoo import api, models
from odoo.exceptions import UserError

# The language of the official forms, the applicants' emails and the public pages.
VIETNAMESE = "vi_VN"


class ResLang(models.Model):
    _inherit = "res.lang"

    @api.model
    def _onestop_activate_vietnamese(self):
        """Activate Vietnamese and load its terms, as Settings > Languages > Add Languages does
        (``base.language.install``): the official forms are Vietnamese whatever the database's
        first language. Called when a OneStop addon is installed (post-init hook).

        Once Vietnamese is active, Odoo loads the Vietnamese terms of every module it installs
        or upgrades afterwards; here are loaded those of the modules already loaded (installed
        before, or in the same run before this one), which Odoo loaded while Vietnamese was
        inactive. Terms already in the database are kept. Nothing is done when Vietnamese is
        active already."""
        if self._lang_get(VIETNAMESE):
            return self._lang_get(VIETNAMESE)
        lang = self._activate_lang(VIETNAMESE) or self._create_lang(VIETNAMESE)
        modules = self.env["ir.module.module"].search(
            [
                ("name", "in", sorted(self.env.registry._init_modules)),
                ("state", "in", ("installed", "to install", "to upgrade")),
            ]
        )
        modules._update_translations([VIETNAMESE])
        return lang

    @api.model
    def _onestop_check_vietnamese(self):
        """Refuse clearly to print a form when Vietnamese, its language, has been deactivated
        (Odoo would fail with "Invalid language code")."""
        if not self._lang_get(VIETNAMESE):
            raise UserError(
                self.env._(
                    "The official forms are printed in Vietnamese, and Vietnamese is not active "
                    "in this database. An administrator can activate it again: Settings > "
                    "Languages > Add Languages > Vietnamese / Tiếng Việt."
                )
            )
        return True
