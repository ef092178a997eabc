"""Faults: a worker killed in the middle of an online submission leaves a whole dossier or
none; PostgreSQL restarted under a stream of receptions loses no committed dossier and the
server serves again by itself.

They kill processes and restart a PostgreSQL cluster, so they run when ONESTOP_FAULT_TESTS=1
(the test command sets it). The restart uses a cluster of its own, made for the test and
dropped after, never the shared one."""

import os
import shutil
import signal
import subprocess
import tempfile
import threading
import time

import psycopg2
import pytest
import requests
from attack import Client, Database, RpcError, env_flag
from scenario import (
    new_draft,
    new_partner,
    officer_desk,
    online_procedure,
    pdf_bytes,
    receivable_procedure,
    submission_data,
)

pytestmark = pytest.mark.skipif(
    not env_flag("ONESTOP_FAULT_TESTS"), reason="fault tests run with ONESTOP_FAULT_TESTS=1"
)

PG_VERSION = os.environ.get("ONESTOP_FAULT_PG_VERSION", "15")
# A cluster per test database, so that two runs side by side do not meet.
CLUSTER = "onestop_fault_%s" % os.environ.get("ONESTOP_TEST_DB", "onestop_test")
BIG = 6 * 1024 * 1024  # a large scan, under the 10 MB limit


def filestore(db):
    data_dir = os.environ.get("ONESTOP_DATA_DIR") or os.path.expanduser("~/.local/share/Odoo")
    return os.path.join(data_dir, "filestore", db)


def online_dossiers_are_whole(db, keys):
    """Every dossier of these form keys has each mandatory document with a file whose bytes
    are on disk, and the submission message: nothing half-saved."""
    rows = db.query(
        "SELECT id FROM onestop_dossier WHERE portal_submission_key = ANY(%s)", (list(keys),)
    )
    for (dossier_id,) in rows:
        missing = db.value(
            "SELECT count(*) FROM onestop_dossier_document l WHERE l.dossier_id = %s "
            "AND l.mandatory AND NOT EXISTS (SELECT 1 FROM onestop_dossier_document_attachment_rel"
            " r WHERE r.document_id = l.id)",
            (dossier_id,),
        )
        assert missing == 0, dossier_id
        files = db.query(
            "SELECT a.store_fname, a.file_size FROM ir_attachment a "
            "JOIN onestop_dossier_document_attachment_rel r ON r.attachment_id = a.id "
            "JOIN onestop_dossier_document l ON l.id = r.document_id WHERE l.dossier_id = %s",
            (dossier_id,),
        )
        for store_fname, size in files:
            path = os.path.join(filestore(db.db), store_fname)
            assert os.path.exists(path) and os.path.getsize(path) == size, path
        assert db.value(
            "SELECT count(*) FROM mail_message WHERE model = 'onestop.dossier' AND res_id = %s",
            (dossier_id,),
        )
    return len(rows)


def wait_for_transaction(db, started, timeout=60):
    """Wait until a backend of the database is inside a transaction that has created an
    online dossier (its INSERT ran) and not committed yet."""
    deadline = time.time() + timeout
    while time.time() < deadline and started.is_alive():
        found = db.value(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s AND xact_start IS NOT NULL "
            "AND pid != pg_backend_pid() AND (query ILIKE 'INSERT INTO \"ir_attachment\"%%' "
            "OR query ILIKE 'INSERT INTO \"onestop_dossier_document_attachment_rel\"%%' "
            "OR query ILIKE 'INSERT INTO \"mail_message\"%%')",
            (db.db,),
        )
        if found:
            return found
        time.sleep(0.002)
    return None


def test_worker_killed_during_an_online_submission(sec_server, client, admin, db, clean_throttle):
    procedure = online_procedure(admin)
    citizen = client("congdan", source="127.0.0.41")
    keys, interrupted = [], 0
    for attempt in range(3):
        data = submission_data(citizen, procedure)
        key = data["submission_key"]
        keys.append(key)
        files = [
            (
                "document_%s" % document["id"],
                ("ban-quet-%s.pdf" % attempt, pdf_bytes(b"x" * BIG), "application/pdf"),
            )
            for document in procedure["documents"]
        ]
        outcome = {}

        def post(data=data, files=files, outcome=outcome):
            try:
                outcome["response"] = citizen.post(
                    "/my/procedures/%s/submit" % procedure["id"], data=data, files=files
                )
            except requests.RequestException as error:
                outcome["error"] = error

        thread = threading.Thread(target=post)
        thread.start()
        backend = wait_for_transaction(db, thread)
        if backend:
            for pid in sec_server.worker_pids():
                os.kill(pid, signal.SIGKILL)
        thread.join(120)
        if "error" in outcome or outcome["response"].status_code >= 500:
            interrupted += 1
        # Whatever happened, the database holds the whole dossier or none.
        assert online_dossiers_are_whole(db, [key]) in (0, 1)
        # The server serves again (the master starts new workers) and the citizen, sending
        # the same form again, gets one dossier, whole.
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                if citizen.get("/web/health").status_code == 200:
                    break
            except requests.RequestException:
                pass
            time.sleep(0.5)
        again = citizen.post(
            "/my/procedures/%s/submit" % procedure["id"],
            data=data,
            files=[(n, (f, pdf_bytes(b"again"), m)) for n, (f, _c, m) in files],
        )
        assert again.status_code == 303, again.status_code
        assert online_dossiers_are_whole(db, [key]) == 1
    assert interrupted, "no submission was caught in its transaction"
    assert online_dossiers_are_whole(db, keys) == len(keys)


