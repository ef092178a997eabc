"""Citizen A cannot see, list, download, rate, supplement or message citizen B's dossier by
any route; visitors reach only the public pages."""

import re
import secrets
import uuid

import pytest
from attack import RpcError
from scenario import attach_file, dossiers_of, partner_of

# Every report of the suite that takes dossiers (or their lines) as documents.
DOSSIER_REPORTS = [
    "onestop_portal.report_form_receipt",
    "onestop_workflow.report_form_control_slip",
    "onestop_workflow.report_form_refusal",
]


@pytest.fixture(scope="module")
def victim(admin):
    """Citizen B (``congdan2``): their dossiers, a file on one of them (a checklist file and a
    result file) whose bytes carry a secret marker."""
    dossiers = dossiers_of(admin, "congdan2")
    assert len(dossiers) >= 2, "the demo gives congdan2 two dossiers"
    marker = ("SECRET-B-%s" % secrets.token_hex(8)).encode()
    files = [attach_file(admin, dossier, marker) for dossier in dossiers]
    loose = attach_file(admin, dossiers[0], marker, line=False)
    return {
        "dossiers": dossiers,
        "ids": [d["id"] for d in dossiers],
        "files": files + [loose],
        "marker": marker,
        "partner": partner_of(admin, "congdan2"),
    }


@pytest.fixture(scope="module")
def citizen(client):
    return client("congdan")


@pytest.fixture(scope="module")
def own(admin):
    return dossiers_of(admin, "congdan")


def links_to(page, dossier_id):
    return re.search(r"/my/dossiers/%d(?!\d)" % dossier_id, page)


def assert_refused(response, marker=None):
    """Not served: a 4xx (or a redirect to the login page), never the content."""
    assert response.status_code in (303, 302, 400, 401, 403, 404, 405), (
        response.url,
        response.status_code,
    )
    if response.status_code in (302, 303):
        assert "/web/login" in response.headers.get("Location", ""), response.headers
    if marker:
        assert marker not in response.content


def test_portal_pages(citizen, victim):
    listing = citizen.get("/my/dossiers")
    assert listing.status_code == 200
    for dossier in victim["dossiers"]:
        assert dossier["name"] not in listing.text
        base = "/my/dossiers/%s" % dossier["id"]
        for path in (base, base + "/receipt", base + "/receipt?download=0"):
            assert_refused(citizen.get(path), victim["marker"])
        for attachment in victim["files"]:
            assert_refused(citizen.get("%s/files/%s" % (base, attachment)), victim["marker"])
    # Search and filters of the list never reach B's dossiers.
    for query in ("search=%s" % victim["dossiers"][0]["name"], "filterby=done", "sortby=code"):
        response = citizen.get("/my/dossiers?" + query)
        assert response.status_code == 200
        for dossier in victim["dossiers"]:
            assert not links_to(response.text, dossier["id"])


def test_own_file_route_with_someone_elses_file(citizen, own, victim):
    """A's dossier page, with the id of B's file: not served."""
    for attachment in victim["files"]:
        response = citizen.get("/my/dossiers/%s/files/%s" % (own[0]["id"], attachment))
        assert_refused(response, victim["marker"])


def test_access_tokens(citizen, client, own, victim):
    """A's token on B's dossier, random tokens, another dossier's token: never B's page."""
    visitor = client()
    tokens = [own[0]["access_token"], str(uuid.uuid4()), "", "x" * 300, "' OR 1=1 --"]
    for dossier in victim["dossiers"]:
        for token in tokens:
            for browser in (citizen, visitor):
                response = browser.get(
                    "/my/dossiers/%s" % dossier["id"], params={"access_token": token}
                )
                assert_refused(response, victim["marker"])
                assert dossier["name"] not in response.text
                response = browser.get(
                    "/my/dossiers/%s/receipt" % dossier["id"], params={"access_token": token}
                )
                assert_refused(response, victim["marker"])


