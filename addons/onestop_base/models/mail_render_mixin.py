from odoo import models


class MailRenderMixin(models.AbstractModel):
    _inherit = "mail.render.mixin"

    def _onestop_active_langs(self, langs):
        """The applicants' emails fall back on Vietnamese (``object.partner_id.lang or
        'vi_VN'``): if an administrator has deactivated it, they go out in the sender's
        language rather than fail on an "Invalid language code"."""
        if not (self.render_model or "").startswith("onestop."):
            return langs
        Lang = self.env["res.lang"]
        return {
            res_id: lang if not lang or lang == "en_US" or Lang._get_code(lang) else False
            for res_id, lang in langs.items()
        }

    def _render_lang(self, res_ids, engine="inline_template"):
        # Templates and composers in mass mode.
        return self._onestop_active_langs(super()._render_lang(res_ids, engine=engine))

    def _render_field(self, field, res_ids, *args, **kwargs):
        # Composers posting on a record render their language field directly.
        rendered = super()._render_field(field, res_ids, *args, **kwargs)
        if field == "lang":
            rendered = self._onestop_active_langs(rendered)
        return rendered
