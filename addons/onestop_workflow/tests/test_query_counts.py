import logging

from lxml import etree

from odoo.tests import tagged

from odoo.addons.onestop_base.tests.common import local

from .common import WorkflowCase

_logger = logging.getLogger(__name__)


def _spec(model, arch, fields):
    """The ``specification`` the web client sends for a view: every field of the arch, a
    many2one's display name, the fields of an x2many's inline list."""
    spec = {}
    for node in arch.iterchildren():
        if not isinstance(node.tag, str):
            continue
        if node.tag == "field" and node.get("name") in fields:
            name = node.get("name")
            field = fields[name]
            if field["type"] == "many2one":
                spec[name] = {"fields": {"display_name": {}}}
            elif field["type"] in ("one2many", "many2many"):
                sub = node.find("list")
                comodel = model.env[field["relation"]]
                sub_fields = comodel.fields_get(attributes=["type", "relation"])
                spec[name] = {"fields": _spec(comodel, sub, sub_fields) if sub is not None else {}}
                if sub is None:
                    spec[name]["fields"]["display_name"] = {}
            else:
                spec[name] = {}
        else:
            for key, value in _spec(model, node, fields).items():
                spec.setdefault(key, value)
    return spec


@tagged("post_install", "-at_install")
class TestQueryCounts(WorkflowCase):
    """The list and the form of dossiers cost as many queries with 5 dossiers in the
    database as with 15 (the kanban has its own test in test_kanban)."""

    def make_received(self, count):
        dossiers = self.env["onestop.dossier"]
        for index in range(count):
            dossier = self.make_dossier()
            dossier.sudo()._receive(when=local(2026, 3, 2, 8, index % 50))
            if index % 2:
                dossier.sudo()._onestop_forward(
                    self.steps[1], self.specialist, self.unit, when=local(2026, 3, 2, 9, 0)
                )
            dossiers |= dossier
        return dossiers

    def view_spec(self, user, view_xmlid, view_type):
        Dossier = self.env["onestop.dossier"].with_user(user)
        views = Dossier.get_views([(self.env.ref(view_xmlid).id, view_type)])
        arch = etree.fromstring(views["views"][view_type]["arch"])
        fields = views["models"]["onestop.dossier"]["fields"]
        return _spec(Dossier, arch, fields)

    def count(self, function):
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.cr.sql_log_count
        result = function()
        return self.cr.sql_log_count - before, result

    def test_list_first_page(self):
        user = self.leader
        spec = self.view_spec(user, "onestop_base.onestop_dossier_view_list", "list")
        self.assertIn("stage_id", spec)  # the workflow's columns are there
        Dossier = self.env["onestop.dossier"].with_user(user)
        domain = [("state", "!=", "draft"), ("procedure_id", "=", self.procedure.id)]

        def load():
            return Dossier.web_search_read(domain, spec, limit=80, count_limit=10001)

        self.make_received(5)
        self.count(load)  # warm the caches
        few, result = self.count(load)
        self.assertEqual(result["length"], 5)
        self.make_received(10)
        self.count(load)
        many, result = self.count(load)
        self.assertEqual(result["length"], 15)
        # Exactly as many, not fewer.
        self.assertEqual(many, few)
        self.env.flush_all()
        self.env.invalidate_all()
        with self.assertQueryCount(few):
            load()
        _logger.info("list of 5 or 15 dossiers: %s queries", few)

    def test_form(self):
        user = self.leader
        spec = self.view_spec(user, "onestop_base.onestop_dossier_view_form", "form")
        self.assertIn("step_ids", spec)
        self.assertIn("wf_can_forward", spec)
        Dossier = self.env["onestop.dossier"].with_user(user)
        dossier = self.make_received(2)[1]

        def load():
            return Dossier.browse(dossier.id).web_read(spec)

        self.count(load)  # warm the caches
        few, result = self.count(load)
        self.assertEqual(result[0]["name"], dossier.name)
        self.make_received(10)
        self.count(load)
        many, result = self.count(load)
        self.assertEqual(len(result[0]["step_ids"]), 2)
        self.assertEqual(many, few)
        self.env.flush_all()
        self.env.invalidate_all()
        with self.assertQueryCount(few):
            load()
        _logger.info("form among 2 or 12 dossiers: %s queries", few)
