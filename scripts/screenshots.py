"""The README's screenshots: each role's screens, in Vietnamese, from `make run`'s database.

    python scripts/screenshots.py [--url http://localhost:8069] [--db onestop] [--out docs/img]
                                  [--serve] [citizen officer manager board]

Run with the project's virtualenv (`make screenshots` does) against a served database that has
the demo data (`make run`). With --serve, when nothing answers at --url, the script serves the
database itself with scripts/run.sh on that address's port for the time of the shots.

Each screen is taken in headless Chromium driven through the DevTools protocol, logged in as
the demo user of its role (whose password is the login), and saved as a PNG under 200 KB
(quantized with Pillow when needed). The receipt is the PDF the citizen downloads, rendered
with pypdfium2.
"""

import argparse
import base64
import io
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

import requests
import websocket
from PIL import Image

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MAX_BYTES = 200 * 1024
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--hide-scrollbars",
    "--lang=vi-VN",
]
BOARD_DESK = "000.21.41.H40"


class Browser:
    """Headless Chromium and one page, through the DevTools protocol."""

    def __init__(self, chromium, width, height):
        self.profile = tempfile.mkdtemp(prefix="onestop-shots-")
        self.process = subprocess.Popen(
            [
                chromium,
                *CHROMIUM_FLAGS,
                "--remote-debugging-port=0",
                "--user-data-dir=%s" % self.profile,
                "--window-size=%d,%d" % (width, height),
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        port_file = os.path.join(self.profile, "DevToolsActivePort")
        for _i in range(200):
            if os.path.exists(port_file) and open(port_file).read().strip():
                break
            time.sleep(0.1)
        else:
            self.close()
            raise RuntimeError("Chromium did not start its DevTools server")
        port = int(open(port_file).read().split()[0])
        for _i in range(50):
            try:
                targets = requests.get("http://127.0.0.1:%d/json" % port, timeout=5).json()
                break
            except requests.ConnectionError:
                time.sleep(0.1)
        page = next(t for t in targets if t["type"] == "page")
        self.ws = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=60)
        self.next_id = 0
        self.call("Page.enable")
        self.call("Runtime.enable")
        self.call("Network.enable")
        self.call(
            "Emulation.setDeviceMetricsOverride",
            width=width,
            height=height,
            deviceScaleFactor=1,
            mobile=False,
        )

    def call(self, method, **params):
        self.next_id += 1
        self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == self.next_id:
                if "error" in message:
                    raise RuntimeError("%s: %s" % (method, message["error"]))
                return message.get("result", {})

    def evaluate(self, expression):
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        return result.get("result", {}).get("value")

    def set_session(self, base_url, session_id):
        host = re.sub(r"^https?://", "", base_url).split("/")[0].split(":")[0]
        self.call("Network.setCookie", name="session_id", value=session_id, domain=host, path="/")

    def open(self, url, ready, timeout=60):
        """Go to ``url`` and wait until ``ready`` (a JavaScript expression) is true and the
        page has been still for a moment."""
        self.call("Page.navigate", url=url)
        deadline = time.time() + timeout
        while time.time() < deadline:
            time.sleep(0.3)
            if self.evaluate("document.readyState === 'complete' && !!(%s)" % ready):
                time.sleep(1.5)  # fonts, images, the last renders
                return
        raise RuntimeError("%s: not ready after %ss (%s)" % (url, timeout, ready))

    def screenshot(self):
        data = self.call("Page.captureScreenshot", format="png")["data"]
        return Image.open(io.BytesIO(base64.b64decode(data)))

    def close(self):
        try:
            self.ws.close()
        except Exception:  # noqa: BLE001 - closing only
            pass
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        shutil.rmtree(self.profile, ignore_errors=True)


def login(base_url, db, user):
    """A session of ``user`` (demo password: the login)."""
    session = requests.Session()
    page = session.get(base_url + "/web/login", params={"db": db} if db else None, timeout=60)
    token = re.search(r'name="csrf_token"\s+value="([^"]+)"', page.text).group(1)
    response = session.post(
        base_url + "/web/login",
        data={"login": user, "password": user, "csrf_token": token, "redirect": "/odoo"},
        timeout=60,
    )
    if "session_id" not in session.cookies or "/web/login" in response.url:
        raise RuntimeError("%s could not log in at %s" % (user, base_url))
    return session


def save(image, path):
    """A PNG under 200 KB: as is when small enough, else with fewer colours."""
    image = image.convert("RGB")
    for colors in (None, 256, 128, 64):
        buffer = io.BytesIO()
        shot = image if colors is None else image.quantize(colors=colors, dither=Image.NONE)
        shot.save(buffer, "PNG", optimize=True)
        if buffer.tell() < MAX_BYTES:
            break
    else:
        image = image.resize((image.width * 3 // 4, image.height * 3 // 4))
        return save(image, path)
    with open(path, "wb") as out:
        out.write(buffer.getvalue())
    print("%s: %dx%d, %d KB" % (os.path.relpath(path, ROOT), *image.size, buffer.tell() // 1024))


BACKEND_READY = (
    "document.querySelector('.o_action_manager .o_view_controller, .o_action_manager .o_form_view')"
    " && !document.querySelector('.o_loading_indicator, .o_blockUI')"
)


def shoot_citizen(args, out):
    session = login(args.url, args.db, "congdan")
    dossiers = session.get(args.url + "/my/dossiers", timeout=60).text
    rows = re.findall(r'href="/my/dossiers/(\d+)[^"]*"(.*?)</tr>', dossiers, re.S)
    if not rows:
        raise RuntimeError("congdan has no dossier: is this make run's demo database?")
    # A dossier being processed shows the most: its steps so far, its appointment date.
    processing = [int(i) for i, row in rows if "Đang giải quyết" in row]
    dossier_id = processing[0] if processing else int(rows[0][0])
    browser = Browser(args.chromium, 1280, 1000)
    try:
        browser.set_session(args.url, session.cookies["session_id"])
        browser.open(
            args.url + "/my/dossiers", "document.querySelector('.o_portal_my_doc_table, table')"
        )
        save(browser.screenshot(), os.path.join(out, "citizen_dossiers.png"))
        browser.open(
            args.url + "/my/dossiers/%d" % dossier_id,
            "(() => { const chatter = document.querySelector('.o_portal_chatter');"
            " const root = chatter && chatter.querySelector('#chatterRoot');"
            " return !chatter || (root && root.shadowRoot"
            " && root.shadowRoot.querySelector('.o-mail-Thread')); })()",
        )
        save(browser.screenshot(), os.path.join(out, "citizen_dossier.png"))
    finally:
        browser.close()
    # The receipt: the PDF the citizen downloads, first page.
    import pypdfium2

    pdf = session.get(args.url + "/my/dossiers/%d/receipt" % dossier_id, timeout=120)
    if pdf.headers.get("Content-Type", "").split(";")[0] != "application/pdf":
        raise RuntimeError("the receipt of dossier %s is not a PDF" % dossier_id)
    document = pypdfium2.PdfDocument(pdf.content)
    try:
        image = document[0].render(scale=1.4).to_pil()
    finally:
        document.close()
    save(image, os.path.join(out, "citizen_receipt.png"))


def shoot_officer(args, out):
    session = login(args.url, args.db, "tiepnhan.hoalu")
    browser = Browser(args.chromium, 1440, 900)
    try:
        browser.set_session(args.url, session.cookies["session_id"])
        browser.open(
            args.url + "/odoo/action-onestop_workflow.action_dossier_kanban",
            BACKEND_READY + " && document.querySelector('.o_kanban_renderer .o_kanban_record')",
        )
        save(browser.screenshot(), os.path.join(out, "officer_kanban.png"))
        browser.open(
            args.url + "/odoo/action-onestop_base.action_dossier_new",
            BACKEND_READY + " && document.querySelector('.o_form_view .o_field_widget')",
        )
        save(browser.screenshot(), os.path.join(out, "officer_reception.png"))
    finally:
        browser.close()


def shoot_manager(args, out):
    session = login(args.url, args.db, "quanly")
    browser = Browser(args.chromium, 1440, 900)
    try:
        browser.set_session(args.url, session.cookies["session_id"])
        browser.open(
            args.url + "/odoo/action-onestop_reports.action_dashboard",
            BACKEND_READY,
        )
        save(browser.screenshot(), os.path.join(out, "manager_dashboard.png"))
        browser.open(
            args.url + "/odoo/action-onestop_reports.action_dossier_report?view_type=pivot",
            BACKEND_READY + " && document.querySelector('.o_pivot table')",
        )
        save(browser.screenshot(), os.path.join(out, "manager_pivot.png"))
    finally:
        browser.close()


def shoot_board(args, out):
    browser = Browser(args.chromium, 1280, 720)
    try:
        browser.open(args.url + "/onestop/board/" + BOARD_DESK, "document.querySelector('.board')")
        save(browser.screenshot(), os.path.join(out, "board.png"))
    finally:
        browser.close()


SHOTS = {
    "citizen": shoot_citizen,
    "officer": shoot_officer,
    "manager": shoot_manager,
    "board": shoot_board,
}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default=os.environ.get("ONESTOP_URL", "http://localhost:8069"))
    parser.add_argument("--db", default=os.environ.get("ONESTOP_DB", "onestop"))
    parser.add_argument("--out", default=os.path.join(ROOT, "docs", "img"))
    parser.add_argument("--chromium", default=shutil.which("chromium") or "/usr/bin/chromium")
    parser.add_argument(
        "--serve", action="store_true", help="serve the database (scripts/run.sh) if need be"
    )
    parser.add_argument("only", nargs="*", help="citizen, officer, manager, board (all by default)")
    args = parser.parse_args()
    args.url = args.url.rstrip("/")
    unknown = set(args.only) - set(SHOTS)
    if unknown:
        sys.exit("Unknown screens: %s (choose among %s)" % (", ".join(unknown), ", ".join(SHOTS)))
    os.makedirs(args.out, exist_ok=True)
    server = None
    if not answers(args.url):
        if not args.serve:
            sys.exit("No Odoo answers at %s: start `make run` first (or pass --url)." % args.url)
        server = serve(args.url, args.db)
    try:
        shoot(args)
    finally:
        if server:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(30)


def answers(url):
    try:
        return requests.get(url + "/web/login", timeout=10).status_code < 500
    except requests.ConnectionError:
        return False


def serve(url, db):
    """`make run`'s server on the port of ``url``, until it answers (it creates the database
    with the demo data first when there is none: minutes)."""
    port = int(re.search(r":(\d+)$", url).group(1)) if re.search(r":(\d+)$", url) else 80
    print("serving %s on port %d (scripts/run.sh)" % (db, port))
    log = open(os.path.join(tempfile.gettempdir(), "onestop-screenshots-server.log"), "w")
    server = subprocess.Popen(
        [
            "bash",
            os.path.join(ROOT, "scripts", "run.sh"),
            "--http-port=%d" % port,
            "--gevent-port=%d" % (port + 1),
            "--max-cron-threads=0",
        ],
        env=dict(os.environ, ONESTOP_DB=db),
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    for _i in range(1800):
        if server.poll() is not None:
            sys.exit("scripts/run.sh stopped: see %s" % log.name)
        if answers(url):
            return server
        time.sleep(1)
    os.killpg(server.pid, signal.SIGTERM)
    sys.exit("scripts/run.sh did not answer in 30 minutes: see %s" % log.name)


def shoot(args):
    for name in args.only or SHOTS:
        SHOTS[name](args, args.out)


if __name__ == "__main__":
    main()
