"""The addons' manifests: licence, one-way dependencies, no AGPL dependency."""

import ast
import os

import pytest
from paths import ADDONS, ROOT

ALLOWED_LICENSES = {"LGPL-3"}
# Each addon may depend on the OneStop addons listed here, and on no other.
ALLOWED_ONESTOP_DEPENDENCIES = {
    "onestop_base": set(),
    "onestop_workflow": {"onestop_base"},
    "onestop_portal": {"onestop_workflow", "onestop_base"},
    "onestop_reports": {"onestop_workflow", "onestop_base"},
    "onestop_hall": {"onestop_workflow", "onestop_portal", "onestop_reports", "onestop_base"},
    "onestop_sync": {"onestop_workflow", "onestop_reports", "onestop_base"},
    "onestop_digital": {"onestop_portal", "onestop_reports", "onestop_workflow", "onestop_base"},
}


def manifest(path):
    with open(os.path.join(path, "__manifest__.py")) as handle:
        return ast.literal_eval(handle.read())


def find_addon(name, odoo_src):
    for base in (
        os.path.join(ROOT, "addons"),
        os.path.join(odoo_src, "addons"),
        os.path.join(odoo_src, "odoo", "addons"),
    ):
        if os.path.exists(os.path.join(base, name, "__manifest__.py")):
            return os.path.join(base, name)
    raise AssertionError("addon %s not found" % name)


@pytest.mark.parametrize("addon", ADDONS)
def test_licence_and_metadata(addon):
    data = manifest(os.path.join(ROOT, "addons", addon))
    assert data["license"] in ALLOWED_LICENSES
    assert data["version"].startswith("18.0.")
    assert data["author"] == "OneStop"
    assert data.get("installable", True)


@pytest.mark.parametrize("addon", ADDONS)
def test_dependencies_run_one_way(addon):
    depends = set(manifest(os.path.join(ROOT, "addons", addon))["depends"])
    onestop = {d for d in depends if d.startswith("onestop_")}
    assert onestop <= ALLOWED_ONESTOP_DEPENDENCIES[addon], onestop
    if addon != "onestop_base":
        assert onestop, "%s must build on the OneStop addons" % addon


@pytest.mark.parametrize("addon", ADDONS)
def test_no_agpl_dependency(addon, odoo_src):
    """Every addon reached through the dependencies is LGPL-compatible (no AGPL)."""
    seen, todo = set(), [addon]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        data = manifest(find_addon(name, odoo_src))
        assert "AGPL" not in data.get("license", "LGPL-3"), "%s is %s" % (name, data["license"])
        todo.extend(data.get("depends", []))
    assert "base" in seen
