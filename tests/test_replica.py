"""Read-only routes and methods run on a read-only cursor, so that a PostgreSQL replica
(``db_replica_host`` / ``db_replica_port``) can serve them.

The server here gets an empty ``db_replica_host``: Odoo then opens its read-only connections
on the primary, in read-only transactions, exactly as it would on a replica. A route that
writes would fail there and be retried on a read/write cursor: the server's request log
names the cursor each request used ("ro", "rw" or "ro->rw")."""

import json
import os
import re
import time
import urllib.request
from datetime import date
from http.cookiejar import CookieJar

import psycopg2
import pytest
from server import OdooServer

# Where each request should run: the public tracking page and hall board, the statistics
# (RPC and XLSX), the lists and pivots of the web client on the replica.
READ_ONLY = [
    "/onestop/track/",
    "/onestop/board/",
    "/onestop/reports/statistics.xlsx",
    "/web/dataset/call_kw/onestop.statistics/compute",
    "/web/dataset/call_kw/onestop.dossier/web_search_read",
    "/web/dataset/call_kw/onestop.dossier.report/read_group",
]


@pytest.fixture(scope="module")
def replica_server(test_db, tmp_path_factory):
    log = tmp_path_factory.mktemp("replica") / "server.log"
    server = OdooServer(
        test_db,
        workers=2,
        extra_args=["--db_replica_host=", "--log-level=info"],
        log_path=str(log),
    )
    with server:
        yield server, log


def _facts(test_db):
    connection = psycopg2.connect(dbname=test_db)
    with connection, connection.cursor() as cursor:
        cursor.execute(
            "SELECT tracking_token FROM onestop_dossier WHERE state != 'draft' "
            "AND parent_id IS NULL AND tracking_token IS NOT NULL ORDER BY id LIMIT 1"
        )
        token = cursor.fetchone()[0]
        cursor.execute(
            "SELECT id FROM onestop_department WHERE kind = 'desk' AND active ORDER BY id LIMIT 1"
        )
        desk = cursor.fetchone()[0]
    connection.close()
    return token, desk


def _rpc(opener, server, model, method, args, kwargs=None):
    body = json.dumps(
        {
            "jsonrpc": "2.0",
            "method": "call",
            "params": {"model": model, "method": method, "args": args, "kwargs": kwargs or {}},
        }
    ).encode()
    request = urllib.request.Request(
        server.url("/web/dataset/call_kw/%s/%s" % (model, method)),
        data=body,
        headers={"Content-Type": "application/json"},
    )
    with opener.open(request, timeout=120) as response:
        answer = json.loads(response.read())
    assert "error" not in answer, answer.get("error")
    return answer["result"]


def test_read_only_routes_and_methods(replica_server, test_db):
    server, log = replica_server
    token, desk = _facts(test_db)
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
    for path in ("/onestop/track/%s" % token, "/onestop/board/%s" % desk):
        with opener.open(server.url(path), timeout=60) as response:
            assert response.status == 200

    # The manager of the demo data (password = login).
    login = json.dumps(
        {"jsonrpc": "2.0", "params": {"db": test_db, "login": "quanly", "password": "quanly"}}
    ).encode()
    request = urllib.request.Request(
        server.url("/web/session/authenticate"),
        data=login,
        headers={"Content-Type": "application/json"},
    )
    with opener.open(request, timeout=60) as response:
        assert "error" not in json.loads(response.read())
    year = date.today().year
    rows = _rpc(opener, server, "onestop.statistics", "compute", [f"{year}-01-01", f"{year}-12-31"])
    assert rows and "to_handle" in rows[0]
    result = _rpc(
        opener,
        server,
        "onestop.dossier",
        "web_search_read",
        [[["state", "!=", "draft"]], {"name": {}, "state": {}}],
        {"limit": 80},
    )
    assert result["records"]
    groups = _rpc(
        opener,
        server,
        "onestop.dossier.report",
        "read_group",
        [[], ["dossier_count:sum"], ["department_id", "received_date:month"]],
        {"lazy": False},
    )
    assert groups
    url = "/onestop/reports/statistics.xlsx?date_from=%s-01-01&date_to=%s-12-31" % (year, year)
    with opener.open(server.url(url), timeout=120) as response:
        assert response.status == 200
        assert response.read(2) == b"PK"

    # Each request's line in the log ends with the cursor it used.
    time.sleep(1)
    lines = open(log, encoding="utf-8").read().splitlines()
    for path in READ_ONLY:
        modes = [
            line.rsplit(" ", 1)[-1]
            for line in lines
            if "werkzeug" in line and ('"GET %s' % path in line or '"POST %s' % path in line)
        ]
        assert modes, "no request to %s in %s" % (path, log)
        assert set(modes) == {"ro"}, (path, modes)
    retried = [line for line in lines if "retrying with a read/write cursor" in line]
    assert not retried, retried
    assert not [line for line in lines if re.search(r" (ERROR|CRITICAL) ", line)]
    assert os.path.getsize(log) > 0
