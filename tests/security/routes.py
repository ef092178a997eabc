"""Print, as JSON, the routes of the OneStop addons in the routing map of a database
(run with ``odoo-bin shell``: ``env`` is given)."""

import json

routes = []
for rule in env["ir.http"].routing_map().iter_rules():  # noqa: F821 (odoo-bin shell's env)
    endpoint = rule.endpoint
    function = getattr(endpoint, "original_endpoint", None) or getattr(endpoint, "func", endpoint)
    module = getattr(function, "__module__", "") or ""
    if not module.startswith("odoo.addons.onestop_"):
        continue
    routing = getattr(endpoint, "routing", {})
    routes.append(
        {
            "rule": rule.rule,
            "arguments": sorted(rule.arguments),
            "converters": {name: type(conv).__name__ for name, conv in rule._converters.items()},
            "methods": sorted(routing.get("methods") or rule.methods or ["GET", "POST"]),
            "type": routing.get("type"),
            "auth": routing.get("auth"),
            "csrf": routing.get("csrf", True),
            "module": module,
        }
    )
print("ONESTOP_ROUTES=" + json.dumps(sorted(routes, key=lambda r: r["rule"])))
