"""The security suite attacks a multi-worker Odoo server on the test database.

``ONESTOP_SEC_URL`` (and ``ONESTOP_SEC_PID``, the server's process id) point the suite at a
server already running, to develop the attacks; otherwise a server is started for the
session on the test database, with the data directory the test command installed it with
(``ONESTOP_DATA_DIR``)."""

import os
import sys
import types

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from attack import Client, Database  # noqa: E402


def data_dir_args():
    data_dir = os.environ.get("ONESTOP_DATA_DIR")
    return ["--data-dir=%s" % data_dir] if data_dir else []


@pytest.fixture(scope="session")
def sec_server(test_db):
    url = os.environ.get("ONESTOP_SEC_URL")
    if url:
        pid = int(os.environ.get("ONESTOP_SEC_PID", "0"))

        def worker_pids():
            import subprocess

            out = subprocess.run(
                ["pgrep", "-P", str(pid)], capture_output=True, text=True, check=False
            ).stdout
            return [int(p) for p in out.split()]

        yield types.SimpleNamespace(
            base_url=url.rstrip("/"), db=test_db, worker_pids=worker_pids, url=lambda p: url + p
        )
        return
    from server import OdooServer

    workers = int(os.environ.get("ONESTOP_SEC_WORKERS", "4"))
    with OdooServer(test_db, workers=workers, extra_args=data_dir_args()) as server:
        yield server


@pytest.fixture(scope="session")
def db(test_db):
    return Database(test_db)


@pytest.fixture(scope="session")
def client(sec_server, test_db):
    """``client()`` a visitor; ``client("congdan")`` a session logged in as a demo user
    (password = login); ``source`` another local address (127.0.0.x) for another client."""

    def make(login=None, password=None, source=None, pool=10):
        browser = Client(sec_server.base_url, test_db, source_address=source, pool=pool)
        if login:
            browser.login(login, password)
        return browser

    return make


@pytest.fixture(scope="session")
def admin(client):
    return client("admin", "admin")


@pytest.fixture
def clean_throttle(db):
    """Forget every client's abuse counters before and after a test."""
    db.execute("DELETE FROM onestop_portal_throttle")
    yield
    db.execute("DELETE FROM onestop_portal_throttle")


@pytest.fixture(scope="session")
def xmlid(admin):
    """The database id of an XML id."""
    cache = {}

    def resolve(name):
        if name not in cache:
            module, ref = name.split(".")
            rows = admin.call(
                "ir.model.data",
                "search_read",
                [("module", "=", module), ("name", "=", ref)],
                ["res_id"],
            )
            assert rows, name
            cache[name] = rows[0]["res_id"]
        return cache[name]

    return resolve
