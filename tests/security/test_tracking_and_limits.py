"""Public tracking: unguessable tokens compared in constant time, 10,000 random guesses that
find nothing, one answer for an unknown code and a wrong second factor, and per-client
limits (HTTP 429, in Vietnamese) on the lookup, submission and rating routes."""

import collections
import hashlib
import hmac
import http.client
import os
import re
import secrets
import time
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit

import pytest
from scenario import dossiers_of, online_procedure, submission

GUESSES = int(os.environ.get("ONESTOP_SEC_GUESSES", "10000"))
VIETNAMESE_429 = "Quá nhiều lần thử"


def test_tokens_are_long_random_and_distinct(db):
    tokens = [row[0] for row in db.query("SELECT tracking_token FROM onestop_dossier")]
    assert tokens and all(tokens)
    assert len(set(tokens)) == len(tokens)
    for token in tokens:
        # URL-safe base64: 6 bits a character; 128 bits at least (the suite uses 256).
        assert re.fullmatch(r"[A-Za-z0-9_-]+", token)
        assert len(token) * 6 >= 128
    assert min(len(t) for t in tokens) >= 43
    # No token looks like another's: no shared prefix longer than chance allows.
    prefixes = collections.Counter(t[:6] for t in tokens)
    assert prefixes.most_common(1)[0][1] <= 2


def test_tokens_compared_in_constant_time(root):
    """Both public lookups end with ``consteq`` (hmac.compare_digest), never ``==``."""
    path = os.path.join(root, "addons", "onestop_portal", "models", "onestop_dossier.py")
    with open(path) as handle:
        source = handle.read()
    for method in ("_onestop_find_by_tracking_token", "_onestop_lookup"):
        body = source.split("def %s" % method, 1)[1].split("\n    def ", 1)[0]
        assert "consteq(" in body, method
        assert "token ==" not in body and "== token" not in body
    assert "from odoo.tools import consteq" in source


def test_odoo_consteq_is_compare_digest(odoo_src):
    with open(os.path.join(odoo_src, "odoo", "tools", "misc.py")) as handle:
        assert re.search(r"^consteq = hmac_lib\.compare_digest", handle.read(), re.M)


def test_ten_thousand_random_guesses(sec_server):
    """Random tokens of the real length, sent concurrently: all answer 404, none 200."""
    netloc = urlsplit(sec_server.base_url)
    # One visitor's cookies for every guess, as a script would keep them: the server does
    # not open a session a guess.
    first = http.client.HTTPConnection(netloc.hostname, netloc.port, timeout=60)
    first.request("GET", "/onestop/track/%s" % secrets.token_urlsafe(32))
    answer = first.getresponse()
    answer.read()
    first.close()
    assert answer.status == 404
    cookies = "; ".join(
        value.split(";", 1)[0]
        for name, value in answer.getheaders()
        if name.lower() == "set-cookie"
    )

    def guess(_):
        connection = http.client.HTTPConnection(netloc.hostname, netloc.port, timeout=60)
        try:
            connection.request(
                "GET", "/onestop/track/%s" % secrets.token_urlsafe(32), headers={"Cookie": cookies}
            )
            response = connection.getresponse()
            response.read()
            return response.status
        except (OSError, http.client.HTTPException) as error:
            return type(error).__name__
        finally:
            connection.close()

    started = time.time()
    with ThreadPoolExecutor(16) as pool:
        statuses = collections.Counter(pool.map(guess, range(GUESSES)))
    elapsed = time.time() - started
    print("\n%s guesses in %.1f s: %s" % (GUESSES, elapsed, dict(statuses)))
    assert statuses[200] == 0
    assert statuses == {404: GUESSES}, statuses


def lookup_form(browser):
    page = browser.get("/onestop/track")
    assert page.status_code == 200
    return browser.csrf_token("/onestop/track")


def normalise(page, code):
    page = re.sub(r'name="csrf_token"[^>]*value="[^"]*"', "", page)
    # The page's script carries a CSRF token too, "<hmac>o<expiry timestamp>": two requests in
    # different seconds get different ones (seen on a loaded machine).
    page = re.sub(r"\b[0-9a-f]{40}o[0-9]+\b", "CSRF", page)
    page = page.replace(code, "CODE")
    return re.sub(r"\s+", " ", page)


@pytest.fixture(scope="module")
def tracked(admin):
    """A demo dossier of congdan, its code, and the last digits of the phone."""
    dossier = [d for d in dossiers_of(admin, "congdan") if d["state"] != "draft"][0]
    return {"code": dossier["name"], "factor": "5678", "token": dossier["tracking_token"]}


