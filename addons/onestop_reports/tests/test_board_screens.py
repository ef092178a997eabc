from datetime import timedelta

from freezegun import freeze_time

from odoo.tests import HttpCase, tagged

from odoo.addons.onestop_base.tests.common import OnestopCase, local

# The hall's screens: HD landscape, full HD landscape, full HD on its side.
SCREENS = ("1280x720", "1920x1080", "1080x1920")
# A Wednesday morning in office hours: the board's "today".
NOW = local(2026, 3, 4, 10, 0)
# In the page, once loaded: no scrolling either way, every text inside the screen and large
# enough to read from across the hall (2.2 % of the screen's smaller side: 24 px in full HD),
# the lists of codes cut at whole lines, Vietnamese labels.
CHECK = """
const problems = [];
const root = document.documentElement;
const width = window.innerWidth, height = window.innerHeight;
if (root.scrollWidth !== width) {
    problems.push("scroll width " + root.scrollWidth + " for a screen " + width + " wide");
}
if (root.scrollHeight > height) {
    problems.push("scroll height " + root.scrollHeight + " for a screen " + height + " high");
}
const smallest = 0.022 * Math.min(width, height);
const texts = document.querySelectorAll(
    ".board h1, .board h2, .board .agency, .board .clock, .board .value, .board .label, "
    + ".board .muted, .board footer span, .board li");
let shown = 0;
for (const element of texts) {
    const box = element.getBoundingClientRect();
    if (element.tagName === "LI") {
        const list = element.parentElement.getBoundingClientRect();
        if (box.left >= list.right - 1 || box.top >= list.bottom - 1) {
            continue;  // out of sight: no room left for it
        }
        if (box.bottom > list.bottom + 0.5) {
            problems.push("code cut in half: " + element.textContent);
        }
        if (element.scrollWidth > element.clientWidth) {
            problems.push("code cut short: " + element.textContent);
        }
        shown++;
    }
    if (box.right > width + 0.5 || box.bottom > height + 0.5 || box.left < -0.5) {
        problems.push("off the screen: " + element.className + " " + element.textContent.trim());
    }
    const size = parseFloat(getComputedStyle(element).fontSize);
    if (size < smallest) {
        problems.push("text of " + size + " px (under " + smallest.toFixed(1) + "): "
                      + element.textContent.trim().slice(0, 40));
    }
}
if (shown < %(min_codes)s) { problems.push("only " + shown + " codes shown"); }
if (!document.body.innerText.includes("Hồ sơ tiếp nhận hôm nay")) {
    problems.push("not in Vietnamese");
}
if (problems.length) {
    console.error(width + "x" + height + ": " + problems.join("; "));
} else {
    console.log("test successful");
}
"""


@tagged("post_install", "-at_install")
class TestBoardScreens(OnestopCase, HttpCase):
    """The public board fits the hall's screen, landscape or portrait, without scrolling,
    however many codes it lists (24 due today, 24 results waiting)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.desk.name = "Trung tâm Phục vụ hành chính công phường Hoa Lư, tỉnh Ninh Bình"
        for index in range(24):
            due = cls._make()
            due._receive(when=local(2026, 3, 3, 8, index))
            due.with_context(onestop_action=True).write({"due_date": local(2026, 3, 4, 16, 0)})
            ready = cls._make(return_method="desk")
            ready._receive(when=local(2026, 3, 2, 8, index))
            ready._onestop_resolve(when=local(2026, 3, 3, 15, 0) + timedelta(minutes=index))

    @classmethod
    def _make(cls, **vals):
        dossier = cls.env["onestop.dossier"].create(
            {
                "procedure_id": cls.procedure.id,
                "partner_id": cls.partner.id,
                "department_id": cls.desk.id,
                "channel": "in_person",
                **vals,
            }
        )
        dossier.document_line_ids.filtered("mandatory").is_submitted = True
        return dossier

    def test_board_fits_each_screen(self):
        values = self.desk.with_context(lang="vi_VN")
        with freeze_time(NOW, tick=True):
            values = values._onestop_board_values()
        self.assertEqual(values["due_today"], 24)
        self.assertEqual(len(values["ready_codes"]), 24)
        for size in SCREENS:
            with self.subTest(screen=size), freeze_time(NOW, tick=True):
                self.browser_size = size
                self.browser_js(
                    "/onestop/board/%s" % self.desk.code,
                    CHECK % {"min_codes": 16},
                    ready="document.readyState === 'complete'",
                )
