"""What the security suite attacks a running OneStop server with: HTTP sessions logged in as
demo users (or nobody), JSON-RPC calls, CSRF tokens read from forms, and a direct look at the
database to check what the attacks left behind."""

import html
import os
import re

import psycopg2
import requests
from requests.adapters import HTTPAdapter

CSRF_RE = re.compile(r'name="csrf_token"\s+(?:type="hidden"\s+)?value="([^"]+)"')
CSRF_JS_RE = re.compile(r'csrf_token:\s*"([^"]+)"')
TIMEOUT = 60


class RpcError(Exception):
    """A JSON-RPC call the server refused: ``name`` is the exception's class path (e.g.
    ``odoo.exceptions.AccessError``)."""

    def __init__(self, error):
        data = error.get("data") or {}
        self.name = data.get("name") or ""
        self.message = data.get("message") or error.get("message") or ""
        self.status = error.get("code")
        super().__init__("%s: %s" % (self.name, self.message))

    @property
    def kind(self):
        return self.name.rsplit(".", 1)[-1]


class SourceAdapter(HTTPAdapter):
    """Connections from a chosen local address (127.0.0.x): another client for the
    per-client limits."""

    def __init__(self, source_address, **kwargs):
        self.source_address = source_address
        super().__init__(**kwargs)

    def init_poolmanager(self, *args, **kwargs):
        kwargs["source_address"] = (self.source_address, 0)
        return super().init_poolmanager(*args, **kwargs)


class Client:
    """One browser: a cookie jar, optionally logged in, optionally from another address."""

    def __init__(self, base_url, db, source_address=None, pool=10):
        self.base_url = base_url
        self.db = db
        self.session = requests.Session()
        if source_address:
            adapter = SourceAdapter(source_address, pool_maxsize=pool)
        else:
            adapter = HTTPAdapter(pool_maxsize=pool)
        self.session.mount("http://", adapter)
        self.uid = None
        self.login_name = None

    def url(self, path):
        return path if path.startswith("http") else self.base_url + path

    # ------------------------------------------------------------------ plain HTTP
    def get(self, path, **kwargs):
        kwargs.setdefault("timeout", TIMEOUT)
        kwargs.setdefault("allow_redirects", False)
        return self.session.get(self.url(path), **kwargs)

    def post(self, path, **kwargs):
        kwargs.setdefault("timeout", TIMEOUT)
        kwargs.setdefault("allow_redirects", False)
        return self.session.post(self.url(path), **kwargs)

    def request(self, method, path, **kwargs):
        kwargs.setdefault("timeout", TIMEOUT)
        kwargs.setdefault("allow_redirects", False)
        return self.session.request(method, self.url(path), **kwargs)

    def csrf_token(self, path="/web/login"):
        """The CSRF token of the session, read from a form of ``path``."""
        response = self.get(path, allow_redirects=True)
        match = CSRF_RE.search(response.text) or CSRF_JS_RE.search(response.text)
        assert match, "no CSRF token on %s (%s)" % (path, response.status_code)
        return html.unescape(match.group(1))

    # ------------------------------------------------------------------ JSON-RPC
    def jsonrpc(self, path, params):
        response = self.post(
            path, json={"jsonrpc": "2.0", "method": "call", "params": params, "id": 1}
        )
        if response.status_code != 200:
            raise RpcError(
                {"message": "HTTP %s" % response.status_code, "code": response.status_code}
            )
        payload = response.json()
        if "error" in payload:
            raise RpcError(payload["error"])
        return payload.get("result")  # Odoo leaves out a result of None

    def login(self, login, password=None):
        result = self.jsonrpc(
            "/web/session/authenticate",
            {"db": self.db, "login": login, "password": password or login},
        )
        self.uid = result["uid"]
        self.login_name = login
        assert self.uid, "login %s failed" % login
        return self

    def call(self, model, method, *args, **kwargs):
        return self.jsonrpc(
            "/web/dataset/call_kw/%s/%s" % (model, method),
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        )

    def button(self, model, method, ids, context=None):
        """A form's button, as the web client sends it."""
        return self.jsonrpc(
            "/web/dataset/call_button",
            {
                "model": model,
                "method": method,
                "args": [ids],
                "kwargs": {"context": context or {}},
            },
        )


def database_dsn(db):
    return {"dbname": db}


class Database:
    """Read what the server committed (never used to attack)."""

    def __init__(self, db, **connect_args):
        self.db = db
        self.connect_args = connect_args

    def connect(self):
        conn = psycopg2.connect(dbname=self.db, **self.connect_args)
        conn.autocommit = True
        return conn

    def query(self, sql, params=None):
        with self.connect() as conn, conn.cursor() as cr:
            cr.execute(sql, params or ())
            return cr.fetchall() if cr.description else []

    def value(self, sql, params=None):
        rows = self.query(sql, params)
        return rows[0][0] if rows else None

    def execute(self, sql, params=None):
        conn = self.connect()
        try:
            with conn.cursor() as cr:
                cr.execute(sql, params or ())
        finally:
            conn.close()


def env_flag(name):
    return os.environ.get(name, "").lower() in ("1", "true", "yes")