def test_posting_to_someone_elses_dossier(citizen, victim, db):
    """Supplement and rating forms aimed at B's dossier (with a valid CSRF token)."""
    token = citizen.csrf_token("/my/dossiers")
    ratings_before = db.value("SELECT count(*) FROM onestop_dossier_rating")
    for dossier_id in victim["ids"]:
        response = citizen.post(
            "/my/dossiers/%s/rating" % dossier_id,
            data={"csrf_token": token, "overall": "unsatisfied", "comment": "A rates B"},
        )
        assert_refused(response)
        response = citizen.post(
            "/my/dossiers/%s/supplement" % dossier_id,
            data={"csrf_token": token},
            files={"other": ("a.pdf", b"%PDF-1.4 from A", "application/pdf")},
        )
        assert_refused(response)
    assert db.value("SELECT count(*) FROM onestop_dossier_rating") == ratings_before
    assert not db.value(
        "SELECT count(*) FROM ir_attachment WHERE res_model = 'onestop.dossier' "
        "AND res_id = ANY(%s) AND name = 'a.pdf'",
        (victim["ids"],),
    )


def test_attachment_urls(citizen, client, victim):
    """/web/content and /web/image, by id, by model and field, with or without download."""
    visitor = client()
    for attachment in victim["files"]:
        for path in (
            "/web/content/%s" % attachment,
            "/web/content/%s?download=true" % attachment,
            "/web/content/ir.attachment/%s/datas" % attachment,
            "/web/content/ir.attachment/%s/raw" % attachment,
            "/web/image/%s" % attachment,
            "/web/image/ir.attachment/%s/datas" % attachment,
            "/web/content/%s?access_token=%s" % (attachment, uuid.uuid4()),
        ):
            for browser in (citizen, visitor):
                response = browser.get(path)
                assert victim["marker"] not in response.content, path
                assert response.status_code != 500, path


def test_report_urls(citizen, client, victim):
    visitor = client()
    ids = ",".join(map(str, victim["ids"]))
    for report in DOSSIER_REPORTS:
        for converter in ("pdf", "html", "text"):
            for docids in [ids, str(victim["ids"][0])]:
                path = "/report/%s/%s/%s" % (converter, report, docids)
                for browser in (citizen, visitor):
                    response = browser.get(path)
                    assert response.status_code in (302, 303, 400, 403, 404), (path, response)
                    assert victim["dossiers"][0]["name"] not in response.text
    # The web client's download route.
    for report in DOSSIER_REPORTS:
        url = "/report/pdf/%s/%s" % (report, victim["ids"][0])
        response = citizen.post(
            "/report/download",
            data={"data": '["%s", "qweb-pdf"]' % url, "csrf_token": citizen.csrf_token("/my")},
        )
        assert b"%PDF" not in response.content[:10]
        assert victim["dossiers"][0]["name"] not in response.text


def rpc_refused(browser, model, method, *args, **kwargs):
    with pytest.raises(RpcError) as caught:
        browser.call(model, method, *args, **kwargs)
    assert caught.value.kind in ("AccessError", "MissingError", "UserError", "ValidationError"), (
        model,
        method,
        caught.value,
    )
    return caught.value


