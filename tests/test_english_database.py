"""The OneStop addons installed into a database created in English (issue 16).

A database created without ``--load-language`` has no Vietnamese; the addons (those of
``paths.ADDONS``, so every later wave too) are installed into it without demo data, as an
administrator adds them to a database already in use. Installing them activates Vietnamese
and loads its terms, Odoo's and ours. The test-only addon ``onestop_english_check``
(tests/english_database) then runs its Odoo tests on that database: a dossier received in
person, online and by post, every QWeb report of every OneStop model, every mail template,
every public and portal page, all in Vietnamese, and a clear message once an administrator
has deactivated Vietnamese. An upgrade (``-u``) keeps the translations."""

import os
import re
import shutil
import subprocess
import tempfile

import databases
import psycopg2
import pytest
from paths import ADDONS, ROOT

CHECK_ADDONS = os.path.join(ROOT, "tests", "english_database")
CHECK = "onestop_english_check"
SUMMARY = re.compile(r"(\d+) failed, (\d+) error\(s\) of (\d+) tests")


def _odoo(db, data_dir, log, *args):
    """Run odoo-bin on ``db`` until the modules are loaded; its log goes to ``log``."""
    command = databases.odoo_command(
        db,
        data_dir,
        "--db-filter=^%s$" % db,
        "--http-port=%s" % os.environ.get("ONESTOP_TEST_PORT", "8169"),
        "--gevent-port=%s" % os.environ.get("ONESTOP_TEST_GEVENT_PORT", "8172"),
        "--workers=0",
        "--log-level=info",
        "--logfile=%s" % log,
        *args,
        extra_addons=[CHECK_ADDONS],
    )
    result = subprocess.run(command, timeout=1800, capture_output=True, text=True, check=False)
    with open(log, encoding="utf-8", errors="replace") as handle:
        return result.returncode, handle.read()


def _errors(text):
    """The ERROR and CRITICAL lines of an Odoo log."""
    return [line for line in text.splitlines() if re.match(r"\S+ \S+ \d+ (ERROR|CRITICAL) ", line)]


def _facts(db):
    """What the database holds in Vietnamese: the active languages, a few terms of Odoo and
    of each addon, and for each OneStop addon how many of its records of each kind have
    a Vietnamese text."""
    facts = {}
    connection = psycopg2.connect(dbname=db)
    with connection, connection.cursor() as cursor:
        cursor.execute("SELECT code FROM res_lang WHERE active ORDER BY code")
        facts["languages"] = [code for (code,) in cursor.fetchall()]
        cursor.execute("SELECT name->>'vi_VN' FROM res_country WHERE code = 'VN'")
        facts["base.vn"] = cursor.fetchone()[0]
        for xmlid, model, table, column in (
            ("mail.menu_root_discuss", "ir.ui.menu", "ir_ui_menu", "name"),
            ("onestop_base.menu_onestop_reception", "ir.ui.menu", "ir_ui_menu", "name"),
            (
                "onestop_reports.report_onestop_logbook_page",
                "ir.ui.view",
                "ir_ui_view",
                "arch_db",
            ),
        ):
            module, name = xmlid.split(".")
            cursor.execute(
                f"""SELECT t.{column}->>'vi_VN' FROM {table} t JOIN ir_model_data d
                    ON d.res_id = t.id AND d.model = %s WHERE d.module = %s AND d.name = %s""",
                [model, module, name],
            )
            facts[xmlid] = cursor.fetchone()[0]
        for model, table, column in (
            ("ir.model.fields", "ir_model_fields", "field_description"),
            ("ir.model.fields.selection", "ir_model_fields_selection", "name"),
            ("ir.ui.view", "ir_ui_view", "arch_db"),
            ("ir.ui.menu", "ir_ui_menu", "name"),
            ("ir.actions.act_window", "ir_act_window", "name"),
            ("ir.actions.report", "ir_act_report_xml", "name"),
            ("mail.template", "mail_template", "body_html"),
        ):
            cursor.execute(
                f"""SELECT d.module, count(*), count(*) FILTER (WHERE t.{column} ? 'vi_VN')
                      FROM ir_model_data d JOIN {table} t ON t.id = d.res_id
                     WHERE d.model = %s AND d.module LIKE 'onestop%%' AND d.module != %s
                     GROUP BY d.module""",
                [model, CHECK],
            )
            for module, total, translated in cursor.fetchall():
                facts["%s %s" % (module, model)] = (total, translated)
    connection.close()
    return facts


