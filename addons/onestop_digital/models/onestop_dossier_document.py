from odoo import api, fields, models
from odoo.exceptions import ValidationError


class OnestopDossierDocument(models.Model):
    """A line of the dossier's checklist may reuse a document of the applicant's store
    instead of a new copy: it then counts as handed in and digitised."""

    _inherit = "onestop.dossier.document"

    kind_id = fields.Many2one(
        "onestop.document.kind",
        string="Kind of document",
        compute="_compute_kind_id",
        store=True,
        readonly=False,
        index="btree_not_null",
    )
    citizen_document_id = fields.Many2one(
        "onestop.citizen.document",
        string="Reused document",
        index="btree_not_null",
        ondelete="restrict",
        copy=False,
        help="A valid document of the applicant's store that stands for this document.",
    )
    reusable_document_ids = fields.Many2many(
        "onestop.citizen.document",
        compute="_compute_reusable_document_ids",
        string="Reusable documents",
        help="The applicant's valid stored documents of this kind.",
    )
    reusable_count = fields.Integer(compute="_compute_reusable_document_ids")
    reuse_offered = fields.Boolean(
        string="Reuse offered",
        readonly=True,
        copy=False,
        help="When the dossier was received, the applicant's store held a valid document of "
        "this kind (the denominator of the reuse rate).",
    )
    is_reused = fields.Boolean(
        string="Reused", compute="_compute_is_reused", store=True, index=True
    )
    is_digitised = fields.Boolean(
        string="Digitised",
        compute="_compute_is_digitised",
        store=True,
        help="Scanned or uploaded, or reused from the store.",
    )
    stored_document_ids = fields.One2many(
        "onestop.citizen.document", "dossier_document_id", string="Stored as"
    )

    # ------------------------------------------------------------------ constraints
    @api.constrains("citizen_document_id", "kind_id")
    def _check_citizen_document(self):
        for line in self.filtered("citizen_document_id"):
            stored = line.citizen_document_id.sudo()
            partner = line.dossier_id.partner_id
            if stored.partner_id not in stored._onestop_owners(partner):
                raise ValidationError(
                    self.env._(
                        "%(document)s belongs to someone else than the applicant: it cannot "
                        "be reused in this dossier.",
                        document=stored.display_name,
                    )
                )
            if line.kind_id and stored.kind_id != line.kind_id:
                raise ValidationError(
                    self.env._(
                        "%(document)s is a %(kind)s, not a %(expected)s.",
                        document=stored.display_name,
                        kind=stored.kind_id.name,
                        expected=line.kind_id.name,
                    )
                )

    # ------------------------------------------------------------------ computes
    @api.depends("procedure_document_id.kind_id")
    def _compute_kind_id(self):
        for line in self:
            if line.procedure_document_id.kind_id:
                line.kind_id = line.procedure_document_id.kind_id

    @api.depends("kind_id", "dossier_id.partner_id")
    def _compute_reusable_document_ids(self):
        Stored = self.env["onestop.citizen.document"]
        for line in self:
            partner = line.dossier_id.partner_id
            if line.kind_id and partner:
                found = Stored.search(Stored._onestop_reusable_domain(partner, line.kind_id))
            else:
                found = Stored
            line.reusable_document_ids = found
            line.reusable_count = len(found)

    @api.depends("citizen_document_id")
    def _compute_is_reused(self):
        for line in self:
            line.is_reused = bool(line.citizen_document_id)

    @api.depends("attachment_ids", "citizen_document_id")
    def _compute_is_submitted(self):
        result = super()._compute_is_submitted()
        for line in self:
            if line.citizen_document_id:
                line.is_submitted = True
        return result

    @api.depends("attachment_ids", "citizen_document_id")
    def _compute_is_digitised(self):
        for line in self:
            line.is_digitised = bool(line.attachment_ids or line.citizen_document_id)

    # ------------------------------------------------------------------ onchanges
    @api.onchange("citizen_document_id")
    def _onchange_citizen_document_id(self):
        if self.citizen_document_id:
            self.is_submitted = True

    # ------------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines.filtered("citizen_document_id")._check_citizen_document_valid()
        return lines

    def write(self, vals):
        result = super().write(vals)
        if vals.get("citizen_document_id"):
            self._check_citizen_document_valid()
        return result

    def _check_citizen_document_valid(self):
        """A document is reused only while it is valid (not expired, not revoked)."""
        for line in self:
            stored = line.citizen_document_id.sudo()
            kind = line.kind_id or stored.kind_id
            if not stored._onestop_is_reusable_for(line.dossier_id.partner_id, kind):
                raise ValidationError(
                    self.env._(
                        "%(document)s is not valid any more (%(state)s): ask for a new copy.",
                        document=stored.display_name,
                        state=dict(stored._fields["state"]._description_selection(self.env))[
                            stored.state
                        ]
                        if stored.state != "valid"
                        else self.env._("expired"),
                    )
                )

    # ------------------------------------------------------------------ business methods
    def _onestop_reuse(self, stored=None):
        """Link each line to ``stored`` or to the newest reusable document of its kind."""
        for line in self:
            document = stored or line.reusable_document_ids[:1]
            if document and not line.citizen_document_id:
                line.write({"citizen_document_id": document.id, "is_submitted": True})
        return True
