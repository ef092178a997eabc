"""The national portal's outbox (onestop_sync) against a running multi-worker server with
its cron worker, and the fake national portal (tests/fake_dvcqg) as a process of its own:

- the portal down for the length of ``ONESTOP_SYNC_ACTIONS`` receptions (500 by default),
  then back: every event arrives once, in order per dossier, none lost, and the officers'
  actions took as long as with the portal up (figures printed);
- a worker killed while it sends: the event goes again, the portal sees one dossier.

They kill processes, so they run with ONESTOP_FAULT_TESTS=1 (the test command sets it)."""

import importlib.util
import os
import signal
import statistics
import sys
import time

import pytest
from paths import ROOT
from server import OdooServer, free_port

sys.path.insert(0, os.path.join(ROOT, "tests", "security"))

from attack import Client, Database, env_flag  # noqa: E402
from scenario import new_draft, new_partner, officer_desk, receivable_procedure  # noqa: E402

pytestmark = pytest.mark.skipif(
    not env_flag("ONESTOP_FAULT_TESTS"), reason="fault tests run with ONESTOP_FAULT_TESTS=1"
)

ACTIONS = int(os.environ.get("ONESTOP_SYNC_ACTIONS", "500"))


def fake_portal_module():
    path = os.path.join(ROOT, "tests", "fake_dvcqg", "server.py")
    spec = importlib.util.spec_from_file_location("onestop_fake_dvcqg_suite", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def fake():
    portal = fake_portal_module().FakePortal(free_port()).start()
    yield portal
    portal.stop()


@pytest.fixture(scope="module")
def sync_server(test_db, fake):
    """The server with one cron worker (it sends), pointed at the fake portal."""
    data_dir = os.environ.get("ONESTOP_DATA_DIR")
    extra = ["--max-cron-threads=1"] + (["--data-dir=%s" % data_dir] if data_dir else [])
    with OdooServer(test_db, workers=2, extra_args=extra) as server:
        admin = Client(server.base_url, test_db).login("admin", "admin")
        endpoints = admin.call("onestop.sync.endpoint", "search", [])
        if endpoints:
            admin.call("onestop.sync.endpoint", "write", endpoints, {"active": False})
        endpoint = admin.call(
            "onestop.sync.endpoint",
            "create",
            {
                "name": "DVCQG (fake, suite)",
                "url": fake.url,
                "agency_code": "000.00.00.H40",
                "username": fake.username,
                "password": fake.password,
                "timeout": 5,
                "retry_delay": 1,
                "max_pause": 2,
                "max_attempts": 5,
            },
        )
        yield server, admin
        admin.call("onestop.sync.endpoint", "write", [endpoint], {"active": False})


@pytest.fixture(scope="module")
def desk_setup(sync_server):
    server, admin = sync_server
    officer = Client(server.base_url, server.db).login("tiepnhan.hoalu")
    desk = officer_desk(officer)
    procedure = receivable_procedure(admin, desk)
    mapped = admin.call(
        "onestop.sync.catalogue", "search", [("procedure_id", "=", procedure)], limit=1
    )
    if not mapped:
        admin.call(
            "onestop.sync.catalogue",
            "create",
            {
                "kind": "procedure",
                "code": "QG.SUITE.%s" % procedure,
                "name": "Thủ tục (bộ kiểm thử)",
                "procedure_id": procedure,
            },
        )
    partner = new_partner(officer, name="Công dân đồng bộ")
    return officer, desk, procedure, partner


def receive(officer, desk, procedure, partner):
    dossier = new_draft(officer, procedure, partner, desk)
    start = time.perf_counter()
    officer.call("onestop.dossier", "action_receive", [dossier])
    return dossier, time.perf_counter() - start


def events_of(db, dossiers):
    """``{dossier id: [(uid, state), ...]}`` in the order the events were written."""
    rows = db.query(
        "SELECT dossier_id, uid, state FROM onestop_sync_event WHERE dossier_id = ANY(%s) "
        "ORDER BY id",
        (list(dossiers),),
    )
    found = {}
    for dossier, uid, state in rows:
        found.setdefault(dossier, []).append((uid, state))
    return found


def wait_all_sent(db, dossiers, timeout=600):
    deadline = time.time() + timeout
    while time.time() < deadline:
        left = db.value(
            "SELECT count(*) FROM onestop_sync_event WHERE dossier_id = ANY(%s) "
            "AND state != 'sent'",
            (list(dossiers),),
        )
        if left == 0:
            return time.time()
        time.sleep(1)
    raise AssertionError("%s events still unsent after %ss" % (left, timeout))


def test_portal_down_for_many_actions_loses_nothing(sync_server, desk_setup, fake, test_db):
    server, _admin = sync_server
    officer, desk, procedure, partner = desk_setup
    db = Database(test_db)
    fake.control(reset=True)
    up_times = [receive(officer, desk, procedure, partner)[1] for _ in range(10)]
    fake.control(mode="fail")
    dossiers, down_times = [], []
    for _ in range(ACTIONS):
        dossier, seconds = receive(officer, desk, procedure, partner)
        dossiers.append(dossier)
        down_times.append(seconds)
    fake.control(mode="ok")
    back = time.time()
    done = wait_all_sent(db, dossiers)
    events = events_of(db, dossiers)
    calls = [c for c in fake.state()["calls"] if c["verb"] != "TraCuuHoSo"]
    keys = [c["key"] for c in calls]
    sent = {uid for rows in events.values() for uid, _state in rows}
    assert len(events) == ACTIONS
    assert sent <= set(keys), "an event never reached the portal"
    assert len(set(keys) & sent) == len([k for k in keys if k in sent]), "an event arrived twice"
    codes = dict(db.query("SELECT id, name FROM onestop_dossier WHERE id = ANY(%s)", (dossiers,)))
    for dossier, rows in events.items():
        order = [c["key"] for c in calls if c["body"].get("MaHoSo") == codes[dossier]]
        assert order == [uid for uid, _state in rows], "out of order for %s" % codes[dossier]
        assert fake.state()["dossiers"][codes[dossier]]["status"] == "2"
    print(
        "\nsync: %s receptions with the portal down; reception median %.0f ms (portal up: "
        "%.0f ms); %s events all sent %.1f s after the portal came back"
        % (
            ACTIONS,
            1000 * statistics.median(down_times),
            1000 * statistics.median(up_times),
            sum(len(rows) for rows in events.values()),
            done - back,
        )
    )


def test_worker_killed_while_sending(sync_server, desk_setup, fake, test_db):
    server, _admin = sync_server
    officer, desk, procedure, partner = desk_setup
    db = Database(test_db)
    fake.control(reset=True)
    warm, _seconds = receive(officer, desk, procedure, partner)
    wait_all_sent(db, [warm], timeout=120)  # a session is open: the next call is the push
    before = len(fake.state()["calls"])
    fake.control(mode="slow", delay=8, count=1)
    dossier, _seconds = receive(officer, desk, procedure, partner)
    code = db.value("SELECT name FROM onestop_dossier WHERE id = %s", (dossier,))
    deadline = time.time() + 60
    while not fake.state()["inflight"] and time.time() < deadline:
        time.sleep(0.2)
    assert fake.state()["inflight"], "the cron worker never called the portal"
    for pid in server.worker_pids():
        os.kill(pid, signal.SIGKILL)
    wait_all_sent(db, [dossier], timeout=300)
    state = fake.state()
    pushes = [c for c in state["calls"][before:] if c["verb"] == "DongBoHoSoMC"]
    if state["slowed"] == ["DongBoHoSoMC"]:
        # The killed call reached the portal, then the push went again: one dossier,
        # updated twice, one national reference.
        assert len(pushes) == 2 and pushes[0]["key"] == pushes[1]["key"]
        assert state["dossiers"][code]["pushes"] == 2
    ref = db.value("SELECT onestop_national_ref FROM onestop_dossier WHERE id = %s", (dossier,))
    assert ref == state["dossiers"][code]["ref"]
    assert len([p for p in state["progress"].values() if p["MaHoSo"] == code]) == 1
    print(
        "\nsync: worker killed while sending (%s); pushes the portal received: %s"
        % (state["slowed"], state["dossiers"][code]["pushes"])
    )
