"""Uploads (types, sizes, names, how files are served), CSRF on every form, and user text
never rendered unescaped."""

import os
import re

import pytest
from scenario import dossiers_of, online_procedure, pdf_bytes, submission

HTML = b"<html><body><script>alert(document.cookie)</script></body></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'
XSS = '<script>alert("onestop")</script><img src=x onerror=alert(1)>'


@pytest.fixture(scope="module")
def procedure(admin):
    return online_procedure(admin)


@pytest.fixture
def citizen(client, clean_throttle):
    return client("congdan", source="127.0.0.31")


def submit_with(citizen, procedure, filename, content, mimetype="application/pdf", **extra):
    """The online form with ``filename`` as the first document (the others valid PDFs)."""
    documents = procedure["documents"]
    files = [("document_%s" % documents[0]["id"], (filename, content, mimetype))]
    files += [
        ("document_%s" % d["id"], ("ban-sao.pdf", pdf_bytes(), "application/pdf"))
        for d in documents[1:]
    ]
    return submission(citizen, procedure, extra=extra, files=files)


REFUSED = [
    ("trang.html", HTML, "text/html"),
    ("hinh.svg", SVG, "image/svg+xml"),
    ("script.js", b"alert(1)", "application/javascript"),
    ("chay.exe", b"MZ\x90\x00" + b"\x00" * 64, "application/octet-stream"),
    ("gia-mao.pdf", HTML, "application/pdf"),  # an HTML page named .pdf
    ("hai-duoi.pdf.html", pdf_bytes(), "application/pdf"),
    ("anh.png", b"GIF89a" + b"\x00" * 32, "image/png"),
    ("rong.pdf", b"", "application/pdf"),
    ("gia.docx", b"PK\x03\x04 not a zip", "application/octet-stream"),
]


@pytest.mark.parametrize("filename,content,mimetype", REFUSED, ids=[r[0] for r in REFUSED])
def test_online_submission_refuses_other_types(citizen, procedure, db, filename, content, mimetype):
    before = db.value("SELECT count(*) FROM onestop_dossier")
    response = submit_with(citizen, procedure, filename, content, mimetype)
    assert response.status_code == 400, response.status_code
    assert db.value("SELECT count(*) FROM onestop_dossier") == before
    assert "<script>alert" not in response.text


def test_online_submission_size_limit(citizen, procedure, admin, db):
    admin.call("ir.config_parameter", "set_param", "onestop_portal.upload_max_mb", "1")
    try:
        before = db.value("SELECT count(*) FROM onestop_dossier")
        big = pdf_bytes(b"x" * (1024 * 1024 + 10))
        response = submit_with(citizen, procedure, "lon.pdf", big)
        assert response.status_code == 400
        assert "1 MB" in response.text
        assert db.value("SELECT count(*) FROM onestop_dossier") == before
    finally:
        admin.call("ir.config_parameter", "set_param", "onestop_portal.upload_max_mb", "10")


def test_file_names_cleaned_and_served_as_files(citizen, procedure, db):
    dirty = '../../etc/passwd<script>alert(1)</script>\x07"quote.pdf'
    response = submit_with(citizen, procedure, dirty, pdf_bytes(b"dirty-name"))
    assert response.status_code == 303, response.text[:300]
    dossier_id = int(re.search(r"/my/dossiers/(\d+)", response.headers["Location"]).group(1))
    rows = db.query(
        "SELECT id, name, mimetype FROM ir_attachment WHERE res_model = 'onestop.dossier' "
        "AND res_id = %s ORDER BY id",
        (dossier_id,),
    )
    assert rows
    for _attachment_id, name, mimetype in rows:
        assert not set(name) & set('/\\<>"\x07'), name
        assert name.endswith(".pdf") and ".." not in name.replace("..pdf", "")
        assert mimetype == "application/pdf"
    attachment_id = rows[0][0]
    served = citizen.get("/my/dossiers/%s/files/%s" % (dossier_id, attachment_id))
    assert served.status_code == 200
    assert served.headers["Content-Type"].startswith("application/pdf")
    assert served.headers["Content-Disposition"].startswith("attachment")
    assert served.headers["X-Content-Type-Options"] == "nosniff"
    assert served.content.startswith(b"%PDF")


def test_nothing_uploaded_is_html_or_script(db):
    """Whatever reached the dossiers, by any route: no HTML, SVG, XML or script type."""
    rows = db.query(
        "SELECT id, name, mimetype FROM ir_attachment WHERE res_model = 'onestop.dossier' "
        "AND (mimetype ILIKE '%%html%%' OR mimetype ILIKE '%%svg%%' OR mimetype ILIKE "
        "'%%javascript%%' OR mimetype ILIKE '%%xml%%' AND mimetype NOT ILIKE '%%openxml%%')"
    )
    assert rows == []


def test_chatter_upload_follows_the_same_rules(citizen, admin, db):
    """The portal chatter's upload route on the citizen's own dossier: only the document
    types of the portal, within the size limit."""
    own = [d for d in dossiers_of(admin, "congdan") if d["state"] != "draft"][0]
    token = citizen.csrf_token("/my/dossiers/%s" % own["id"])
    before = db.value("SELECT count(*) FROM ir_attachment")
    for filename, content, mimetype in REFUSED[:5]:
        response = citizen.post(
            "/mail/attachment/upload",
            data={"csrf_token": token, "thread_id": own["id"], "thread_model": "onestop.dossier"},
            files={"ufile": (filename, content, mimetype)},
        )
        assert response.status_code in (200, 400, 403, 413), response.status_code
        if response.status_code == 200:
            assert "error" in response.json(), (filename, response.text[:200])
    assert db.value("SELECT count(*) FROM ir_attachment") == before
    response = citizen.post(
        "/mail/attachment/upload",
        data={"csrf_token": token, "thread_id": own["id"], "thread_model": "onestop.dossier"},
        files={"ufile": ("ban-sao.pdf", pdf_bytes(), "application/pdf")},
    )
    assert response.status_code == 200 and "error" not in response.json()