# ---------------------------------------------------------------------- PostgreSQL restart
def run(*command, check=True):
    return subprocess.run(command, capture_output=True, text=True, check=check)


@pytest.fixture(scope="module")
def fault_cluster(test_db):
    """A PostgreSQL cluster of its own on a free port, with a copy of the test database."""
    if not shutil.which("pg_createcluster") or os.geteuid() != 0:
        pytest.skip("needs root and Debian's pg_createcluster")
    from server import free_port

    port = free_port()
    run("pg_dropcluster", PG_VERSION, CLUSTER, "--stop", check=False)
    run(
        "pg_createcluster",
        PG_VERSION,
        CLUSTER,
        "-p",
        str(port),
        "--start",
        "--",
        "--auth-local=trust",
        "--auth-host=trust",
    )
    try:
        run("psql", "-p", str(port), "-U", "postgres", "-c", "CREATE ROLE root SUPERUSER LOGIN")
        run("createdb", "-p", str(port), test_db)
        dump = subprocess.Popen(["pg_dump", "--no-owner", test_db], stdout=subprocess.PIPE)
        subprocess.run(
            ["psql", "-q", "-p", str(port), "-d", test_db, "-v", "ON_ERROR_STOP=1"],
            stdin=dump.stdout,
            capture_output=True,
            check=True,
        )
        dump.wait()
        yield port
    finally:
        run("pg_dropcluster", PG_VERSION, CLUSTER, "--stop", check=False)


def test_postgresql_restart_under_receptions(fault_cluster, test_db):
    from server import OdooServer

    data_dir = tempfile.mkdtemp(prefix="onestop-fault-")
    copy = Database(test_db, port=fault_cluster)
    with OdooServer(
        test_db, workers=2, extra_args=["--db_port=%s" % fault_cluster, "--data-dir=" + data_dir]
    ) as server:
        officer = Client(server.base_url, test_db).login("tiepnhan.hoalu")
        admin = Client(server.base_url, test_db).login("admin", "admin")
        desk = officer_desk(officer)
        procedure = receivable_procedure(admin, desk)
        partner = new_partner(officer, "Công dân khởi động lại CSDL")
        committed, failures = [], []
        stop = threading.Event()

        def stream(number):
            browser = Client(server.base_url, test_db)
            while not stop.is_set():
                try:
                    if not browser.uid:
                        browser.login("tiepnhan.hoalu")
                    dossier = new_draft(browser, procedure, partner, desk)
                    browser.button("onestop.dossier", "action_receive", [dossier])
                    committed.append(dossier)
                except (
                    RpcError,
                    requests.RequestException,
                    KeyError,
                    ValueError,
                    AssertionError,
                ) as error:
                    failures.append(type(error).__name__)
                    time.sleep(0.2)
                    try:
                        browser.login("tiepnhan.hoalu")
                    except (RpcError, requests.RequestException, AssertionError):
                        pass

        threads = [threading.Thread(target=stream, args=(n,)) for n in range(4)]
        for thread in threads:
            thread.start()
        # Receptions commit steadily before the restart.
        started = time.time()
        while time.time() - started < 90 and len(committed) < 4:
            time.sleep(0.2)
        before_restart = len(committed)
        run("pg_ctlcluster", PG_VERSION, CLUSTER, "restart")
        restarted_at = time.time()
        # The server serves again without being restarted: receptions commit again.
        while time.time() - restarted_at < 90 and len(committed) <= before_restart + 4:
            time.sleep(0.5)
        time.sleep(2)
        stop.set()
        for thread in threads:
            thread.join(60)
        assert before_restart > 0
        assert len(committed) > before_restart + 4, (len(committed), failures)
        rows = dict(
            copy.query(
                "SELECT id, name FROM onestop_dossier WHERE id = ANY(%s) AND state = 'received'",
                (committed,),
            )
        )
        assert set(rows) == set(committed)
        assert all(name and name != "/" for name in rows.values())
        assert len(set(rows.values())) == len(rows)
        lines = copy.value(
            "SELECT count(DISTINCT dossier_id) FROM onestop_dossier_step WHERE dossier_id = ANY(%s)"
            " AND kind = 'reception'",
            (committed,),
        )
        assert lines == len(committed)
        with psycopg2.connect(dbname=test_db, port=fault_cluster) as conn:
            assert conn.server_version
    shutil.rmtree(data_dir, ignore_errors=True)
