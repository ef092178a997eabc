"""A received dossier is never deleted (an administrator archives it), its holder and state
change only through its actions, its control slip is never edited, and every change of
state is tracked with the user and the time."""

import pytest
from attack import RpcError
from scenario import new_draft, new_partner, officer_desk, receivable_procedure

REFUSED = ("UserError", "AccessError", "ValidationError")


@pytest.fixture(scope="module")
def received(client, admin):
    """A dossier received by the desk's officer, and the officer's session."""
    officer = client("tiepnhan.hoalu")
    desk = officer_desk(officer)
    procedure = receivable_procedure(admin, desk)
    dossier = new_draft(officer, procedure, new_partner(officer, "Công dân toàn vẹn"), desk)
    officer.button("onestop.dossier", "action_receive", [dossier])
    return officer, dossier


def refused(call):
    with pytest.raises(RpcError) as caught:
        call()
    assert caught.value.kind in REFUSED, caught.value
    return caught.value.message


def test_received_dossier_is_never_deleted(received, admin, db):
    officer, dossier = received
    for session in (officer, admin):
        refused(lambda session=session: session.call("onestop.dossier", "unlink", [dossier]))
    assert db.value("SELECT count(*) FROM onestop_dossier WHERE id = %s", (dossier,)) == 1


def test_only_an_administrator_archives(received, admin, db):
    officer, dossier = received
    refused(lambda: officer.call("onestop.dossier", "action_archive", [dossier]))
    refused(lambda: officer.call("onestop.dossier", "write", [dossier], {"active": False}))
    assert db.value("SELECT active FROM onestop_dossier WHERE id = %s", (dossier,)) is True
    admin.call("onestop.dossier", "action_archive", [dossier])
    assert db.value("SELECT active FROM onestop_dossier WHERE id = %s", (dossier,)) is False
    admin.call("onestop.dossier", "action_unarchive", [dossier])
    assert db.value("SELECT active FROM onestop_dossier WHERE id = %s", (dossier,)) is True


@pytest.mark.parametrize(
    "field,value",
    [
        ("state", "resolved"),
        ("name", "000.00.00.H00-000000-0000"),
        ("due_date", "2099-01-01 00:00:00"),
        ("received_date", "2000-01-01 00:00:00"),
        ("user_id", 2),
        ("department_id", None),
        ("current_step_id", False),
    ],
)
def test_holder_state_and_dates_change_only_through_actions(received, admin, db, field, value):
    officer, dossier = received
    if value is None:
        value = db.value(
            "SELECT id FROM onestop_department WHERE id != "
            "(SELECT department_id FROM onestop_dossier WHERE id = %s) ORDER BY id LIMIT 1",
            (dossier,),
        )
    before = db.query("SELECT * FROM onestop_dossier WHERE id = %s", (dossier,))
    for session in (officer, admin):
        refused(
            lambda session=session: session.call(
                "onestop.dossier", "write", [dossier], {field: value}
            )
        )
    assert db.query("SELECT * FROM onestop_dossier WHERE id = %s", (dossier,)) == before


def test_control_slip_lines_are_never_changed(received, admin, db):
    officer, dossier = received
    [(line, name)] = db.query(
        "SELECT id, name FROM onestop_dossier_step WHERE dossier_id = %s", (dossier,)
    )
    for session in (officer, admin):
        refused(
            lambda session=session: session.call(
                "onestop.dossier.step", "write", [line], {"name": "Sửa tay"}
            )
        )
        refused(lambda session=session: session.call("onestop.dossier.step", "unlink", [line]))
        refused(
            lambda session=session: session.call(
                "onestop.dossier.step", "create", {"dossier_id": dossier, "name": "Thêm tay"}
            )
        )
    assert db.query(
        "SELECT id, name FROM onestop_dossier_step WHERE dossier_id = %s", (dossier,)
    ) == [(line, name)]


def test_every_state_change_is_tracked_with_user_and_time(received, db):
    officer, dossier = received
    rows = db.query(
        "SELECT v.old_value_char, v.new_value_char, m.author_id, m.date, m.create_uid "
        "FROM mail_tracking_value v JOIN mail_message m ON m.id = v.mail_message_id "
        "JOIN ir_model_fields f ON f.id = v.field_id "
        "WHERE m.model = 'onestop.dossier' AND m.res_id = %s AND f.name = 'state'",
        (dossier,),
    )
    assert rows, "the reception left no tracked change of state"
    partner = db.value("SELECT partner_id FROM res_users WHERE id = %s", (officer.uid,))
    for _old, _new, author, date, create_uid in rows:
        assert author == partner and create_uid == officer.uid and date
    # Every dossier the users (not the demo loader) moved out of draft has its change of
    # state tracked the same way.
    untracked = db.value(
        "SELECT count(*) FROM onestop_dossier d WHERE d.state != 'draft' AND d.parent_id IS NULL "
        "AND d.create_uid != 1 AND d.create_date > now() - interval '1 day' AND NOT EXISTS "
        "(SELECT 1 FROM "
        "mail_tracking_value v JOIN mail_message m ON m.id = v.mail_message_id JOIN "
        "ir_model_fields f ON f.id = v.field_id WHERE m.model = 'onestop.dossier' AND "
        "m.res_id = d.id AND f.name = 'state' AND m.author_id IS NOT NULL)"
    )
    assert untracked == 0
