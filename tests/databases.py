"""The databases of the suite tests: SQL as the PostgreSQL administrator, odoo-bin runs, and
copies of the test database (the one the Odoo tests ran on) for the tests that change data."""

import contextlib
import os
import shutil
import subprocess
import tempfile

import psycopg2
from paths import ROOT
from server import ODOO_SRC, python


def admin(sql):
    """Run ``sql`` on the ``postgres`` database, outside a transaction."""
    connection = psycopg2.connect(dbname="postgres")
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql)
    finally:
        connection.close()


def odoo_command(db, data_dir, *args, extra_addons=()):
    """odoo-bin on ``db`` with the project's configuration, stopping after init."""
    addons = ",".join(
        [
            os.path.join(ODOO_SRC, "odoo", "addons"),
            os.path.join(ODOO_SRC, "addons"),
            os.path.join(ROOT, "addons"),
            *extra_addons,
        ]
    )
    return [
        python(),
        os.path.join(ODOO_SRC, "odoo-bin"),
        "-c",
        os.path.join(ROOT, "odoo.conf"),
        "--addons-path=%s" % addons,
        "-d",
        db,
        "--data-dir=%s" % data_dir,
        "--max-cron-threads=0",
        "--stop-after-init",
        *args,
    ]


def odoo(db, data_dir, *args):
    """Run odoo-bin quietly (warnings only); raises CalledProcessError when it fails."""
    command = odoo_command(db, data_dir, "--log-level=warn", *args)
    subprocess.run(command, check=True, timeout=600, capture_output=True)


@contextlib.contextmanager
def copy_of_test_db(test_db, suffix, fallback_modules, install=()):
    """``(db, data_dir)``: a copy of the test database named ``<test_db>_<suffix>``, with
    ``install`` added, dropped afterwards. When the copy cannot be made (the test database
    is in use or absent), a fresh install of ``fallback_modules`` and ``install`` without
    demo data."""
    db = "%s_%s" % (test_db, suffix)
    data_dir = tempfile.mkdtemp(prefix="onestop-%s-" % suffix.replace("_", "-"))
    admin('DROP DATABASE IF EXISTS "%s" WITH (FORCE)' % db)
    try:
        admin('CREATE DATABASE "%s" TEMPLATE "%s"' % (db, test_db))
        # The copy has no filestore: its asset bundles are built again on first use.
        connection = psycopg2.connect(dbname=db)
        with connection, connection.cursor() as cursor:
            cursor.execute("DELETE FROM ir_attachment WHERE url LIKE '/web/assets/%'")
        connection.close()
        if install:
            odoo(db, data_dir, "-i", ",".join(install), "--without-demo=all")
    except (psycopg2.Error, subprocess.CalledProcessError):
        admin('DROP DATABASE IF EXISTS "%s" WITH (FORCE)' % db)
        modules = ",".join([*fallback_modules, *install])
        odoo(db, data_dir, "-i", modules, "--without-demo=all")
    try:
        yield db, data_dir
    finally:
        admin('DROP DATABASE IF EXISTS "%s" WITH (FORCE)' % db)
        shutil.rmtree(data_dir, ignore_errors=True)