def test_jsonrpc_on_models(citizen, victim, own):
    ids = victim["ids"]
    rpc_refused(citizen, "onestop.dossier", "read", ids, ["name"])
    rpc_refused(citizen, "onestop.dossier", "web_read", ids, specification={"name": {}})
    rpc_refused(citizen, "onestop.dossier", "write", ids, {"return_address": "x"})
    rpc_refused(citizen, "onestop.dossier", "message_post", ids[:1], body="A to B")
    rpc_refused(citizen, "onestop.dossier", "action_print_receipt", ids[:1])
    # Searches answer A's own dossiers only, however they are asked.
    found = citizen.call("onestop.dossier", "search", [("id", "in", ids)])
    assert found == []
    found = citizen.call("onestop.dossier", "search", [("partner_id", "=", victim["partner"])])
    assert found == []
    everything = citizen.call("onestop.dossier", "search_read", [], ["name", "partner_id"])
    assert {d["id"] for d in everything} == {d["id"] for d in own}
    groups = citizen.call(
        "onestop.dossier", "read_group", [], ["partner_id"], ["partner_id"], lazy=False
    )
    assert {g["partner_id"][0] for g in groups} == {partner_of_own(citizen)}
    names = citizen.call("onestop.dossier", "name_search", victim["dossiers"][0]["name"])
    assert names == []
    # Lines, files, ratings and messages of any dossier: no access, or nothing of B's.
    for model, domain in (
        ("onestop.dossier.document", [("dossier_id", "in", ids)]),
        ("onestop.dossier.step", [("dossier_id", "in", ids)]),
        ("onestop.dossier.pause", [("dossier_id", "in", ids)]),
        ("onestop.dossier.deadline", [("dossier_id", "in", ids)]),
        ("onestop.dossier.fee", [("dossier_id", "in", ids)]),
        ("onestop.dossier.rating", [("dossier_id", "in", ids)]),
        ("onestop.dossier.apology", [("dossier_id", "in", ids)]),
        ("ir.attachment", [("id", "in", victim["files"])]),
        ("mail.message", [("model", "=", "onestop.dossier"), ("res_id", "in", ids)]),
        ("mail.followers", [("res_model", "=", "onestop.dossier"), ("res_id", "in", ids)]),
    ):
        try:
            assert citizen.call(model, "search", domain) == [], model
        except RpcError as error:
            assert error.kind == "AccessError", (model, error)
    rpc_refused(citizen, "ir.attachment", "read", victim["files"], ["raw", "datas"])
    rpc_refused(
        citizen,
        "onestop.dossier.rating",
        "create",
        {"dossier_id": ids[-1], "overall": "unsatisfied"},
    )


def partner_of_own(browser):
    return browser.call("res.users", "read", [browser.uid], ["partner_id"])[0]["partner_id"][0]


def test_mail_routes(citizen, victim, db):
    """The portal chatter's routes, aimed at B's dossier."""
    messages_before = db.value(
        "SELECT count(*) FROM mail_message WHERE model = 'onestop.dossier' AND res_id = ANY(%s)",
        (victim["ids"],),
    )
    token = citizen.csrf_token("/my/dossiers")
    for dossier_id in victim["ids"]:
        with pytest.raises(RpcError):
            citizen.jsonrpc(
                "/mail/message/post",
                {
                    "thread_model": "onestop.dossier",
                    "thread_id": dossier_id,
                    "post_data": {"body": "A writes to B", "message_type": "comment"},
                },
            )
        fetched = citizen.jsonrpc(
            "/mail/chatter_fetch", {"thread_model": "onestop.dossier", "thread_id": dossier_id}
        )
        assert not fetched["messages"]
        fetched = citizen.jsonrpc(
            "/mail/thread/messages", {"thread_model": "onestop.dossier", "thread_id": dossier_id}
        )
        assert not fetched["messages"]
        data = citizen.jsonrpc(
            "/mail/thread/data",
            {
                "thread_model": "onestop.dossier",
                "thread_id": dossier_id,
                "request_list": ["attachments", "followers"],
            },
        )
        assert "ir.attachment" not in data
        response = citizen.post(
            "/mail/attachment/upload",
            data={"csrf_token": token, "thread_id": dossier_id, "thread_model": "onestop.dossier"},
            files={"ufile": ("a.pdf", b"%PDF-1.4 A", "application/pdf")},
        )
        assert response.status_code in (400, 403, 404)
    assert (
        db.value(
            "SELECT count(*) FROM mail_message WHERE model = 'onestop.dossier' "
            "AND res_id = ANY(%s)",
            (victim["ids"],),
        )
        == messages_before
    )


