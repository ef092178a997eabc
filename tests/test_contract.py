"""The README's two commands are the contract; CI runs the test command."""

import os
import re

from paths import ROOT


def read(*parts):
    with open(os.path.join(ROOT, *parts)) as handle:
        return handle.read()


def test_readme_names_the_two_commands():
    readme = read("README.md")
    assert "make run" in readme
    assert "make test" in readme
    assert "ODOO_SRC" in readme


def test_ci_runs_the_readme_test_command():
    assert re.search(r"^exec make test$", read(".ci", "run"), re.M)


def test_requirements_are_pinned():
    for line in read("requirements.txt").splitlines():
        line = line.split("#")[0].strip()
        if line and line != "pytz":
            assert "==" in line, line
