from odoo import models


class MailRenderMixin(models.AbstractModel):
    _inherit = "mail.render.mixin"

    def _render_lang(self, res_ids, engine="inline_template"):
        # The applicants' emails (templates and composers alike) fall back on Vietnamese: if
        # an administrator has deactivated it, they go out in the sender's language rather
        # than fail on an "Invalid language code".
        langs = super()._render_lang(res_ids, engine=engine)
        if (self.render_model or "").startswith("onestop."):
            Lang = self.env["res.lang"]
            langs = {
                res_id: lang if not lang or lang == "en_US" or Lang._get_code(lang) else False
                for res_id, lang in langs.items()
            }
        return langs
