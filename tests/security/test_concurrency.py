"""Receptions and actions at the same moment on a multi-worker server: distinct codes, no
dossier lost, one action wins and the other is told why."""

import re
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from attack import RpcError
from scenario import (
    ensure_user,
    forwardable_procedure,
    new_draft,
    new_partner,
    officer_desk,
    receivable_procedure,
)

RECEPTIONS = 20
CODE_RE = re.compile(r"^(?P<agency>[A-Z0-9.]+)-(?P<day>\d{6})-(?P<serial>\d{4})$")
CLEAR_KINDS = ("UserError", "AccessError", "ValidationError")


@pytest.fixture(scope="module")
def desk(client):
    return officer_desk(client("tiepnhan.hoalu"))


@pytest.fixture(scope="module")
def officers(admin, desk, xmlid):
    """Four reception officers of the same desk."""
    logins = ["tiepnhan.hoalu"]
    for number in (1, 2, 3):
        login = "tiepnhan.hoalu.sec%s" % number
        ensure_user(admin, login, ["onestop_base.group_onestop_reception"], [desk], xmlid)
        logins.append(login)
    return logins


def at_once(calls):
    """Run the callables in threads released together; their results (or RpcErrors)."""
    barrier = threading.Barrier(len(calls))

    def run(call):
        barrier.wait()
        try:
            return ("ok", call())
        except RpcError as error:
            return (error.kind, error.message)

    with ThreadPoolExecutor(len(calls)) as pool:
        return list(pool.map(run, calls))


def test_twenty_receptions_at_once(client, admin, desk, officers, db):
    first = client(officers[0])
    procedure = receivable_procedure(admin, desk)
    partner = new_partner(first, "Công dân tiếp nhận đồng thời")
    drafts = [new_draft(first, procedure, partner, desk) for _ in range(RECEPTIONS)]
    sessions = [client(officers[i % len(officers)]) for i in range(RECEPTIONS)]
    results = at_once(
        [
            (lambda s=session, d=dossier: s.button("onestop.dossier", "action_receive", [d]))
            for session, dossier in zip(sessions, drafts, strict=True)
        ]
    )
    # Base takes the day's serial in a short transaction of its own: the officers wait for
    # one another for milliseconds and none meets a serialisation failure.
    assert [kind for kind, _message in results] == ["ok"] * RECEPTIONS, results
    rows = db.query(
        "SELECT id, name, state, received_date FROM onestop_dossier WHERE id = ANY(%s)",
        (drafts,),
    )
    assert len(rows) == RECEPTIONS
    codes = [name for _id, name, _state, _date in rows]
    assert len(set(codes)) == RECEPTIONS, codes
    assert {state for _id, _name, state, _date in rows} == {"received"}
    serials = []
    for code in codes:
        match = CODE_RE.match(code)
        assert match, code
        serials.append(int(match["serial"]))
    agency, day = CODE_RE.match(codes[0]).group("agency", "day")
    counter = db.value(
        "SELECT last_serial FROM onestop_dossier_sequence WHERE code = %s "
        "AND to_char(day, 'YYMMDD') = %s",
        (agency, day),
    )
    assert max(serials) <= counter
    # Each dossier has exactly one reception line on its control slip.
    lines = dict(
        db.query(
            "SELECT dossier_id, count(*) FROM onestop_dossier_step WHERE dossier_id = ANY(%s) "
            "AND kind = 'reception' GROUP BY dossier_id",
            (drafts,),
        )
    )
    assert lines == {dossier: 1 for dossier in drafts}


def received_forwardable(client, admin, desk):
    officer = client("tiepnhan.hoalu")
    procedure = forwardable_procedure(admin, desk)
    dossier = new_draft(officer, procedure, new_partner(officer), desk)
    officer.button("onestop.dossier", "action_receive", [dossier])
    return dossier


def open_forward(session, dossier):
    action = session.button("onestop.dossier", "action_open_forward", [dossier])
    return session.call(
        "onestop.forward.wizard", "create", {"dossier_id": dossier}, context=action["context"]
    )


def slip(db, dossier):
    return db.query(
        "SELECT id, kind, date_end IS NOT NULL, user_from_id, user_to_id "
        "FROM onestop_dossier_step WHERE dossier_id = %s ORDER BY sequence, id",
        (dossier,),
    )


def assert_one_wins(results):
    kinds = sorted(kind for kind, _ in results)
    assert kinds.count("ok") == 1, results
    [(kind, message)] = [r for r in results if r[0] != "ok"]
    assert kind in CLEAR_KINDS, results
    # A sentence for the officer, not a database error.
    assert "psycopg2" not in message and "duplicate key" not in message, message
    assert "theo dõi" not in message  # "a partner cannot follow twice": not a clear message
    return message


def test_two_officers_forward_the_same_dossier(client, admin, desk, officers, db):
    dossier = received_forwardable(client, admin, desk)
    first, second = client(officers[0]), client(officers[1])
    wizards = [open_forward(first, dossier), open_forward(second, dossier)]
    results = at_once(
        [
            lambda: first.button("onestop.forward.wizard", "action_confirm", [wizards[0]]),
            lambda: second.button("onestop.forward.wizard", "action_confirm", [wizards[1]]),
        ]
    )
    message = assert_one_wins(results)
    assert "Hồ sơ" in message or "hồ sơ" in message
    lines = slip(db, dossier)
    # The reception line, closed once; one handover, open: no double line.
    assert [kind for _id, kind, *_ in lines] == ["reception", "handover"], lines
    assert [ended for _id, _kind, ended, *_ in lines] == [True, False]
    current = db.value("SELECT current_step_id FROM onestop_dossier WHERE id = %s", (dossier,))
    assert current == lines[-1][0]


def test_double_click_on_the_same_window(client, admin, desk, officers, db):
    """The same officer confirms the same window twice at once (a double click)."""
    dossier = received_forwardable(client, admin, desk)
    officer = client(officers[2])
    wizard = open_forward(officer, dossier)
    twin = client(officers[2])
    results = at_once(
        [
            lambda: officer.button("onestop.forward.wizard", "action_confirm", [wizard]),
            lambda: twin.button("onestop.forward.wizard", "action_confirm", [wizard]),
        ]
    )
    assert_one_wins(results)
    assert [kind for _id, kind, *_ in slip(db, dossier)] == ["reception", "handover"]


def test_a_window_opened_before_someone_else_acted(client, admin, desk, officers, db):
    """Not at the same moment: the second officer confirms a window opened before the first
    one forwarded the dossier."""
    dossier = received_forwardable(client, admin, desk)
    first, second = client(officers[0]), client(officers[3])
    stale = open_forward(second, dossier)
    first.button("onestop.forward.wizard", "action_confirm", [open_forward(first, dossier)])
    with pytest.raises(RpcError) as caught:
        second.button("onestop.forward.wizard", "action_confirm", [stale])
    assert caught.value.kind in CLEAR_KINDS
    assert [kind for _id, kind, *_ in slip(db, dossier)] == ["reception", "handover"]
