"""Every addon ships a complete Vietnamese translation: each string Odoo exports for it from
the test database has a msgstr in its i18n/vi.po."""

import os
import subprocess
import sys

import pytest
from paths import ADDONS, ROOT


@pytest.mark.parametrize("addon", ADDONS)
def test_vietnamese_is_complete(addon, test_db, odoo_src):
    result = subprocess.run(
        [sys.executable, os.path.join(ROOT, "scripts", "i18n.py"), "check", test_db, addon],
        capture_output=True,
        text=True,
        env=dict(os.environ, ODOO_SRC=odoo_src),
        timeout=600,
        check=False,
    )
    missing = [line for line in result.stdout.splitlines() if "untranslated" in line]
    assert not missing, "\n".join(missing)
    assert result.returncode == 0, result.stderr[-2000:]
