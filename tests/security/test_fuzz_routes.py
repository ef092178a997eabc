"""Malformed input to every route of the OneStop addons (enumerated from the routing map of
the test database) answers 4xx, never 500: odd and huge ids, strings of any kind, repeated
and missing parameters, files, wrong methods, missing or forged CSRF tokens; as a visitor,
a citizen and an officer."""

import json
import os
import re
import subprocess

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

HERE = os.path.dirname(os.path.abspath(__file__))
EXAMPLES = int(os.environ.get("ONESTOP_SEC_FUZZ_EXAMPLES", "25"))
METHODS = ["GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"]

# Values that break naive parsing: huge and negative numbers, numbers with junk, markup,
# SQL, NUL and control characters, very long strings, any unicode.
nasty_text = st.one_of(
    st.sampled_from(
        [
            "",
            "0",
            "-1",
            "2147483648",
            "99999999999999999999999999",
            "1e309",
            "NaN",
            "1,2,3",
            "[]",
            "{}",
            "null",
            '[["id", "=", 1]]',
            "' OR 1=1 --",
            "<script>alert(1)</script>",
            "../../etc/passwd",
            "%00",
            "\x00",
            "\udcff",
            "x" * 5000,
            "１２３",
            "Hồ sơ",
        ]
    ),
    st.text(max_size=200),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
)
path_int = st.one_of(
    st.sampled_from([0, 1, 2, 2**31 - 1, 2**31, 2**63, 10**30]),
    st.integers(min_value=0, max_value=2**64),
).map(str)
path_text = st.one_of(
    st.text(
        alphabet=st.characters(blacklist_characters="/?#%", blacklist_categories=["Cs"]),
        min_size=1,
        max_size=300,
    ),
    st.sampled_from(["a" * 2000, "000.21.41.H40", "..", "%2e%2e", "-", "0"]),
)
PARAMS = [
    "code",
    "factor",
    "search",
    "sortby",
    "filterby",
    "page",
    "field",
    "level",
    "online",
    "access_token",
    "download",
    "overall",
    "on_time",
    "attitude",
    "visits",
    "comment",
    "submission_key",
    "id_number",
    "phone",
    "email",
    "street",
    "department_id",
    "return_method",
    "return_address",
    "note",
    "date_from",
    "date_to",
    "groupby",
    "department_ids",
    "domain",
    "thread_id",
    "thread_model",
    "is_pending",
    "submitted",
    "sent",
    "rated",
]


@pytest.fixture(scope="session")
def routes(test_db, odoo_src):
    """The routes of the OneStop addons in the routing map, as ``odoo-bin shell`` reads it."""
    addons = ",".join(
        [
            os.path.join(odoo_src, "odoo", "addons"),
            os.path.join(odoo_src, "addons"),
            os.path.join(os.path.dirname(os.path.dirname(HERE)), "addons"),
        ]
    )
    venv = os.environ.get("ONESTOP_VENV")
    python = os.path.join(venv, "bin", "python") if venv else "python3"
    command = [
        python,
        os.path.join(odoo_src, "odoo-bin"),
        "shell",
        "-c",
        os.path.join(os.path.dirname(os.path.dirname(HERE)), "odoo.conf"),
        "--addons-path=%s" % addons,
        "-d",
        test_db,
        "--no-http",
        "--log-level=error",
    ]
    data_dir = os.environ.get("ONESTOP_DATA_DIR")
    if data_dir:
        command.append("--data-dir=%s" % data_dir)
    with open(os.path.join(HERE, "routes.py")) as script:
        out = subprocess.run(
            command, stdin=script, capture_output=True, text=True, timeout=300, check=False
        ).stdout
    match = re.search(r"^ONESTOP_ROUTES=(.*)$", out, re.M)
    assert match, out[-2000:]
    found = json.loads(match.group(1))
    assert len(found) >= 15, [r["rule"] for r in found]
    return found


def fill(rule, converters, draw):
    def value(match):
        name = match.group(2)
        kind = converters.get(name, "")
        strategy = path_int if "Int" in kind else path_text
        return draw(strategy)

    path = re.sub(r"<(?:(\w+)(?:\([^)]*\))?:)?(\w+)>", value, rule)
    return path


def request_strategy(route):
    @st.composite
    def build(draw):
        path = fill(route["rule"], route["converters"], draw)
        method = draw(st.sampled_from(route["methods"] + METHODS))
        names = draw(st.lists(st.sampled_from(PARAMS), max_size=6))
        params = [(name, draw(nasty_text)) for name in names]
        csrf = draw(st.sampled_from(["valid", "missing", "forged"]))
        files = []
        if method == "POST" and draw(st.booleans()):
            field = draw(st.sampled_from(["other", "ufile", "document_1", "line_1", "x"]))
            filename = draw(nasty_text) or "f"
            content = draw(st.binary(max_size=2000))
            files.append((field, (filename, content, "application/octet-stream")))
        return path, method, params, csrf, files

    return build()


def fuzz(route, browser, token, examples=EXAMPLES):
    seen = []

    @settings(
        max_examples=examples,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(request_strategy(route))
    def attack(case):
        path, method, params, csrf, files = case
        data = list(params)
        if method == "POST":
            if csrf == "valid":
                data.append(("csrf_token", token))
            elif csrf == "forged":
                data.append(("csrf_token", "0" * 40 + "o1"))
        kwargs = {"params": params} if method != "POST" else {"data": data, "files": files or None}
        try:
            response = browser.request(method, path, **kwargs)
        except UnicodeError:
            return  # the client cannot even send it
        seen.append(response.status_code)
        assert response.status_code < 500, (
            route["rule"],
            method,
            path,
            params,
            csrf,
            files and files[0][1][0],
            response.status_code,
            response.text[-1500:],
        )

    attack()
    return seen


@pytest.fixture(scope="module")
def browsers(client):
    visitor = client(source="127.0.0.51")
    citizen = client("congdan", source="127.0.0.52")
    officer = client("tiepnhan.hoalu", source="127.0.0.53")
    return [
        (name, browser, browser.csrf_token("/web/login" if name == "visitor" else "/my"))
        for name, browser in (("visitor", visitor), ("citizen", citizen), ("officer", officer))
    ]


def test_fuzz_every_route(routes, browsers, clean_throttle):
    statuses = {}
    for route in routes:
        for _name, browser, token in browsers:
            seen = fuzz(route, browser, token)
            statuses.setdefault(route["rule"], set()).update(seen)
    print("\n" + "\n".join("%s %s" % (rule, sorted(s)) for rule, s in sorted(statuses.items())))
    assert len(statuses) == len({r["rule"] for r in routes})
