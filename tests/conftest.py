"""Suite tests: checks across the four addons, run by pytest from the README's test command."""

import os
import sys

import pytest
from paths import ROOT

ODOO_SRC = os.environ.get("ODOO_SRC", "/opt/odoo/src")
# Odoo tests of a test-only addon, run by odoo-bin from test_english_database.py.
collect_ignore = ["english_database"]


@pytest.fixture(scope="session")
def root():
    return ROOT


@pytest.fixture(scope="session")
def odoo_src():
    if not os.path.exists(os.path.join(ODOO_SRC, "odoo-bin")):
        pytest.fail("no Odoo tree at %s" % ODOO_SRC)
    return ODOO_SRC


@pytest.fixture(scope="session")
def test_db():
    """The database the Odoo tests ran on, with the four addons installed."""
    return os.environ.get("ONESTOP_TEST_DB", "onestop_test")


sys.path.insert(0, os.path.join(ROOT, "scripts"))


@pytest.fixture(scope="session")
def odoo_server(test_db):
    """A multi-worker Odoo server on the test database, for the whole session."""
    from server import OdooServer

    with OdooServer(test_db, workers=int(os.environ.get("ONESTOP_TEST_WORKERS", "2"))) as server:
        yield server
