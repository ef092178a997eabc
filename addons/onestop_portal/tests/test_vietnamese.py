import json
import os
import re

import polib

from odoo.modules.module import get_module_path
from odoo.tests import tagged

from .common import PortalHttpCase

# Odoo's strings that the portal's and the public pages show (the portal's layout, lists and
# account, the chatter: mail's thread and composer), with ones that slipped through before.
KNOWN = [
    "The conversation is empty.",
    "Attach files",
    "Send",
    "Write a message...",
    "Emojis",
    "Sort By",
    "Filter By",
    "Search",
    "Newest",
    "Previous",
    "Next",
    "Powered by",
    "Skip to Content",
    "Sign out",
    "My Account",
    "Connection & Security",
    "Documents",
    "Details",
    "Discard",
    "Save",
    "Today",
    "Yesterday",
]
# The modules whose terms are Odoo's own on these pages.
MODULES = ("web", "portal", "mail")
# The page's visible texts and the texts of its placeholders, tooltips and labels, in the
# light DOM and the shadow roots (the portal chatter lives in one). The chatter is waited for.
COLLECT = """
const english = new Set(%(english)s);
const normalize = (text) => text.replace(/\\s+/g, " ").trim().replace(/[:.…]+$/, "");
const waitFor = (condition, what) => new Promise((resolve, reject) => {
    const start = Date.now();
    (function poll() {
        if (condition()) { return resolve(); }
        if (Date.now() - start > 20000) { return reject(new Error("no " + what)); }
        setTimeout(poll, 100);
    })();
});
(async () => {
    const chatter = document.querySelector(".o_portal_chatter");
    if (chatter) {
        await waitFor(() => {
            const root = chatter.querySelector("#chatterRoot");
            return root && root.shadowRoot && root.shadowRoot.querySelector(".o-mail-Thread");
        }, "chatter");
        await new Promise((resolve) => setTimeout(resolve, 500));
    }
    const texts = [];
    const walk = (node) => {
        if (node.shadowRoot) { walk(node.shadowRoot); }
        for (const child of node.childNodes) {
            if (child.nodeType === Node.TEXT_NODE) {
                texts.push(child.textContent);
            } else if (child.nodeType === Node.ELEMENT_NODE
                       && !["SCRIPT", "STYLE", "TEMPLATE", "NOSCRIPT"].includes(child.tagName)) {
                for (const name of ["placeholder", "title", "aria-label", "alt"]) {
                    if (child.getAttribute(name)) { texts.push(child.getAttribute(name)); }
                }
                if (child.tagName === "INPUT" && ["submit", "button"].includes(child.type)) {
                    texts.push(child.value);
                }
                walk(child);
            }
        }
    };
    walk(document.body);
    const found = [...new Set(texts.map(normalize))].filter((text) => english.has(text));
    if (%(chatter)s && !chatter) {
        console.error("no chatter on " + location.pathname);
    } else if (found.length) {
        console.error("English on " + location.pathname + ": " + found.join(" | "));
    } else {
        console.log("test successful");
    }
})().catch((error) => console.error(location.pathname + ": " + error.message));
"""


def odoo_english_terms():
    """The terms of Odoo's web, portal and mail modules that Vietnamese writes otherwise: any
    of them on a page read in Vietnamese is a term left untranslated."""
    terms = set()
    for module in MODULES:
        for entry in polib.pofile(os.path.join(get_module_path(module), "i18n", "vi.po")):
            if all("emoji_data" in path for path, _line in entry.occurrences):
                continue  # the emoji picker's search keywords, never shown
            text = re.sub(r"\s+", " ", entry.msgid).strip().rstrip(":.…")
            if (
                len(text) >= 4
                and re.search(r"[A-Za-z]{3}", text)
                and not re.search(r"%|\{|<|\$|\\", text)
                and entry.msgstr.strip() != entry.msgid.strip()
            ):
                terms.add(text)
    return terms


@tagged("post_install", "-at_install")
class TestVietnamese(PortalHttpCase):
    """Every string a Vietnamese citizen or visitor sees on the portal and the public pages is
    Vietnamese, Odoo's own included: no term of Odoo's web, portal or mail modules shows in
    English."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if not cls.env["res.lang"]._lang_get("vi_VN"):
            raise AssertionError("the test database has no Vietnamese (--load-language=vi_VN)")
        cls.citizen.lang = "vi_VN"
        cls.english = odoo_english_terms()
        normalized = {re.sub(r"\s+", " ", t).strip().rstrip(":.…") for t in KNOWN}
        cls.terms = sorted(cls.english | normalized)

    def check_page(self, url, login=None, chatter=False):
        code = COLLECT % {"english": json.dumps(self.terms), "chatter": json.dumps(chatter)}
        self.browser_js(url, code, ready="document.readyState === 'complete'", login=login)

    def test_terms_list(self):
        # The list is Odoo's: the strings of the defects found by hand are among them.
        for text in ("The conversation is empty", "Attach files", "Delete Account"):
            self.assertTrue(text in self.english, text)
        self.assertGreater(len(self.english), 1000)

    def test_citizen_pages(self):
        received = self.received_dossier()
        received.sudo().message_post(
            body="Hồ sơ đã được chuyển thẩm định.",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        empty = self.received_dossier()
        empty.sudo().message_ids.unlink()
        waiting = self.waiting_dossier()
        returned = self.returned_dossier()
        login = self.citizen.login
        for url in ("/my", "/my/dossiers", "/my/account", "/my/security"):
            with self.subTest(url=url):
                self.check_page(url, login=login)
        for dossier in (received, empty, waiting, returned):
            with self.subTest(dossier=dossier.state):
                self.check_page("/my/dossiers/%s" % dossier.id, login=login, chatter=True)
        self.check_page("/my/procedures/%s/submit" % self.procedure.id, login=login)

    def test_public_pages(self):
        dossier = self.received_dossier()
        for url in (
            "/onestop/procedures",
            "/onestop/procedures/%s" % self.procedure.id,
            "/onestop/track",
            "/onestop/track/%s" % dossier.tracking_token,
        ):
            with self.subTest(url=url):
                self.check_page(url)
