from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools.translate import code_translations

from .common import OnestopCase

REPORT = "onestop_base.test_report_vietnamese"


@tagged("post_install", "-at_install")
class TestVietnamese(OnestopCase):
    """Vietnamese is the language of the official forms: an administrator who deactivates it
    gets a clear message when a form is printed, not Odoo's "Invalid language code"; installing
    a OneStop addon activates it again with its terms."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # A form of the kind the addons ship: the dossier read in Vietnamese.
        cls.env["ir.ui.view"].create(
            {
                "name": REPORT,
                "key": REPORT,
                "type": "qweb",
                "arch": """
                    <t t-name="%s">
                        <t t-call="web.html_container">
                            <t t-foreach="docs.with_context(lang='vi_VN')" t-as="dossier">
                                <p class="o_state" t-out="dossier._state_label()"/>
                            </t>
                        </t>
                    </t>"""
                % REPORT,
            }
        )
        cls.report = cls.env["ir.actions.report"].create(
            {
                "name": "Test form",
                "model": "onestop.dossier",
                "report_type": "qweb-html",
                "report_name": REPORT,
            }
        )
        cls.dossier = cls.env["onestop.dossier"].create(
            {
                "procedure_id": cls.procedure.id,
                "partner_id": cls.partner.id,
                "department_id": cls.desk.id,
                "channel": "in_person",
            }
        )
        cls.vietnamese = cls.env.ref("base.lang_vi_VN")

    def deactivate_vietnamese(self):
        """As an administrator must: English active, nobody speaks Vietnamese any more, then
        it is archived."""
        self.env["res.lang"]._activate_lang("en_US")
        Users = self.env["res.users"].with_context(active_test=False)
        Users.search([("lang", "=", "vi_VN")]).lang = "en_US"
        Partners = self.env["res.partner"].with_context(active_test=False)
        Partners.search([("lang", "=", "vi_VN")]).lang = "en_US"
        self.vietnamese.active = False
        self.assertFalse(self.env["res.lang"]._lang_get("vi_VN"))

    def render(self, user):
        return (
            self.env["ir.actions.report"]
            .with_user(user)
            .with_context(lang="en_US")
            ._render_qweb_html(self.report, self.dossier.ids)[0]
            .decode()
        )

    def test_form_in_vietnamese(self):
        self.reception.lang = "en_US"
        self.assertIn("Nháp", self.render(self.reception))

    def test_deactivated_vietnamese_clear_message(self):
        self.deactivate_vietnamese()
        with self.assertRaises(UserError) as caught:
            self.render(self.reception)
        message = str(caught.exception)
        self.assertIn("Vietnamese is not active", message)
        self.assertIn("Settings > Languages", message)
        self.assertNotIn("Invalid language code", message)
        # The message has its Vietnamese wording, for the users of other databases.
        vietnamese = code_translations.get_python_translations("onestop_base", "vi_VN")
        self.assertIn("Tiếng Việt", vietnamese.get(message, ""))

    def test_addon_install_activates_vietnamese_with_terms(self):
        self.deactivate_vietnamese()
        # Vietnamese terms that Odoo would not load again by itself: a country's name.
        vietnam = self.env.ref("base.vn")
        self.env.cr.execute(
            "UPDATE res_country SET name = name - 'vi_VN' WHERE id = %s", [vietnam.id]
        )
        vietnam.invalidate_recordset(["name"])
        self.env["res.lang"]._onestop_activate_vietnamese()
        self.assertTrue(self.env["res.lang"]._lang_get("vi_VN"))
        self.assertEqual(vietnam.with_context(lang="vi_VN").name, "Việt Nam")
        self.assertIn("Nháp", self.render(self.reception))
        # Active already: nothing to do, nothing loaded.
        with self.assertQueryCount(0):
            self.env["res.lang"]._onestop_activate_vietnamese()
