from odoo import api, models
from odoo.exceptions import UserError


class OnestopFormReceipt(models.AbstractModel):
    """Form 01: the receipt and appointment slip. Whoever prints it must be allowed to read
    the dossier (the officers of its units, or its applicant); the rendering then reads the
    dossier with sudo (the QR code needs the tracking token)."""

    _name = "report.onestop_portal.report_form_receipt"
    _description = "Form 01 - Receipt and appointment"

    @api.model
    def _get_report_values(self, docids, data=None):
        docs = self.env["onestop.dossier"].browse(docids)
        docs.check_access("read")
        drafts = docs.filtered(lambda d: not d.received_date)
        if drafts:
            raise UserError(
                self.env._(
                    "The receipt (form 01) is printed once the dossier is received: "
                    "%(dossiers)s.",
                    dossiers=", ".join(drafts.mapped("display_name")),
                )
            )
        return {"doc_ids": docs.ids, "doc_model": "onestop.dossier", "docs": docs.sudo()}