@pytest.fixture(scope="module")
def english_db(test_db, tmp_path_factory):
    """The addons installed into a database created in English, then the check addon
    installed with its tests."""
    db = "%s_en" % test_db
    logs = tmp_path_factory.mktemp("english")
    data_dir = tempfile.mkdtemp(prefix="onestop-english-")
    databases.admin('DROP DATABASE IF EXISTS "%s" WITH (FORCE)' % db)
    try:
        rc, log = _odoo(
            db, data_dir, logs / "install.log", "-i", ",".join(ADDONS), "--without-demo=all"
        )
        assert rc == 0 and not _errors(log), "\n".join(_errors(log)) or log[-3000:]
        assert "--load-language" not in log
        installed = _facts(db)
        rc, checks = _odoo(
            db,
            data_dir,
            logs / "checks.log",
            "-i",
            CHECK,
            "--without-demo=all",
            "--test-enable",
            "--test-tags=/%s" % CHECK,
        )
        yield {
            "db": db,
            "data_dir": data_dir,
            "logs": logs,
            "installed": installed,
            "checks": (rc, checks),
        }
    finally:
        databases.admin('DROP DATABASE IF EXISTS "%s" WITH (FORCE)' % db)
        shutil.rmtree(data_dir, ignore_errors=True)


def _assert_tests_passed(rc, log, at_least):
    summary = SUMMARY.findall(log)
    assert summary, log[-3000:]
    failed, errors, total = map(int, summary[-1])
    assert (failed, errors) == (0, 0), "\n".join(_errors(log)) or log[-5000:]
    assert total >= at_least, summary
    assert rc == 0 and not _errors(log), "\n".join(_errors(log))


def test_installing_activates_vietnamese_with_its_terms(english_db):
    facts = english_db["installed"]
    assert facts["languages"] == ["en_US", "vi_VN"]
    # Odoo's terms, of modules installed before the OneStop addons, and ours.
    assert facts["base.vn"] == "Việt Nam"
    assert facts["mail.menu_root_discuss"] == "Thảo luận"
    assert facts["onestop_base.menu_onestop_reception"] == "Tiếp nhận"
    assert "SỔ THEO DÕI HỒ SƠ" in facts["onestop_reports.report_onestop_logbook_page"]
    # Every field, selection value, menu, action, report and email of each addon installed.
    for addon in ADDONS:
        assert "%s ir.model.fields" % addon in facts, addon
    kinds = ("fields", "selection", "ir.ui.menu", "act_window", "report", "template")
    for key, value in facts.items():
        if key.endswith(kinds):
            total, translated = value
            assert translated == total, "%s: %s of %s in Vietnamese" % (key, translated, total)


def test_forms_emails_and_pages_in_vietnamese(english_db):
    rc, log = english_db["checks"]
    _assert_tests_passed(rc, log, at_least=4)


def test_upgrade_keeps_the_translations(english_db):
    before = _facts(english_db["db"])
    rc, log = _odoo(
        english_db["db"],
        english_db["data_dir"],
        english_db["logs"] / "upgrade.log",
        "-u",
        ",".join(ADDONS + [CHECK]),
        "--test-enable",
        "--test-tags=/%s:TestEnglishDatabase.test_01_vietnamese_and_its_terms,"
        "/%s:TestEnglishDatabase.test_02_every_channel_every_form_every_email" % (CHECK, CHECK),
    )
    _assert_tests_passed(rc, log, at_least=2)
    assert _facts(english_db["db"]) == before