def test_every_post_form_carries_a_csrf_token(client, admin, procedure, db):
    citizen = client("congdan")
    own = dossiers_of(admin, "congdan")
    # A returned dossier not rated yet shows the rating form.
    returned = [d["id"] for d in own if d["state"] == "returned"]
    db.execute("DELETE FROM onestop_dossier_rating WHERE dossier_id = ANY(%s)", (returned,))
    pages = ["/onestop/track", "/my/procedures/%s/submit" % procedure["id"]]
    pages += ["/my/dossiers/%s" % d["id"] for d in own]
    post_forms = 0
    for page in pages:
        text = citizen.get(page).text
        for form in re.findall(r"<form\b[^>]*>.*?</form>", text, re.S | re.I):
            if re.search(r'method="post"', form, re.I):
                post_forms += 1
                assert 'name="csrf_token"' in form, (page, form[:200])
    # The lookup, the submission, the supplement (a dossier waiting) and the rating (one
    # returned) forms.
    assert post_forms >= 4


POST_ROUTES = [
    "/onestop/track",
    "/my/procedures/{procedure}/submit",
    "/my/dossiers/{dossier}/supplement",
    "/my/dossiers/{dossier}/rating",
]


def test_post_without_csrf_token_is_refused(client, admin, procedure, db):
    citizen = client("congdan", source="127.0.0.32")
    own = dossiers_of(admin, "congdan")
    waiting = [d for d in own if d["state"] == "waiting_supplement"] or own
    values = {"procedure": procedure["id"], "dossier": waiting[0]["id"]}
    counts = lambda: (  # noqa: E731
        db.value("SELECT count(*) FROM onestop_dossier"),
        db.value("SELECT count(*) FROM ir_attachment"),
        db.value("SELECT count(*) FROM onestop_dossier_rating"),
        db.value("SELECT count(*) FROM onestop_portal_throttle"),
    )
    before = counts()
    for route in POST_ROUTES:
        path = route.format(**values)
        for token in (None, "", "0" * 40 + "o9999999999", "forged"):
            data = {
                "code": "X",
                "factor": "1234",
                "overall": "satisfied",
                "submission_key": "k" * 20,
            }
            if token is not None:
                data["csrf_token"] = token
            response = citizen.post(
                path, data=data, files={"other": ("a.pdf", pdf_bytes(), "application/pdf")}
            )
            assert response.status_code == 400, (path, token, response.status_code)
    assert counts() == before


def test_user_text_is_escaped(citizen, procedure, admin, db):
    """A note, an address and a file name with markup: escaped wherever they come back."""
    # The form again, with an error: the values come back in the inputs.
    response = submit_with(
        citizen,
        procedure,
        "ban-sao.pdf",
        pdf_bytes(),
        id_number="sai",
        note=XSS,
        street=XSS,
        return_address=XSS,
    )
    assert response.status_code == 400
    assert XSS not in response.text
    assert '<script>alert("onestop")' not in response.text
    assert "&lt;script&gt;" in response.text
    # A dossier submitted with the note: its page and its chatter.
    response = submit_with(citizen, procedure, "<b>ban-sao</b>.pdf", pdf_bytes(), note=XSS)
    assert response.status_code == 303
    dossier_id = int(re.search(r"/my/dossiers/(\d+)", response.headers["Location"]).group(1))
    page = citizen.get("/my/dossiers/%s" % dossier_id)
    assert page.status_code == 200
    assert '<script>alert("onestop")' not in page.text
    assert "<img src=x onerror" not in page.text
    fetched = citizen.jsonrpc(
        "/mail/chatter_fetch", {"thread_model": "onestop.dossier", "thread_id": dossier_id}
    )
    bodies = " ".join(m.get("body") or "" for m in fetched["data"]["mail.message"])
    assert "<script" not in bodies and "<img src=x" not in bodies
    stored = db.value(
        "SELECT string_agg(body, ' ') FROM mail_message WHERE model = 'onestop.dossier' "
        "AND res_id = %s",
        (dossier_id,),
    )
    assert "<script" not in stored and "&lt;script&gt;" in stored


def test_templates_never_render_raw(root):
    """No ``t-raw`` (nor ``t-esc``: the team writes ``t-out``) in any addon template, and
    ``Markup`` only around constant markup."""
    offenders = []
    for dirpath, _dirnames, filenames in os.walk(os.path.join(root, "addons")):
        for filename in filenames:
            path = os.path.join(dirpath, filename)
            if filename.endswith(".xml"):
                with open(path, encoding="utf-8") as handle:
                    text = handle.read()
                for attribute in ("t-raw", "t-esc"):
                    if re.search(r"\b%s=" % attribute, text):
                        offenders.append((path, attribute))
            elif filename.endswith(".py") and "/tests/" not in path:
                with open(path, encoding="utf-8") as handle:
                    text = handle.read()
                for match in re.finditer(r"Markup\((?!\"[^\"]*\"\)|'[^']*'\))", text):
                    offenders.append((path, text[match.start() : match.start() + 60]))
    assert offenders == []
