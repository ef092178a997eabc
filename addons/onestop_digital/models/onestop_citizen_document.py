import base64
from datetime import timezone

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools.mimetypes import guess_mimetype

from ..tools import pades

DOCUMENT_STATES = [("valid", "Valid"), ("expired", "Expired"), ("revoked", "Revoked")]
SOURCES = [
    ("submitted", "Submitted document"),
    ("result", "Result"),
    ("desk", "Entered at the desk"),
]
SIGNATURE_STATES = [
    ("none", "Not checked"),
    (pades.UNSIGNED, "Not signed"),
    (pades.VALID, "Valid signature"),
    (pades.UNTRUSTED, "Signed by an unknown authority"),
    (pades.MODIFIED, "Changed after signing"),
    (pades.INVALID, "Invalid signature"),
    (pades.ERROR, "Unreadable file"),
]


class OnestopCitizenDocument(models.Model):
    """A citizen's (or business's) digitised document: a document handed in at the desk or
    online, or a result the agency issued. Offered again in later dossiers that ask for the
    same kind (Circular 01/2023/TT-VPCP: digitise once, reuse)."""

    _name = "onestop.citizen.document"
    _description = "Citizen's digitised document"
    _inherit = ["mail.thread"]
    _order = "issue_date desc, id desc"

    # ------------------------------------------------------------------ fields
    name = fields.Char(compute="_compute_name", search="_search_name")
    partner_id = fields.Many2one(
        "res.partner",
        string="Owner",
        required=True,
        index=True,
        ondelete="restrict",
        tracking=True,
        help="The citizen or business the document belongs to.",
    )
    kind_id = fields.Many2one(
        "onestop.document.kind",
        string="Kind",
        required=True,
        index=True,
        ondelete="restrict",
        tracking=True,
    )
    number = fields.Char(index="trigram", tracking=True)
    issuer = fields.Char(string="Issued by")
    issue_date = fields.Date()
    valid_until = fields.Date(
        compute="_compute_valid_until", store=True, readonly=False, tracking=True
    )
    state = fields.Selection(
        DOCUMENT_STATES, required=True, default="valid", index=True, tracking=True
    )
    revoke_reason = fields.Char(tracking=True)
    file = fields.Binary(attachment=True, required=True, copy=False)
    filename = fields.Char()
    mimetype = fields.Char(compute="_compute_mimetype", store=True)
    source = fields.Selection(SOURCES, required=True, default="desk")
    dossier_id = fields.Many2one(
        "onestop.dossier",
        string="From dossier",
        index="btree_not_null",
        ondelete="set null",
        help="The dossier the document was handed in with, or whose result it is.",
    )
    dossier_document_id = fields.Many2one(
        "onestop.dossier.document", string="From line", ondelete="set null"
    )
    digitised_by_id = fields.Many2one(
        "res.users", string="Digitised by", readonly=True, default=lambda self: self.env.user
    )
    digitised_date = fields.Datetime(
        string="Digitised on", readonly=True, default=fields.Datetime.now
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    reuse_line_ids = fields.One2many(
        "onestop.dossier.document", "citizen_document_id", string="Reused in"
    )
    reuse_count = fields.Integer(compute="_compute_reuse_count", string="Times reused")
    signature_state = fields.Selection(
        SIGNATURE_STATES, default="none", readonly=True, string="Signature"
    )
    signature_signer = fields.Char(string="Signed by", readonly=True)
    signature_date = fields.Datetime(string="Signed on", readonly=True)
    signature_agency = fields.Boolean(
        string="Signed by the agency",
        readonly=True,
        help="The signing certificate is one of the agency's signers'.",
    )
    signature_checked_date = fields.Datetime(string="Signature checked on", readonly=True)

    # ------------------------------------------------------------------ constraints
    @api.constrains("issue_date", "valid_until")
    def _check_dates(self):
        for document in self:
            if (
                document.issue_date
                and document.valid_until
                and document.valid_until < document.issue_date
            ):
                raise ValidationError(self.env._("A document cannot expire before it is issued."))

    @api.constrains("state", "revoke_reason")
    def _check_revoke_reason(self):
        for document in self:
            if document.state == "revoked" and not (document.revoke_reason or "").strip():
                raise ValidationError(self.env._("Give the reason why the document is revoked."))

    # ------------------------------------------------------------------ computes
    @api.depends_context("lang")
    @api.depends("kind_id", "number")
    def _compute_name(self):
        for document in self:
            # The catalogue of kinds is public knowledge; citizens have no access right on it.
            kind = document.kind_id.sudo().name or ""
            document.name = "%s %s" % (kind, document.number) if document.number else kind

    def _search_name(self, operator, value):
        if operator not in ("ilike", "=ilike", "like", "=", "!=", "not ilike"):
            raise UserError(self.env._("Search documents by kind or number."))
        positive = operator not in ("!=", "not ilike")
        operator = {"!=": "=", "not ilike": "ilike"}.get(operator, operator)
        domain = ["|", ("number", operator, value), ("kind_id.name", operator, value)]
        return domain if positive else ["!", *domain]

    @api.depends("issue_date", "kind_id.validity_months")
    def _compute_valid_until(self):
        for document in self:
            months = document.kind_id.validity_months
            if document.issue_date and months and not document.valid_until:
                document.valid_until = document.issue_date + relativedelta(months=months)

    @api.depends("file")
    def _compute_mimetype(self):
        for document in self:
            data = base64.b64decode(document.with_context(bin_size=False).file or b"")
            document.mimetype = guess_mimetype(data) if data else False

    def _compute_reuse_count(self):
        counts = dict(
            self.env["onestop.dossier.document"]._read_group(
                [("citizen_document_id", "in", self.ids)],
                ["citizen_document_id"],
                ["__count"],
            )
        )
        for document in self:
            document.reuse_count = counts.get(document, 0)

    # ------------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        documents = super().create(vals_list)
        documents._onestop_verify_signature()
        return documents

    def write(self, vals):
        result = super().write(vals)
        if "file" in vals:
            self._onestop_verify_signature()
        return result

    # ------------------------------------------------------------------ actions
    def action_revoke(self):
        """Revoke (the reason is asked in the form): no longer offered for reuse."""
        for document in self:
            if not (document.revoke_reason or "").strip():
                raise UserError(self.env._("Give the reason why the document is revoked."))
        self.write({"state": "revoked"})
        return True

    def action_verify_signature(self):
        self._onestop_verify_signature()
        return True

    # ------------------------------------------------------------------ business methods
    @api.model
    def _onestop_owners(self, partner):
        """The partners whose documents serve ``partner``: itself and the business it
        represents."""
        return partner | partner.commercial_partner_id

    @api.model
    def _onestop_reusable_domain(self, partner, kind, on_date=None):
        """The stored documents that may stand for a document of ``kind`` of ``partner``."""
        on_date = on_date or fields.Date.context_today(self)
        return [
            ("partner_id", "in", self._onestop_owners(partner).ids),
            ("kind_id", "=", kind.id),
            ("state", "=", "valid"),
            "|",
            ("valid_until", "=", False),
            ("valid_until", ">=", on_date),
        ]

    def _onestop_is_reusable_for(self, partner, kind, on_date=None):
        self.ensure_one()
        return bool(
            self.sudo().filtered_domain(self._onestop_reusable_domain(partner, kind, on_date))
        )

    def _onestop_file_bytes(self):
        self.ensure_one()
        return base64.b64decode(self.sudo().file or b"")

    def _onestop_verify_signature(self):
        """Check the PDF's signatures against the agency's trust anchors; store the outcome.
        Files that are not PDFs are not signed documents: they are left 'not signed'."""
        Signer = self.env["onestop.signer"].sudo()
        roots, agency_prints = Signer._onestop_trust()
        now = fields.Datetime.now()
        for document in self:
            data = document._onestop_file_bytes()
            if not data:
                continue
            if not data.lstrip()[:5] == b"%PDF-":
                vals = {"signature_state": pades.UNSIGNED}
            else:
                report = pades.verify_pdf(data, roots)
                main = report.main
                vals = {
                    "signature_state": report.state,
                    "signature_signer": main.signer if main else False,
                    "signature_date": (
                        main.signing_time.astimezone(timezone.utc).replace(tzinfo=None)
                        if main and main.signing_time
                        else False
                    ),
                    "signature_agency": bool(main and main.signer_fingerprint in agency_prints),
                }
            vals["signature_checked_date"] = now
            # Facts computed by the server, not typed by the user.
            document.sudo().write(vals)

    @api.model
    def _cron_onestop_expire(self, when=None):
        """Documents whose validity ended are no longer offered."""
        today = when or fields.Date.context_today(self)
        expired = self.search([("state", "=", "valid"), ("valid_until", "<", today)])
        expired.write({"state": "expired"})
        return expired
