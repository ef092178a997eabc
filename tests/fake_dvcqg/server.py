"""A fake National Public Service Portal (DVCQG) for the tests and the demo.

    python tests/fake_dvcqg/server.py --port 8099 [--username u --password p]

A real HTTP server process speaking the verbs OneStop uses (``login``, ``DongBoHoSoMC``,
``CapNhatTienDoHoSoMC``, ``TraCuuHoSo``, ``LayDanhMucCoQuan``, ``LayDanhMucLinhVuc``,
``LayDanhMucTTHC``), recording what it receives, and misbehaving on command:

    POST /_control {"mode": "ok" | "fail" | "slow" | "drop" | "malformed", "count": n,
                    "delay": seconds, "expire_sessions": true, "reset": true,
                    "catalogue": {"agency": [...], "field": [...], "procedure": [...]}}
    GET  /_state   {"calls": [...], "dossiers": {...}, "progress": {...}, "logins": n}

``mode`` applies to the next ``count`` calls (all of them when ``count`` is absent): ``fail``
answers 500, ``slow`` waits ``delay`` seconds first, ``drop`` closes the connection without
an answer, ``malformed`` answers 200 with a body that is not JSON. Pushes are idempotent by
``MaHoSo``, progress lines by their key (``X-Idempotency-Key``): a resend updates, never
duplicates. ``FakePortal`` below starts and drives it from a test.
"""

import argparse
import json
import os
import secrets
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

VERBS = (
    "login",
    "DongBoHoSoMC",
    "CapNhatTienDoHoSoMC",
    "TraCuuHoSo",
    "LayDanhMucCoQuan",
    "LayDanhMucLinhVuc",
    "LayDanhMucTTHC",
)
CATALOGUE_VERBS = {
    "LayDanhMucCoQuan": "agency",
    "LayDanhMucLinhVuc": "field",
    "LayDanhMucTTHC": "procedure",
}


class Portal:
    """The portal's state, shared by the handler threads."""

    def __init__(self, username, password):
        self.lock = threading.Lock()
        self.username = username
        self.password = password
        self.reset()

    def reset(self):
        self.mode = "ok"
        self.inflight = 0
        self.slowed = []
        self.count = None
        self.delay = 0.0
        self.sessions = set()
        self.logins = 0
        self.calls = []
        self.dossiers = {}
        self.progress = {}
        self.catalogue = {"agency": [], "field": [], "procedure": []}

    def misbehaviour(self):
        """The mode for this call (and count it)."""
        with self.lock:
            if self.mode == "ok":
                return "ok", 0
            mode, delay = self.mode, self.delay
            if self.count is not None:
                self.count -= 1
                if self.count <= 0:
                    self.mode, self.count = "ok", None
            return mode, delay


class Handler(BaseHTTPRequestHandler):
    portal = None
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):  # noqa: A002 - quiet: the state records the calls
        return

    def _body(self):
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        try:
            return json.loads(raw or b"{}")
        except ValueError:
            return None

    def _answer(self, status, data=None, raw=None):
        body = raw if raw is not None else json.dumps(data, ensure_ascii=False).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        if self.path.rstrip("/") == "/_state":
            portal = self.portal
            with portal.lock:
                self._answer(
                    200,
                    {
                        "calls": portal.calls,
                        "dossiers": portal.dossiers,
                        "progress": portal.progress,
                        "logins": portal.logins,
                        "sessions": len(portal.sessions),
                        "inflight": portal.inflight,
                        "slowed": portal.slowed,
                    },
                )
            return
        self._answer(404, {"error_code": 404, "message": "not found"})

    def do_POST(self):
        verb = self.path.strip("/").split("?")[0]
        body = self._body()
        portal = self.portal
        if verb == "_control":
            with portal.lock:
                if body.get("reset"):
                    portal.reset()
                if "mode" in body:
                    portal.mode = body["mode"]
                    portal.count = body.get("count")
                    portal.delay = float(body.get("delay") or 0)
                if body.get("expire_sessions"):
                    portal.sessions.clear()
                if body.get("catalogue"):
                    portal.catalogue.update(body["catalogue"])
            self._answer(200, {"error_code": 0})
            return
        if verb not in VERBS:
            self._answer(404, {"error_code": 404, "message": "unknown verb"})
            return
        mode, delay = portal.misbehaviour()
        if mode == "slow":
            with portal.lock:
                portal.inflight += 1
                portal.slowed.append(verb)
            time.sleep(delay)
            with portal.lock:
                portal.inflight -= 1
        elif mode == "drop":
            self.close_connection = True
            try:
                self.connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            return
        elif mode == "fail":
            self._answer(500, {"error_code": 500, "message": "internal error"})
            return
        elif mode == "malformed":
            self._answer(200, raw=b"<html>Service Unavailable</html>")
            return
        if body is None:
            self._answer(400, {"error_code": 400, "message": "malformed JSON"})
            return
        if verb == "login":
            self._login(body)
            return
        token = self.headers.get("X-Session-Token")
        with portal.lock:
            if token not in portal.sessions:
                self._answer(401, {"error_code": 401, "message": "session expired"})
                return
            key = self.headers.get("X-Idempotency-Key")
            portal.calls.append(
                {
                    "verb": verb,
                    "key": key,
                    "body": body,
                    "agency": self.headers.get("X-Agency-Code"),
                }
            )
            answer = getattr(self, "_verb_%s" % verb, self._verb_catalogue)(verb, body, key)
        self._answer(200, answer)

    def _login(self, body):
        portal = self.portal
        with portal.lock:
            if (
                body.get("username") != portal.username
                or body.get("password") != portal.password
                or not self.headers.get("X-Agency-Code")
            ):
                self._answer(403, {"error_code": 403, "message": "bad credentials"})
                return
            token = secrets.token_hex(16)
            portal.sessions.add(token)
            portal.logins += 1
        self._answer(200, {"error_code": 0, "session": token, "expires_in": 3600})

    def _verb_DongBoHoSoMC(self, verb, body, key):
        code = body.get("MaHoSo")
        if not code or not body.get("MaTTHC") or not body.get("TrangThaiHoSo"):
            return {"error_code": 1, "message": "MaHoSo, MaTTHC and TrangThaiHoSo are required"}
        dossiers = self.portal.dossiers
        known = dossiers.get(code)
        ref = known["ref"] if known else "QG-%06d" % (len(dossiers) + 1)
        keys = (known["keys"] if known else []) + ([key] if key else [])
        dossiers[code] = {
            "ref": ref,
            "status": str(body["TrangThaiHoSo"]),
            "body": body,
            "keys": keys,
            "pushes": (known["pushes"] if known else 0) + 1,
        }
        return {"error_code": 0, "message": "ok", "MaHoSoQG": ref}

    def _verb_CapNhatTienDoHoSoMC(self, verb, body, key):
        code = body.get("MaHoSo")
        if code not in self.portal.dossiers:
            return {"error_code": 2, "message": "unknown dossier %s" % code}
        self.portal.progress[key or secrets.token_hex(8)] = body
        return {"error_code": 0, "message": "ok", "MaHoSoQG": self.portal.dossiers[code]["ref"]}

    def _verb_TraCuuHoSo(self, verb, body, key):
        codes = body.get("MaHoSo") or []
        if isinstance(codes, str):
            codes = [codes]
        data = [
            {
                "MaHoSo": code,
                "TrangThaiHoSo": self.portal.dossiers[code]["status"],
                "MaHoSoQG": self.portal.dossiers[code]["ref"],
            }
            for code in codes
            if code in self.portal.dossiers
        ]
        return {"error_code": 0, "data": data}

    def _verb_catalogue(self, verb, body, key):
        return {"error_code": 0, "data": self.portal.catalogue[CATALOGUE_VERBS[verb]]}