def test_unknown_code_and_wrong_factor_look_the_same(client, tracked, clean_throttle):
    browser = client(source="127.0.0.21")
    token = lookup_form(browser)
    unknown_code = "000.00.00.H99-991231-9999"
    wrong_factor = browser.post(
        "/onestop/track", data={"csrf_token": token, "code": tracked["code"], "factor": "0000"}
    )
    unknown = browser.post(
        "/onestop/track", data={"csrf_token": token, "code": unknown_code, "factor": "5678"}
    )
    assert wrong_factor.status_code == unknown.status_code == 404
    assert normalise(wrong_factor.text, tracked["code"]) == normalise(unknown.text, unknown_code)
    right = browser.post(
        "/onestop/track",
        data={"csrf_token": token, "code": tracked["code"], "factor": tracked["factor"]},
    )
    assert right.status_code == 200
    assert tracked["code"] in right.text


def test_lookup_limit_per_client(client, tracked, clean_throttle):
    """Five failed lookups in a window; the sixth answers 429 in Vietnamese, even with the
    right digits. Another client is not affected."""
    guesser = client(source="127.0.0.22")
    token = lookup_form(guesser)
    for digits in ("2222", "3333", "4444", "6666", "7777"):
        response = guesser.post(
            "/onestop/track", data={"csrf_token": token, "code": tracked["code"], "factor": digits}
        )
        assert response.status_code == 404
    blocked = guesser.post(
        "/onestop/track",
        data={"csrf_token": token, "code": tracked["code"], "factor": tracked["factor"]},
    )
    assert blocked.status_code == 429
    assert VIETNAMESE_429 in blocked.text
    assert int(blocked.headers["Retry-After"]) > 0
    assert tracked["code"] not in blocked.text.replace('value="%s"' % tracked["code"], "")
    neighbour = client(source="127.0.0.23")
    response = neighbour.post(
        "/onestop/track",
        data={
            "csrf_token": lookup_form(neighbour),
            "code": tracked["code"],
            "factor": tracked["factor"],
        },
    )
    assert response.status_code == 200


@pytest.fixture
def low_limits(admin):
    """Lower the submission and rating limits for the test; put them back after."""
    Param = "ir.config_parameter"
    keys = ("onestop_portal.submit_max_per_hour", "onestop_portal.rating_max_per_hour")
    before = {key: admin.call(Param, "get_param", key) for key in keys}
    for key in keys:
        admin.call(Param, "set_param", key, "2")
    yield 2
    for key, value in before.items():
        admin.call(Param, "set_param", key, value or "20")


def test_submission_limit_per_client(client, admin, low_limits, clean_throttle, db):
    procedure = online_procedure(admin)
    citizen = client("congdan", source="127.0.0.24")
    before = db.value("SELECT count(*) FROM onestop_dossier")
    for _ in range(low_limits):
        response = submission(citizen, procedure)
        assert response.status_code == 303, response.text[:500]
    blocked = submission(citizen, procedure)
    assert blocked.status_code == 429
    assert VIETNAMESE_429 in blocked.text
    assert db.value("SELECT count(*) FROM onestop_dossier") == before + low_limits
    # The same citizen from another connection is another client.
    other = client("congdan", source="127.0.0.25")
    assert submission(other, procedure).status_code == 303


def citizen_key(db, address):
    secret = db.value("SELECT value FROM ir_config_parameter WHERE key = 'database.secret'")
    return hmac.new(secret.encode(), address.encode(), hashlib.sha256).hexdigest()[:32]


def test_rating_limit_per_client(client, admin, low_limits, clean_throttle, db):
    """Ratings count per client; past the limit the form answers 429 before anything is
    saved."""
    returned = [d for d in dossiers_of(admin, "congdan") if d["state"] == "returned"]
    assert returned, "the demo gives congdan returned dossiers"
    ids = [d["id"] for d in returned]
    # The first ratings of the window, as another visit of this client would have left them.
    db.execute(
        "INSERT INTO onestop_portal_throttle (scope, client_key, hits, window_start) "
        "VALUES ('rating', %s, %s, now() at time zone 'UTC')",
        (citizen_key(db, "127.0.0.26"), low_limits),
    )
    db.execute("DELETE FROM onestop_dossier_rating WHERE dossier_id = ANY(%s)", (ids,))
    citizen = client("congdan", source="127.0.0.26")
    token = citizen.csrf_token("/my/dossiers/%s" % ids[0])
    blocked = citizen.post(
        "/my/dossiers/%s/rating" % ids[0],
        data={"csrf_token": token, "overall": "satisfied"},
    )
    assert blocked.status_code == 429
    assert VIETNAMESE_429 in blocked.text
    assert not db.value(
        "SELECT count(*) FROM onestop_dossier_rating WHERE dossier_id = ANY(%s)", (ids,)
    )
    # Another client rates; its successful ratings count up to the limit.
    other = client("congdan", source="127.0.0.27")
    token = other.csrf_token("/my/dossiers/%s" % ids[0])
    answers = []
    for dossier_id in ids[:low_limits]:
        answers.append(
            other.post(
                "/my/dossiers/%s/rating" % dossier_id,
                data={"csrf_token": token, "overall": "satisfied"},
            ).status_code
        )
    assert answers == [303] * len(answers)
    if len(ids) >= low_limits:
        again = other.post(
            "/my/dossiers/%s/rating" % ids[0], data={"csrf_token": token, "overall": "satisfied"}
        )
        assert again.status_code == 429
