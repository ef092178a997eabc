from odoo import api, fields, models

CATALOGUE_KINDS = [("agency", "Agency"), ("field", "Field"), ("procedure", "Procedure")]
# The portal's verb for each catalogue, and the keys of its entries.
CATALOGUE_VERBS = {
    "agency": "LayDanhMucCoQuan",
    "field": "LayDanhMucLinhVuc",
    "procedure": "LayDanhMucTTHC",
}


class OnestopSyncCatalogue(models.Model):
    """The national catalogues (agencies, fields, procedures) as last pulled from the portal,
    and the mapping of ours to them: a national procedure points to our procedure
    (``procedure_id``), which then reports under the national code."""

    _name = "onestop.sync.catalogue"
    _description = "National catalogue entry"
    _order = "kind, code"

    kind = fields.Selection(CATALOGUE_KINDS, required=True, index=True)
    code = fields.Char(required=True, index=True)
    name = fields.Char(required=True)
    parent_code = fields.Char(help="For a procedure: its field's code.")
    procedure_id = fields.Many2one(
        "onestop.procedure",
        string="Our procedure",
        index="btree_not_null",
        ondelete="set null",
        help="Our procedure reported under this national code.",
    )
    active = fields.Boolean(default=True, help="Cleared when the last pull no longer lists it.")
    pulled_date = fields.Datetime(readonly=True)

    _sql_constraints = [
        ("code_unique", "UNIQUE(kind, code)", "A national code appears once per catalogue."),
        (
            "procedure_once",
            "UNIQUE(procedure_id)",
            "Our procedure is already mapped to another national code.",
        ),
    ]

    @api.depends("code", "name")
    def _compute_display_name(self):
        for entry in self:
            entry.display_name = "[%s] %s" % (entry.code, entry.name)

    @api.model_create_multi
    def create(self, vals_list):
        entries = super().create(vals_list)
        entries._onestop_mapped()
        return entries

    def write(self, vals):
        res = super().write(vals)
        if "procedure_id" in vals or "code" in vals:
            self._onestop_mapped()
        return res

    def _onestop_mapped(self):
        """Dossiers of a procedure newly mapped may have events waiting for its code."""
        procedures = self.procedure_id
        if procedures:
            self.env["onestop.sync.event"]._onestop_enqueue_waiting()

    @api.model
    def _onestop_pull(self, endpoint):
        """Pull the three catalogues; a national procedure whose code is one of ours is mapped
        to it unless mapped already. Returns the counts."""
        now = fields.Datetime.now()
        Catalogue = self.sudo().with_context(active_test=False)
        Procedure = self.env["onestop.procedure"].sudo().with_context(active_test=False)
        counts = {}
        for kind, verb in CATALOGUE_VERBS.items():
            answer = endpoint._call(verb, {})
            rows = answer.get("data") or []
            existing = {e.code: e for e in Catalogue.search([("kind", "=", kind)])}
            seen = set()
            new_vals = []
            for row in rows:
                if not isinstance(row, dict) or not row.get("Ma") or not row.get("Ten"):
                    continue
                code = str(row["Ma"]).strip()
                if code in seen:
                    continue
                seen.add(code)
                vals = {
                    "name": str(row["Ten"]).strip(),
                    "parent_code": row.get("MaCha") or row.get("MaLinhVuc") or False,
                    "active": True,
                    "pulled_date": now,
                }
                if code in existing:
                    existing[code].write(vals)
                else:
                    new_vals.append(dict(vals, kind=kind, code=code))
            Catalogue.create(new_vals)
            gone = [entry for code, entry in existing.items() if code not in seen]
            for entry in gone:
                entry.active = False
            counts[kind] = len(seen)
        mapped = Catalogue.search([("kind", "=", "procedure"), ("procedure_id", "!=", False)])
        free = Catalogue.search(
            [("kind", "=", "procedure"), ("procedure_id", "=", False), ("active", "=", True)]
        )
        taken = set(mapped.procedure_id.ids)
        ours = {p.code: p for p in Procedure.search([("code", "in", free.mapped("code"))])}
        for entry in free:
            procedure = ours.get(entry.code)
            if procedure and procedure.id not in taken:
                entry.procedure_id = procedure
                taken.add(procedure.id)
        return {
            "agencies": counts.get("agency", 0),
            "fields": counts.get("field", 0),
            "procedures": counts.get("procedure", 0),
            "mapped": len(taken),
        }