def test_mail_routes_with_a_guessed_token(client, victim):
    """A visitor with a wrong token, hash or partner id sees no message and posts none."""
    visitor = client()
    for dossier_id in victim["ids"]:
        for extra in ({"token": str(uuid.uuid4())}, {"hash": "0" * 64, "pid": victim["partner"]}):
            try:
                fetched = visitor.jsonrpc(
                    "/mail/chatter_fetch",
                    {"thread_model": "onestop.dossier", "thread_id": dossier_id, **extra},
                )
            except RpcError:
                continue
            assert not fetched["messages"]
            with pytest.raises(RpcError):
                visitor.jsonrpc(
                    "/mail/message/post",
                    {
                        "thread_model": "onestop.dossier",
                        "thread_id": dossier_id,
                        "post_data": {"body": "guess", "message_type": "comment"},
                        **extra,
                    },
                )


def test_tracking_page_shows_nothing_personal(client, admin, victim):
    """B's public tracking page (for whoever holds B's QR code): masked name, no phone, no
    ID number, no address, no officer."""
    dossier = victim["dossiers"][0]
    partner = admin.call(
        "res.partner",
        "read",
        [victim["partner"]],
        ["name", "phone", "onestop_id_number", "street", "email"],
    )[0]
    page = client().get("/onestop/track/%s" % dossier["tracking_token"])
    assert page.status_code == 200
    assert dossier["name"] in page.text
    for secret in (partner["name"], partner["phone"], partner["onestop_id_number"]):
        assert secret and secret not in page.text
    for secret in (partner["street"], partner["email"]):
        if secret:
            assert secret not in page.text
    officers = admin.call("res.users", "search_read", [("share", "=", False)], ["name"])
    for officer in officers:
        assert officer["name"] not in page.text, officer["name"]
    assert page.headers.get("Cache-Control") == "no-store"
    assert page.headers.get("Referrer-Policy") == "no-referrer"


PUBLIC_PREFIXES = ("/onestop/track", "/onestop/procedures", "/onestop/board")


def test_visitors_reach_only_public_pages(client, victim):
    """Without a session: tracking, catalogue and the hall board answer; everything else of
    OneStop asks to log in or refuses."""
    visitor = client()
    for path in ("/onestop/track", "/onestop/procedures"):
        assert visitor.get(path).status_code == 200
    dossier_id = victim["ids"][0]
    for path in (
        "/my",
        "/my/home",
        "/my/dossiers",
        "/my/dossiers/%s" % dossier_id,
        "/my/dossiers/%s/receipt" % dossier_id,
        "/my/dossiers/%s/files/%s" % (dossier_id, victim["files"][0]),
        "/my/procedures/1/submit",
        "/odoo/action-onestop_base.action_dossier",
        "/odoo/onestop.dossier/%s" % dossier_id,
    ):
        assert_refused(visitor.get(path), victim["marker"])
    for path in ("/onestop/reports/statistics.xlsx", "/onestop/reports/dossiers.xlsx"):
        response = visitor.get(path)
        assert response.status_code in (302, 303, 403), (path, response.status_code)
        assert not response.content.startswith(b"PK")
    with pytest.raises(RpcError):
        visitor.call("onestop.dossier", "search_read", [], ["name"])
    with pytest.raises(RpcError):
        visitor.call("onestop.dossier", "name_search", "")


def test_citizen_cannot_export(citizen):
    for path in ("/onestop/reports/statistics.xlsx", "/onestop/reports/dossiers.xlsx"):
        response = citizen.get(path)
        assert response.status_code == 403, path
        assert not response.content.startswith(b"PK")


def test_internal_reads_through_the_web_client_routes(citizen, victim):
    """The web client's own routes (as a portal user, with B's ids)."""
    for dossier_id in victim["ids"]:
        with pytest.raises(RpcError):
            citizen.jsonrpc(
                "/web/dataset/call_kw/onestop.dossier/web_read",
                {
                    "model": "onestop.dossier",
                    "method": "web_read",
                    "args": [[dossier_id]],
                    "kwargs": {"specification": {"name": {}}},
                },
            )
    # A blob of B's file through the generic image route with a record and field.
    response = citizen.get(
        "/web/image/onestop.dossier/%s/message_main_attachment_id" % victim["ids"][0]
    )
    assert victim["marker"] not in response.content
    assert response.status_code != 500
