"""Citizen A cannot see, read or cancel citizen B's appointment at the desk (onestop_hall's
/my/bookings), by the portal's pages or JSON-RPC; visitors are sent to log in."""

import re

import pytest
from attack import RpcError

DESK = "000.21.41.H40"
SLOT_RE = re.compile(r'<button[^>]*name="slot"[^>]*value="([^"]+)"[^>]*data-free="[1-9]')
SERVICE_RE = re.compile(r"/onestop/booking/%s\?service=(\d+)" % re.escape(DESK))


def book(browser):
    """A booking of ``browser``'s citizen at the demo desk's first free slot ahead, taken
    from the public booking page as a logged-in citizen does."""
    desk_page = browser.get("/onestop/booking/%s" % DESK, allow_redirects=True)
    services = SERVICE_RE.findall(desk_page.text)
    assert services, "the demo desk takes online bookings"
    page = browser.get("/onestop/booking/%s?service=%s" % (DESK, services[0]), allow_redirects=True)
    slots = SLOT_RE.findall(page.text)
    assert slots, "the demo desk has free slots in the coming working days"
    token = browser.csrf_token("/onestop/booking/%s?service=%s" % (DESK, services[0]))
    response = browser.post(
        "/onestop/booking/%s" % DESK,
        data={"csrf_token": token, "service": services[0], "slot": slots[-1]},
    )
    assert response.status_code == 303, response.text[-500:]
    view = response.headers["Location"]
    assert "/onestop/booking/view/" in view
    return view.rsplit("/", 1)[1], "/onestop/booking/%s?service=%s" % (DESK, services[0])


@pytest.fixture(scope="module")
def hall(db):
    if not db.value(
        "SELECT 1 FROM ir_module_module WHERE name = 'onestop_hall' AND state = 'installed'"
    ):
        pytest.skip("onestop_hall is not installed")


@pytest.fixture(scope="module")
def victim_booking(hall, client, db):
    """Citizen B's (``congdan2``) booking: its id, token and code."""
    victim = client("congdan2", source="127.0.0.61")
    token, page = book(victim)
    booking_id, code = db.query(
        "SELECT id, name FROM onestop_hall_booking WHERE token = %s", [token]
    )[0]
    yield {"id": booking_id, "token": token, "code": code, "browser": victim, "page": page}
    db.execute("UPDATE onestop_hall_booking SET state = 'cancelled' WHERE id = %s", [booking_id])


def test_my_bookings_lists_only_ones_own(client, victim_booking):
    citizen = client("congdan", source="127.0.0.62")
    listing = citizen.get("/my/bookings", allow_redirects=True)
    assert listing.status_code == 200
    assert 'data-booking-id="%s"' % victim_booking["id"] not in listing.text
    assert victim_booking["token"] not in listing.text
    # The victim sees theirs.
    own = victim_booking["browser"].get("/my/bookings", allow_redirects=True)
    assert 'data-booking-id="%s"' % victim_booking["id"] in own.text
    assert victim_booking["token"] in own.text


def test_cancelling_someone_elses_booking(client, db, victim_booking):
    citizen = client("congdan", source="127.0.0.63")
    token = citizen.csrf_token(victim_booking["page"])
    for path in (
        "/my/bookings/%s/cancel" % victim_booking["id"],
        "/my/bookings/%s/cancel" % (victim_booking["id"] + 10**6),
    ):
        response = citizen.post(path, data={"csrf_token": token})
        assert response.status_code == 404, (path, response.status_code)
    # Without the CSRF token, the victim's own session is refused too.
    response = victim_booking["browser"].post(
        "/my/bookings/%s/cancel" % victim_booking["id"], data={"csrf_token": "forged"}
    )
    assert response.status_code == 400
    state = db.value("SELECT state FROM onestop_hall_booking WHERE id = %s", [victim_booking["id"]])
    assert state == "booked"


def test_jsonrpc_on_bookings(client, victim_booking):
    citizen = client("congdan", source="127.0.0.64")
    found = citizen.call("onestop.hall.booking", "search_read", [], ["name"])
    assert victim_booking["id"] not in [row["id"] for row in found]
    for method, args in (
        ("read", [[victim_booking["id"]], ["name", "slot_start"]]),
        ("write", [[victim_booking["id"]], {"state": "cancelled"}]),
        ("action_cancel", [[victim_booking["id"]]]),
        ("unlink", [[victim_booking["id"]]]),
    ):
        with pytest.raises(RpcError) as caught:
            citizen.call("onestop.hall.booking", method, *args)
        assert caught.value.kind in ("AccessError", "MissingError"), (method, caught.value)
    # Their own booking: readable, not writable by RPC (cancel through the portal only).
    victim = victim_booking["browser"]
    rows = victim.call("onestop.hall.booking", "read", [victim_booking["id"]], ["name"])
    assert rows[0]["name"] == victim_booking["code"]
    with pytest.raises(RpcError):
        victim.call("onestop.hall.booking", "write", [victim_booking["id"]], {"state": "cancelled"})
    with pytest.raises(RpcError):
        victim.call("onestop.hall.booking", "read", [victim_booking["id"]], ["token"])


def test_visitors_are_sent_to_log_in(client, victim_booking):
    visitor = client(source="127.0.0.65")
    for path in ("/my/bookings", "/my/bookings/page/1"):
        response = visitor.get(path)
        assert response.status_code in (302, 303), path
        assert "/web/login" in response.headers["Location"]
    token = visitor.csrf_token("/web/login")
    response = visitor.post(
        "/my/bookings/%s/cancel" % victim_booking["id"], data={"csrf_token": token}
    )
    assert response.status_code in (302, 303)
    assert "/web/login" in response.headers["Location"]