def catalogue_of(dbname):
    """The procedures and fields of a OneStop database, as a national catalogue (for the
    demo: pulling it maps every procedure)."""
    import psycopg2

    cr = psycopg2.connect(dbname=dbname).cursor()
    cr.execute("SELECT id, name->>'en_US' FROM onestop_procedure_field")
    fields = [{"Ma": "LV%s" % row[0], "Ten": row[1]} for row in cr.fetchall()]
    cr.execute(
        "SELECT code, name->>'en_US', field_id FROM onestop_procedure WHERE code IS NOT NULL"
    )
    procedures = [
        {"Ma": row[0], "Ten": row[1], "MaLinhVuc": "LV%s" % row[2]} for row in cr.fetchall()
    ]
    cr.execute("SELECT DISTINCT code, name->>'en_US' FROM onestop_department WHERE kind = 'agency'")
    agencies = [{"Ma": row[0], "Ten": row[1]} for row in cr.fetchall() if row[0]]
    return {"agency": agencies, "field": fields, "procedure": procedures}


def serve(port, username, password, catalogue_db=None):
    Handler.portal = Portal(username, password)
    if catalogue_db:
        try:
            Handler.portal.catalogue.update(catalogue_of(catalogue_db))
        except Exception as error:  # noqa: BLE001 - a demo without catalogue still serves
            print("no catalogue from %s: %s" % (catalogue_db, error), file=sys.stderr)
    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    server.daemon_threads = True
    print("fake DVCQG ready on port %s" % port, flush=True)
    server.serve_forever()


class FakePortal:
    """Start the fake portal as a process on ``port`` and drive it."""

    def __init__(self, port=None, username="onestop", password="secret-pw"):
        if not port:
            with socket.socket() as sock:
                sock.bind(("127.0.0.1", 0))
                port = sock.getsockname()[1]
        self.port = port
        self.username = username
        self.password = password
        self.url = "http://127.0.0.1:%s" % port
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [
                sys.executable,
                os.path.abspath(__file__),
                "--port",
                str(self.port),
                "--username",
                self.username,
                "--password",
                self.password,
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        line = self.process.stdout.readline()
        if b"ready" not in line:
            self.stop()
            raise RuntimeError("the fake portal did not start on port %s" % self.port)
        return self

    def stop(self):
        if self.process:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None

    def _post(self, path, data):
        request = urllib.request.Request(
            self.url + path,
            data=json.dumps(data).encode(),
            headers={"Content-Type": "application/json"},
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.loads(response.read())

    def control(self, **kwargs):
        return self._post("/_control", kwargs)

    def state(self):
        with urllib.request.urlopen(self.url + "/_state", timeout=10) as response:
            return json.loads(response.read())


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=8099)
    parser.add_argument("--username", default="onestop")
    parser.add_argument("--password", default="secret-pw")
    parser.add_argument("--catalogue-db", help="a OneStop database whose procedures it lists")
    args = parser.parse_args()
    serve(args.port, args.username, args.password, args.catalogue_db)
