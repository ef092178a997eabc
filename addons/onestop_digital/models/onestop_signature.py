import secrets

from odoo import api, fields, models
from odoo.tools import consteq


class OnestopSignature(models.Model):
    """A document the agency signed: the signed file, and the token of its QR code, which
    leads anyone to ``/onestop/verify/<token>`` to check it."""

    _name = "onestop.signature"
    _description = "Document signed by the agency"
    _order = "signed_date desc, id desc"

    name = fields.Char(required=True, readonly=True)
    form = fields.Selection(
        [
            ("receipt", "Receipt (form 01)"),
            ("supplement", "Supplement request (form 02)"),
            ("refusal", "Refusal (form 03)"),
            ("apology", "Apology (form 04)"),
            ("control_slip", "Control slip (form 05)"),
            ("result", "Result"),
        ],
        required=True,
        readonly=True,
    )
    dossier_id = fields.Many2one(
        "onestop.dossier", required=True, index=True, readonly=True, ondelete="cascade"
    )
    attachment_id = fields.Many2one("ir.attachment", string="Signed file", readonly=True)
    signer_id = fields.Many2one("onestop.signer", readonly=True, ondelete="set null")
    user_id = fields.Many2one("res.users", string="Signed by", readonly=True)
    signed_date = fields.Datetime(string="Signed on", readonly=True)
    company_id = fields.Many2one(related="dossier_id.company_id", store=True, index=True)
    token = fields.Char(
        required=True,
        readonly=True,
        copy=False,
        index=True,
        groups="base.group_user",
        default=lambda self: secrets.token_urlsafe(32),
        help="An unguessable token (256 random bits) in the QR code of the signed document.",
    )

    _sql_constraints = [("token_unique", "unique(token)", "Verification tokens are unique.")]

    @api.model
    def _onestop_find(self, token):
        """The signed document with this token (empty when none)."""
        Signature = self.sudo()
        if not token or not isinstance(token, str) or len(token) > 128:
            return Signature.browse()
        signature = Signature.search([("token", "=", token)], limit=1)
        if signature and not consteq(signature.token or "", token):
            return Signature.browse()
        return signature

    def _onestop_verify_url(self):
        self.ensure_one()
        base = self.env["ir.config_parameter"].sudo().get_param("web.base.url") or ""
        return "%s/onestop/verify/%s" % (base.rstrip("/"), self.sudo().token)

    def _onestop_label(self):
        self.ensure_one()
        label = dict(self._fields["form"]._description_selection(self.env))[self.form]
        return "%s - %s" % (label, self.dossier_id.name)
