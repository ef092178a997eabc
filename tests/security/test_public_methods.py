"""Public methods (callable over JSON-RPC) of the OneStop models: each is an action or a
documented API, checks the caller's rights before it acts with elevated rights, and a
citizen calling them on their own dossier changes nothing. Helpers start with an
underscore, which RPC refuses."""

import ast
import glob
import os

import pytest
from attack import RpcError
from scenario import dossiers_of

# Overrides of the ORM's own methods (they check rights themselves), and the statistics API
# of onestop_reports (reads under the caller's record rules).
ORM_AND_API = {
    "create",
    "write",
    "unlink",
    "copy",
    "read",
    "search",
    "default_get",
    "name_search",
    "web_read",
    "fields_get",
    "get_views",
    "init",
    "compute",
    "compute_with_total",
    "compute_indicators",
    "compute_digital",
}
CHECKS = (
    "check_access",
    "_check_onestop_group",
    "_onestop_check_action",
    "_onestop_check_can_act",
    "has_group",
)


def public_methods(root):
    """``(path, class, method, source)`` of every public method in the addons' models and
    windows."""
    found = []
    paths = glob.glob(os.path.join(root, "addons", "onestop_*", "models", "*.py"))
    paths += glob.glob(os.path.join(root, "addons", "onestop_*", "wizard", "*.py"))
    for path in sorted(paths):
        with open(path, encoding="utf-8") as handle:
            tree = ast.parse(handle.read())
        for node in tree.body:
            if not isinstance(node, ast.ClassDef):
                continue
            for function in node.body:
                if isinstance(function, ast.FunctionDef) and not function.name.startswith("_"):
                    found.append((path, node.name, function.name, ast.unparse(function)))
    return found


def test_public_methods_are_actions_or_documented_api(root):
    strays = [
        (os.path.relpath(path, root), method)
        for path, _cls, method, _src in public_methods(root)
        if not method.startswith("action_") and method not in ORM_AND_API
    ]
    assert strays == [], "helpers must start with an underscore: %s" % strays


def test_elevated_public_methods_check_rights_first(root):
    """A public method that uses ``sudo()`` (but to read a system parameter) calls one of
    the rights checks before its first ``sudo()``."""
    unchecked = []
    for path, _cls, method, source in public_methods(root):
        lines = [line for line in source.splitlines() if "ir.config_parameter" not in line]
        body = "\n".join(lines)
        if ".sudo()" not in body:
            continue
        first_sudo = body.index(".sudo()")
        if not any(check in body[:first_sudo] for check in CHECKS):
            unchecked.append((os.path.relpath(path, root), method))
    assert unchecked == []


def dossier_state(db, dossier_id):
    return db.query(
        "SELECT d.state, d.user_id, d.due_date, d.write_date, "
        "(SELECT count(*) FROM onestop_dossier_step s WHERE s.dossier_id = d.id) "
        "FROM onestop_dossier d WHERE d.id = %s",
        (dossier_id,),
    )


@pytest.mark.parametrize("model", ["onestop.dossier"], ids=["dossier"])
def test_citizen_calls_every_action_on_their_own_dossier(client, admin, db, root, model):
    """Every public ``action_*`` of the dossier, called by its applicant over JSON-RPC:
    refused or harmless (nothing about the dossier changes)."""
    citizen = client("congdan")
    own = [d for d in dossiers_of(admin, "congdan") if d["state"] not in ("draft",)][0]
    actions = sorted(
        {
            method
            for _path, cls, method, _src in public_methods(root)
            if method.startswith("action_") and cls == "OnestopDossier"
        }
    )
    assert len(actions) > 10
    before = dossier_state(db, own["id"])
    for action in actions:
        try:
            citizen.button(model, action, [own["id"]])
        except RpcError as error:
            assert error.kind in ("AccessError", "UserError", "MissingError"), (action, error)
        assert dossier_state(db, own["id"]) == before, action
    # A helper, by name: RPC refuses private methods outright.
    for helper in ("_receive", "_onestop_forward", "_onestop_close", "_set_due_date"):
        with pytest.raises(RpcError) as caught:
            citizen.call(model, helper, [own["id"]])
        assert "private" in caught.value.message.lower() or caught.value.kind in (
            "AccessError",
            "AttributeError",
        ), caught.value
