"""What the web client asks the server for: the RPCs of a view, captured from headless Chromium.

The benchmark times the kanban and list screens "as the web client asks for them". Rather than
guess which fields, widgets, orders and limits a view makes the client request, it opens the
view in a real browser logged in as a user, records the JSON-RPC calls (``web_read_group``,
``web_search_read``...) through the DevTools protocol, and replays their arguments in process.

    with OdooServer(db) as server, Browser(server.base_url, "login", "password") as browser:
        calls = browser.capture("onestop_workflow.action_dossier_kanban")
"""

import json
import os
import shutil
import subprocess
import tempfile
import time
import urllib.request

import websocket

CHROMIUM = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def login(base_url, db, login_name, password):
    """The ``session_id`` cookie of a user logged in through /web/session/authenticate."""
    body = json.dumps(
        {
            "jsonrpc": "2.0",
            "method": "call",
            "params": {"db": db, "login": login_name, "password": password},
        }
    ).encode()
    request = urllib.request.Request(
        base_url + "/web/session/authenticate",
        data=body,
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        answer = json.loads(response.read())
        if answer.get("error"):
            raise RuntimeError("login of %s failed: %s" % (login_name, answer["error"]))
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _sep, rest = header.partition("=")
            if name.strip() == "session_id":
                return rest.split(";")[0]
    raise RuntimeError("no session cookie for %s" % login_name)


class Browser:
    """A headless Chromium on a blank profile, logged in to Odoo, that records JSON-RPC."""

    def __init__(self, base_url, db, login_name, password, timeout=180):
        self.base_url = base_url
        self.db = db
        self.login_name = login_name
        self.password = password
        self.timeout = timeout
        self.process = None
        self.profile = None
        self.ws = None
        self._id = 0
        self.requests = []
        self.pending = set()
        self.errors = []
        self.last_answer = 0.0

    # ------------------------------------------------------------------ process
    def __enter__(self):
        executable = next((shutil.which(name) for name in CHROMIUM if shutil.which(name)), None)
        if not executable:
            raise RuntimeError("no Chromium found to capture the web client's requests")
        self.profile = tempfile.mkdtemp(prefix="onestop-bench-chrome-")
        self.process = subprocess.Popen(
            [
                executable,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-extensions",
                "--no-first-run",
                "--remote-debugging-address=127.0.0.1",
                "--remote-debugging-port=0",
                "--user-data-dir=%s" % self.profile,
                "--window-size=1920,1080",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        port_file = os.path.join(self.profile, "DevToolsActivePort")
        deadline = time.time() + 30
        while not (os.path.exists(port_file) and os.path.getsize(port_file) > 5):
            if time.time() > deadline:
                raise RuntimeError("Chromium did not open its DevTools port")
            time.sleep(0.1)
        with open(port_file, encoding="utf-8") as handle:
            port = int(handle.readline())
        with urllib.request.urlopen("http://127.0.0.1:%d/json/list" % port, timeout=10) as resp:
            pages = [tab for tab in json.loads(resp.read()) if tab.get("type") == "page"]
        self.ws = websocket.create_connection(
            pages[0]["webSocketDebuggerUrl"], timeout=self.timeout, suppress_origin=True
        )
        self.send("Network.enable")
        self.send("Page.enable")
        self.send("Runtime.enable")
        cookie = login(self.base_url, self.db, self.login_name, self.password)
        self.send(
            "Network.setCookie",
            name="session_id",
            value=cookie,
            url=self.base_url,
            path="/",
            httpOnly=True,
        )
        self.send("Page.navigate", url=self.base_url + "/odoo")
        self.wait_for("odoo.__WOWL_DEBUG__ && odoo.__WOWL_DEBUG__.root && true")
        self.idle()
        return self

    def __exit__(self, *exc):
        if self.ws:
            self.ws.close()
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
        if self.profile:
            shutil.rmtree(self.profile, ignore_errors=True)

    # ------------------------------------------------------------------ protocol
    def _handle(self, message):
        method = message.get("method")
        params = message.get("params", {})
        if method == "Network.requestWillBeSent":
            request = params["request"]
            if "/web/dataset/call_kw" in request["url"] and request.get("postData"):
                body = json.loads(request["postData"]).get("params", {})
                self.requests.append((time.time(), body.get("model"), body.get("method"), body))
                self.pending.add(params["requestId"])
        elif method in ("Network.loadingFinished", "Network.loadingFailed"):
            if params.get("requestId") in self.pending:
                self.pending.discard(params["requestId"])
                self.last_answer = time.time()
        elif method == "Runtime.exceptionThrown":
            details = params["exceptionDetails"]
            self.errors.append(details.get("exception", {}).get("description") or str(details))

    def send(self, method, **params):
        self._id += 1
        wanted = self._id
        self.ws.send(json.dumps({"id": wanted, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == wanted:
                if "error" in message:
                    raise RuntimeError("%s: %s" % (method, message["error"]))
                return message.get("result", {})
            self._handle(message)

    def evaluate(self, expression):
        result = self.send(
            "Runtime.evaluate", expression=expression, awaitPromise=True, returnByValue=True
        )
        if result.get("exceptionDetails"):
            raise RuntimeError("%s: %s" % (expression[:80], result["exceptionDetails"].get("text")))
        return result.get("result", {}).get("value")

    def wait_for(self, expression, timeout=None):
        deadline = time.time() + (timeout or self.timeout)
        while time.time() < deadline:
            try:
                if self.evaluate(expression):
                    return
            except RuntimeError:
                pass
            time.sleep(0.25)
        raise RuntimeError("the web client did not load (%s)" % expression)

    def idle(self, quiet=1.0, timeout=None):
        """Read events until every RPC sent has been answered and none has been sent for
        ``quiet`` seconds."""
        started = time.time()
        deadline = started + (timeout or self.timeout)
        self.ws.settimeout(0.2)
        try:
            while time.time() < deadline:
                last = max([started, self.last_answer] + [r[0] for r in self.requests[-1:]])
                if not self.pending and time.time() - last > quiet:
                    return
                try:
                    self._handle(json.loads(self.ws.recv()))
                except websocket.WebSocketTimeoutException:
                    continue
        finally:
            self.ws.settimeout(self.timeout)
        raise RuntimeError("the web client's requests did not end within %ss" % self.timeout)

    # ------------------------------------------------------------------ capture
    def capture(self, action, options=None, context=None):
        """Open ``action`` (an XML id) as the web client does and return the calls it makes:
        ``[(model, method, {"args": [...], "kwargs": {...}})]``. ``context`` replaces the
        action's own context (its default filters, for instance)."""
        self.requests = []
        self.errors = []
        self.last_answer = 0.0
        expression = """(async () => {
            const service = odoo.__WOWL_DEBUG__.root.env.services.action;
            const options = %s;
            const action = await service.loadAction(%s, options.additionalContext || {});
            const override = %s;
            if (override !== null) {
                action.context = override;
            }
            await service.doAction(action, options);
            return true;
        })()""" % (json.dumps(options or {}), json.dumps(action), json.dumps(context))
        self.evaluate(expression)
        self.idle()
        if self.errors:
            raise RuntimeError("the web client failed: %s" % self.errors[0])
        return [
            (model, method, {"args": params.get("args", []), "kwargs": params.get("kwargs", {})})
            for _when, model, method, params in self.requests
        ]


def first_call(calls, method, model=None):
    for call_model, call_method, params in calls:
        if call_method == method and (model is None or call_model == model):
            return params["kwargs"]
    raise LookupError("the web client made no %s call on %s" % (method, model or "any model"))
