import base64

from odoo import Command, api, fields, models
from odoo.exceptions import UserError

# The forms the agency signs: the report, and the records of the dossier it prints.
SIGNABLE_FORMS = {
    "receipt": "onestop_portal.action_report_form_receipt",
    "supplement": "onestop_workflow.action_report_form_supplement",
    "refusal": "onestop_workflow.action_report_form_refusal",
    "apology": "onestop_workflow.action_report_form_apology",
    "control_slip": "onestop_workflow.action_report_form_control_slip",
}
FORM_NUMBERS = {
    "receipt": "Mau01",
    "supplement": "Mau02",
    "refusal": "Mau03",
    "apology": "Mau04",
    "control_slip": "Mau05",
}


class OnestopDossier(models.Model):
    """Digitised documents reused from the applicant's store, results entering the store, and
    the forms and results signed as PAdES by the agency."""

    _inherit = "onestop.dossier"

    reused_count = fields.Integer(
        compute="_compute_digital_counts", string="Documents reused", store=True
    )
    reuse_offered_count = fields.Integer(
        compute="_compute_digital_counts", string="Documents offered for reuse", store=True
    )
    stored_result_ids = fields.One2many(
        "onestop.citizen.document",
        "dossier_id",
        string="Stored documents",
        domain=[("source", "=", "result")],
    )
    signed_attachment_ids = fields.Many2many(
        "ir.attachment",
        "onestop_dossier_signed_attachment_rel",
        "dossier_id",
        "attachment_id",
        string="Signed forms",
        readonly=True,
        copy=False,
    )
    reusable_line_count = fields.Integer(
        compute="_compute_reusable_line_count",
        help="Lines without a file for which the applicant's store holds a valid document.",
    )

    # ------------------------------------------------------------------ computes
    @api.depends(
        "document_line_ids.attachment_ids",
        "document_line_ids.is_submitted",
        "document_line_ids.citizen_document_id",
    )
    def _compute_is_digitised(self):
        for dossier in self:
            submitted = dossier.document_line_ids.filtered("is_submitted")
            dossier.is_digitised = bool(submitted) and all(
                line.attachment_ids or line.citizen_document_id for line in submitted
            )

    @api.depends("document_line_ids.is_reused", "document_line_ids.reuse_offered")
    def _compute_digital_counts(self):
        for dossier in self:
            lines = dossier.document_line_ids
            dossier.reused_count = len(lines.filtered("is_reused"))
            dossier.reuse_offered_count = len(lines.filtered("reuse_offered"))

    @api.depends("document_line_ids.reusable_count", "document_line_ids.citizen_document_id")
    def _compute_reusable_line_count(self):
        for dossier in self:
            dossier.reusable_line_count = len(
                dossier.document_line_ids.filtered(
                    lambda line: line.reusable_count
                    and not line.citizen_document_id
                    and not line.attachment_ids
                )
            )

    # ------------------------------------------------------------------ actions
    def action_onestop_reuse_documents(self):
        """Reuse the applicant's valid stored documents for every line that has no file."""
        self.check_access("write")
        for dossier in self:
            if dossier.state != "draft":
                raise UserError(
                    self.env._("Documents are reused at reception, before the dossier is received.")
                )
            lines = dossier.document_line_ids.filtered(
                lambda line: line.reusable_count
                and not line.citizen_document_id
                and not line.attachment_ids
            )
            lines._onestop_reuse()
        return True

    def action_onestop_store_results(self):
        """Put the result files in the applicant's store (done at the result; again after a
        result file was added)."""
        self.check_access("write")
        self._onestop_store_results()
        return True

    def action_onestop_sign_form(self):
        """Sign a form (``onestop_form`` in the context) with the agency's signer."""
        self.ensure_one()
        form = self.env.context.get("onestop_form")
        attachment = self._onestop_sign_form(form)
        return {
            "type": "ir.actions.act_url",
            "url": "/web/content/%s?download=true" % attachment.id,
            "target": "self",
        }

    def action_onestop_sign_results(self):
        """Sign the PDF results of the dossiers (one or a day's batch), by a leader."""
        self._check_onestop_group("onestop_base.group_onestop_leader")
        self.check_access("write")
        signed = self._onestop_sign_results()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success" if signed else "warning",
                "message": self.env._("%(count)s result files signed.", count=len(signed)),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    # ------------------------------------------------------------------ lifecycle hooks
    def _receive(self, when=None):
        """At reception: which lines were offered a stored document (the reuse rate's
        denominator), and the scans of reusable kinds enter the applicant's store."""
        for line in self.document_line_ids:
            if line.reusable_count or line.citizen_document_id:
                line.sudo().reuse_offered = True
        result = super()._receive(when=when)
        self._onestop_store_submitted(when)
        return result

    @api.model
    def _onestop_portal_submit(self, procedure, partner, values, files_by_document, key):
        """Online, ``values["reused_documents"]`` (``{procedure document: stored document}``,
        chosen by the citizen) link the lines to the stored documents; as at the desk, a line
        for which the store holds a valid document is marked offered."""
        dossier, created = super()._onestop_portal_submit(
            procedure, partner, values, files_by_document, key
        )
        if created:
            dossier._onestop_portal_reuse(values.get("reused_documents") or {}, partner)
        return dossier, created

    def _onestop_portal_reuse(self, reused, author):
        """Link each line to the stored document the citizen chose for it. The line's
        checks refuse a document of another owner, of another kind or no longer valid."""
        self.ensure_one()
        lines = self.sudo().document_line_ids
        linked = self.env["onestop.citizen.document"]
        for document, stored in reused.items():
            line = lines.filtered(
                lambda line, document=document: line.procedure_document_id == document
            )[:1]
            if not line or not line.kind_id:
                raise UserError(
                    self.env._(
                        "The document %(document)s cannot be reused in this dossier.",
                        document=document.name,
                    )
                )
            line.write({"citizen_document_id": stored.id, "is_submitted": True})
            linked |= stored
        for line in lines:
            if line.citizen_document_id or line.reusable_count:
                line.reuse_offered = True
        if linked:
            self.message_post(
                body=self.env._(
                    "Digitised documents reused from the applicant's store: %(documents)s",
                    documents=", ".join(linked.sudo().mapped("display_name")),
                ),
                author_id=author.id,
                message_type="comment",
                subtype_xmlid="mail.mt_note",
            )
        return linked

    def _onestop_record_result(self, note=False, attachments=None, when=None):
        result = super()._onestop_record_result(note=note, attachments=attachments, when=when)
        self.filtered(lambda d: not d.parent_id)._onestop_store_results(when)
        return result

    def _onestop_error_return(self):
        reason = super()._onestop_error_return()
        if reason:
            return reason
        if self.procedure_id.result_digitisation_required and not self.sudo().stored_result_ids:
            return self.env._(
                "The procedure %(procedure)s requires its result digitised before it is "
                "returned: add the result's file to the dossier and store it.",
                procedure=self.procedure_id.display_name,
            )
        return False

    # ------------------------------------------------------------------ the store
    def _onestop_store_submitted(self, when=None):
        Stored = self.env["onestop.citizen.document"].sudo()
        vals_list = []
        for dossier in self:
            for line in dossier.document_line_ids:
                kind = line.kind_id
                if (
                    not kind.reusable
                    or line.citizen_document_id
                    or line.stored_document_ids
                    or not line.attachment_ids
                ):
                    continue
                attachment = line.attachment_ids.sudo()[:1]
                vals_list.append(
                    {
                        "partner_id": dossier.partner_id.id,
                        "kind_id": kind.id,
                        "file": attachment.datas,
                        "filename": attachment.name,
                        "source": "submitted",
                        "dossier_id": dossier.id,
                        "dossier_document_id": line.id,
                        "company_id": dossier.company_id.id,
                        "digitised_by_id": self.env.uid,
                        "digitised_date": when or fields.Datetime.now(),
                    }
                )
        return Stored.create(vals_list)

    def _onestop_store_results(self, when=None):
        """Each result file not yet stored enters the applicant's store."""
        Stored = self.env["onestop.citizen.document"].sudo()
        created = Stored
        kind_default = self.env.ref("onestop_digital.document_kind_result")
        for dossier in self:
            stored_names = set(dossier.sudo().stored_result_ids.mapped("filename"))
            for attachment in dossier.sudo().result_attachment_ids:
                if attachment.name in stored_names:
                    continue
                created |= Stored.create(
                    {
                        "partner_id": dossier.partner_id.id,
                        "kind_id": (dossier.procedure_id.result_kind_id or kind_default).id,
                        "number": dossier.name,
                        "issuer": dossier.department_id.agency_id.name
                        or dossier.department_id.name,
                        "issue_date": fields.Date.context_today(self, when),
                        "file": attachment.datas,
                        "filename": attachment.name,
                        "source": "result",
                        "dossier_id": dossier.id,
                        "company_id": dossier.company_id.id,
                        "digitised_by_id": self.env.uid,
                        "digitised_date": when or fields.Datetime.now(),
                    }
                )
        return created

    # ------------------------------------------------------------------ signatures
    def _onestop_form_records(self, form):
        """The records the form ``form`` prints for this dossier, or a UserError saying why
        the form does not exist yet."""
        self.ensure_one()
        if form not in SIGNABLE_FORMS:
            raise UserError(self.env._("%(form)s is not a form that can be signed.", form=form))
        records = {
            "receipt": self if self.received_date else self.browse(),
            "control_slip": self if self.received_date else self.browse(),
            "refusal": self if self.state == "refused" else self.browse(),
            "supplement": self.pause_ids.sorted("date_start")[-1:],
            "apology": self.apology_ids.sorted("id")[-1:],
        }[form]
        if not records:
            raise UserError(
                self.env._(
                    "The dossier %(dossier)s has no such form to sign yet.",
                    dossier=self.display_name,
                )
            )
        return records

    def _onestop_signer(self):
        self.ensure_one()
        return self.env["onestop.signer"]._onestop_for_department(self.department_id)

    def _onestop_sign_form(self, form, signer=None):
        """Render the form, sign it as PAdES with a visible stamp, attach the signed copy to
        the dossier; the attachment."""
        self.ensure_one()
        self.check_access("write")
        records = self._onestop_form_records(form)
        signer = signer or self._onestop_signer()
        report_ref = SIGNABLE_FORMS[form]
        Report = self.env["ir.actions.report"].with_context(force_report_rendering=True)
        pdf, _kind = Report.sudo()._render_qweb_pdf(report_ref, records.ids)
        report = self.env.ref(report_ref)
        name = "%s-%s-ky-so.pdf" % (FORM_NUMBERS[form], self.name)
        signature = self._onestop_new_signature(name, form, signer)
        signed = signer._onestop_sign_pdf(
            pdf,
            reason=self.env._("Issued by the one-stop desk"),
            qr_url=signature._onestop_verify_url(),
        )
        attachment = (
            self.env["ir.attachment"]
            .sudo()
            .create(
                {
                    "name": name,
                    "raw": signed,
                    "mimetype": "application/pdf",
                    "res_model": self._name,
                    "res_id": self.id,
                }
            )
        )
        self.sudo().with_context(onestop_action=True).write(
            {"signed_attachment_ids": [Command.link(attachment.id)]}
        )
        signature.attachment_id = attachment
        self.message_post(
            body=self.env._(
                "%(form)s signed by %(signer)s.", form=report.sudo().name, signer=signer.name
            ),
            attachment_ids=attachment.ids,
        )
        return attachment

    def _onestop_new_signature(self, name, form, signer):
        """The record of a document about to be signed: its verification token goes into the
        stamp's QR code."""
        self.ensure_one()
        return (
            self.env["onestop.signature"]
            .sudo()
            .create(
                {
                    "name": name,
                    "form": form,
                    "dossier_id": self.id,
                    "signer_id": signer.id,
                    "user_id": self.env.uid,
                    "signed_date": fields.Datetime.now(),
                }
            )
        )

    def _onestop_sign_results(self, signer=None):
        """Sign each PDF result file not yet signed; the signed copy replaces it and enters
        the store."""
        signed = self.env["ir.attachment"]
        for dossier in self:
            if dossier.state not in ("resolved", "returned"):
                raise UserError(
                    self.env._(
                        "The dossier %(dossier)s has no result to sign (%(state)s).",
                        dossier=dossier.display_name,
                        state=dossier._state_label(),
                    )
                )
            dossier_signer = signer or dossier._onestop_signer()
            for attachment in dossier.sudo().result_attachment_ids:
                if attachment.mimetype != "application/pdf" or attachment.name.endswith(
                    "-ky-so.pdf"
                ):
                    continue
                name = "%s-ky-so.pdf" % attachment.name.rsplit(".", 1)[0]
                signature = dossier._onestop_new_signature(name, "result", dossier_signer)
                data = dossier_signer._onestop_sign_pdf(
                    attachment.raw,
                    reason=self.env._("Result of the dossier %s") % dossier.name,
                    qr_url=signature._onestop_verify_url(),
                )
                copy = attachment.copy({"name": name, "raw": data})
                signature.attachment_id = copy
                dossier.sudo().with_context(onestop_action=True).write(
                    {
                        "result_attachment_ids": [
                            Command.unlink(attachment.id),
                            Command.link(copy.id),
                        ]
                    }
                )
                stored = dossier.sudo().stored_result_ids.filtered(
                    lambda d, name=attachment.name: d.filename == name
                )
                if stored:
                    stored.write({"file": base64.b64encode(data), "filename": copy.name})
                signed |= copy
            dossier._onestop_store_results()
        return signed
