import base64

import pytz

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import consteq
from odoo.tools.image import image_data_uri

from odoo.addons.onestop_base.models.onestop_dossier import (
    CLOSED_STATES,
    OPEN_STATES,
    RUNNING_STATES,
)
from odoo.addons.onestop_base.models.onestop_dossier_rating import LEVELS

from ..tools import masking, uploads

# What the citizen sees: in progress, waiting for the citizen, done.
PORTAL_DONE_STATES = ("returned", *CLOSED_STATES)
PORTAL_OPEN_STATES = ("draft", "received", "processing", "resolved")
# Control slip lines that the public timeline shows (the others are internal moves).
PUBLIC_LINE_KINDS = (
    "reception",
    "handover",
    "send_back",
    "supplement_request",
    "supplement_received",
    "refusal",
    "reschedule",
    "stop",
    "withdrawal",
    "result",
    "return",
    "transfer",
)


class OnestopDossier(models.Model):
    _inherit = "onestop.dossier"

    # ------------------------------------------------------------------ fields
    # The internal note is for officers only, whatever route reads the dossier.
    note = fields.Html(groups="base.group_user")
    portal_submission_key = fields.Char(
        copy=False,
        readonly=True,
        groups="base.group_user",
        help="The random key of the online form that created the dossier: a form submitted "
        "twice creates one dossier.",
    )
    submitted_date = fields.Datetime(
        string="Submitted online", copy=False, readonly=True, index="btree_not_null"
    )
    intake_request = fields.Text(
        string="Documents asked before acceptance",
        copy=False,
        readonly=True,
        tracking=True,
        help="What the desk asked the applicant to complete before accepting an online dossier.",
    )
    intake_request_date = fields.Datetime(string="Asked on", copy=False, readonly=True)
    intake_request_pending = fields.Boolean(
        string="Waiting for the applicant's documents", copy=False, readonly=True
    )
    applicant_action_required = fields.Boolean(
        string="Waiting for the applicant",
        compute="_compute_applicant_action_required",
        store=True,
        index=True,
        help="The applicant has to hand in documents: a supplement, or what the desk asked "
        "before accepting an online dossier.",
    )
    can_rate = fields.Boolean(
        string="Can be rated",
        compute="_compute_can_rate",
        help="The result has been returned and the applicant has not rated the service yet.",
    )

    _sql_constraints = [
        (
            "portal_submission_key_unique",
            "unique(portal_submission_key)",
            "This online form has already been submitted.",
        ),
    ]

    # ------------------------------------------------------------------ computes
    @api.depends("state", "intake_request_pending")
    def _compute_applicant_action_required(self):
        for dossier in self:
            dossier.applicant_action_required = dossier.state == "waiting_supplement" or (
                dossier.state == "draft" and dossier.intake_request_pending
            )

    @api.depends("state", "rating_ids", "parent_id")
    def _compute_can_rate(self):
        for dossier in self:
            dossier.can_rate = (
                dossier.state == "returned"
                and not dossier.parent_id
                and not dossier.sudo().rating_ids
            )

    @api.depends_context("uid")
    @api.depends(
        "state",
        "current_step_id",
        "waiting_children",
        "apology_count",
        "channel",
        "intake_request_pending",
    )
    def _compute_wf_actions(self):
        # The supplement request also applies to online drafts (see _onestop_action_error).
        return super()._compute_wf_actions()

    # ------------------------------------------------------------------ actions
    def action_receive(self):
        """The desk receives the dossier; from the form's button (``onestop_print_receipt``
        in the context) the receipt downloads at once and the form reloads."""
        res = super().action_receive()
        if self.env.context.get("onestop_print_receipt") and len(self) == 1:
            return self._onestop_receipt_action()
        return res

    def action_print_receipt(self):
        self.ensure_one()
        if not self.received_date:
            raise UserError(
                self.env._("The receipt (form 01) is printed once the dossier is received.")
            )
        return self._onestop_receipt_action()

    def _onestop_receipt_action(self):
        action = self.env.ref("onestop_portal.action_report_form_receipt").report_action(
            self, config=False
        )
        action["close_on_report_download"] = True
        return action

    def _get_report_base_filename(self):
        self.ensure_one()
        return "Mau01-%s" % self.name

    # ------------------------------------------------------------------ workflow turns
    def _onestop_action_error(self, action):
        # The desk may ask what an online dossier lacks before accepting it: no clock runs
        # yet, so nothing pauses; the dossier stays a draft until the applicant answers.
        if action == "supplement" and self.state == "draft":
            if self.channel != "online":
                return self.env._(
                    "The dossier %(dossier)s has not been received: hand the list of missing "
                    "documents to the applicant at the desk.",
                    dossier=self.display_name,
                )
            if self.intake_request_pending:
                return self.env._(
                    "The applicant of %(dossier)s has not answered the previous request yet.",
                    dossier=self.display_name,
                )
            return False
        return super()._onestop_action_error(action)

    def _onestop_request_supplement(self, missing, when=None):
        drafts = self.filtered(lambda d: d.state == "draft")
        if drafts:
            if not (missing or "").strip():
                raise UserError(self.env._("List the documents or information that are missing."))
            when = when or fields.Datetime.now()
            for dossier in drafts:
                dossier.sudo().write(
                    {
                        "intake_request": missing,
                        "intake_request_date": when,
                        "intake_request_pending": True,
                    }
                )
                dossier.message_post(
                    body=dossier.env._(
                        "Before accepting the online dossier, the desk asked the applicant "
                        "for:\n%(missing)s",
                        missing=missing,
                    )
                )
                dossier._onestop_notify_applicant("onestop_portal.mail_template_intake_request")
        others = self - drafts
        if others:
            return super(OnestopDossier, others)._onestop_request_supplement(missing, when=when)
        return True

    def _onestop_return_result(self, method=None, tracking_ref=False, when=None):
        res = super()._onestop_return_result(method=method, tracking_ref=tracking_ref, when=when)
        # Ask the applicant to rate the service (a link that works without an account).
        self.filtered(lambda d: not d.parent_id)._onestop_notify_applicant(
            "onestop_portal.mail_template_rating_invitation"
        )
        return res

    # ------------------------------------------------------------------ public tracking
    def _onestop_tracking_url(self):
        """The address in the receipt's QR code: the unguessable tracking token, never the
        database id nor the portal access token."""
        self.ensure_one()
        return "%s/onestop/track/%s" % (self.get_base_url(), self.sudo().tracking_token)

    def _onestop_tracking_qr(self):
        """The receipt's QR code of the tracking URL, as a PNG data URI (Odoo's report
        barcodes: error correction M, a quiet zone of 4 modules)."""
        self.ensure_one()
        png = self.env["ir.actions.report"].barcode(
            "QR", self._onestop_tracking_url(), width=300, height=300, quiet=0, barLevel="M"
        )
        return image_data_uri(base64.b64encode(png))

    def _onestop_local_dt(self, value):
        """A naive UTC datetime as the agency's clock shows it (aware)."""
        self.ensure_one()
        tz = self._onestop_working_time().tz
        return pytz.utc.localize(value).astimezone(tz) if value else False

    def _onestop_applicant_address(self):
        """The applicant's address on one line, without empty parts."""
        self.ensure_one()
        return self.applicant_address or ""

    def _onestop_portal_state(self):
        """The dossier's status as the citizen reads it."""
        self.ensure_one()
        labels = {
            "draft": self.env._("Submitted, waiting for the desk to accept it"),
            "received": self.env._("Received at the desk"),
            "processing": self.env._("Being processed"),
            "waiting_supplement": self.env._("Waiting for additional documents"),
            "resolved": self.env._("Result ready"),
            "returned": self.env._("Result returned"),
            "refused": self.env._("Refused"),
            "withdrawn": self.env._("Withdrawn"),
            "stopped": self.env._("Processing stopped"),
        }
        if self.state == "draft" and self.intake_request_pending:
            return self.env._("Waiting for your documents before acceptance")
        return labels.get(self.state, "")

    def _onestop_progress(self):
        """``(key, label)``: early, on time or late for a result; on schedule, due soon or
        late while it runs; paused while waiting; nothing otherwise."""
        self.ensure_one()
        if self.state in ("resolved", "returned") and self.result_timing:
            labels = {
                "early": self.env._("Resolved early"),
                "on_time": self.env._("Resolved on time"),
                "late": self.env._("Resolved late"),
            }
            return self.result_timing, labels[self.result_timing]
        if self.state in RUNNING_STATES and self.due_date:
            if self.is_overdue:
                return "late", self.env._("Late")
            if self.deadline_risk == "soon":
                return "soon", self.env._("On time, due within one working day")
            return "on_time", self.env._("On time")
        if self.state == "waiting_supplement":
            return "paused", self.env._("Paused until the documents arrive")
        return False, ""

    def _onestop_current_step_name(self):
        self.ensure_one()
        dossier = self.sudo()
        if dossier.state not in (*OPEN_STATES, "resolved"):
            return ""
        step = dossier.process_step_id.name or dossier.stage_id.name or ""
        unit = dossier.current_department_id.name or dossier.department_id.name
        return "%s (%s)" % (step, unit) if step and unit else step or unit or ""

    def _onestop_timeline(self):
        """The dated steps of the dossier for the citizen: what happened, where, when, and
        whether each turn ended in time. No officer's name, no internal note."""
        self.ensure_one()
        dossier = self.sudo()
        timings = dict(
            self.env["onestop.dossier.step"]._fields["result"]._description_selection(self.env)
        )
        kinds = dict(
            self.env["onestop.dossier.step"]._fields["kind"]._description_selection(self.env)
        )
        events = []
        if dossier.submitted_date:
            events.append(
                {
                    "kind": "submitted",
                    "name": self.env._("Submitted online"),
                    "unit": dossier.department_id.name,
                    "start": dossier._format_dt(dossier.submitted_date),
                    "end": False,
                    "due": False,
                    "result": False,
                    "result_label": "",
                }
            )
        lines = dossier.step_ids.filtered(lambda line: line.kind in PUBLIC_LINE_KINDS)
        for line in lines.sorted(lambda line: (line.sequence, line.id)):
            events.append(
                {
                    "kind": line.kind,
                    "name": line.name if line.is_turn else kinds.get(line.kind, line.name),
                    "unit": line.department_to_id.name or "",
                    "start": dossier._format_dt(line.date_start),
                    "end": dossier._format_dt(line.date_end)
                    if line.date_end and line.is_turn
                    else False,
                    "due": dossier._format_dt(line.date_due)
                    if line.date_due and line.is_turn
                    else False,
                    "result": line.result or False,
                    "result_label": timings.get(line.result, "") if line.is_turn else "",
                }
            )
        return events

    def _onestop_public_values(self):
        """Everything the public tracking page shows: masked personal data only."""
        self.ensure_one()
        dossier = self.sudo()
        progress, progress_label = dossier._onestop_progress()
        partner = dossier.partner_id
        return {
            "code": dossier.name,
            "procedure": dossier.procedure_id.name,
            "department": dossier.department_id.name,
            "applicant": masking.initials(partner.name),
            "phone": masking.last_digits(partner.phone or partner.mobile),
            "state": dossier.state,
            "state_label": dossier._onestop_portal_state(),
            "step": dossier._onestop_current_step_name(),
            "received": dossier._format_dt(dossier.received_date) if dossier.received_date else "",
            "due": dossier._format_dt(dossier.due_date) if dossier.due_date else "",
            "resolved": dossier._format_dt(dossier.resolved_date) if dossier.resolved_date else "",
            "returned": dossier._format_dt(dossier.returned_date) if dossier.returned_date else "",
            "progress": progress,
            "progress_label": progress_label,
            "timeline": dossier._onestop_timeline(),
        }

    @api.model
    def _onestop_find_by_tracking_token(self, token):
        """The dossier with this tracking token (empty when none)."""
        Dossier = self.sudo()
        if not token or not isinstance(token, str) or len(token) > 128:
            return Dossier.browse()
        dossier = Dossier.search([("tracking_token", "=", token)], limit=1)
        if dossier and not consteq(dossier.tracking_token or "", token):
            return Dossier.browse()
        return dossier

    @api.model
    def _onestop_lookup(self, code, factor):
        """The received dossier with this code whose applicant's phone or ID number ends
        with ``factor`` (empty when none: an unknown code and a wrong factor look the same
        to the caller)."""
        Dossier = self.sudo()
        code = (code or "").strip().upper()
        factor = masking.digits_only(factor)
        if not code or code == "/" or len(factor) < 4:
            return Dossier.browse()
        dossier = Dossier.search([("name", "=", code), ("parent_id", "=", False)], limit=1)
        partner = dossier.partner_id
        matched = False
        for value in (partner.phone, partner.mobile, partner.onestop_id_number):
            digits = masking.digits_only(value)
            matched = consteq(digits[-len(factor) :], factor) or matched
        return dossier if matched else Dossier.browse()

    # ------------------------------------------------------------------ portal: uploads
    @api.model
    def _onestop_upload_max_bytes(self):
        value = self.env["ir.config_parameter"].sudo().get_param("onestop_portal.upload_max_mb")
        try:
            megabytes = float(value)
        except (TypeError, ValueError):
            megabytes = uploads.DEFAULT_MAX_MB
        if megabytes <= 0:
            megabytes = uploads.DEFAULT_MAX_MB
        return int(megabytes * 1024 * 1024)

    @api.model
    def _onestop_upload_error_message(self, error):
        """A clear message, in the user's language, for an :class:`UploadError`."""
        name = error.filename or self.env._("(no name)")
        messages = {
            "type": self.env._(
                "%(file)s: this type of file is not accepted. Send PDF, JPG, PNG or DOCX " "files.",
                file=name,
            ),
            "empty": self.env._("%(file)s is empty.", file=name),
            "size": self.env._(
                "%(file)s is too large: each file may be at most %(max)s MB.",
                file=name,
                max=error.params.get("max_mb", uploads.DEFAULT_MAX_MB),
            ),
            "content": self.env._(
                "%(file)s: its content does not match its type (%(ext)s). Send the document "
                "itself, as PDF, JPG, PNG or DOCX.",
                file=name,
                ext=uploads.extension(error.filename).upper() or "-",
            ),
        }
        return messages.get(error.code, messages["type"])

    @api.model
    def _onestop_check_uploads(self, files):
        """``files``: ``[(filename, bytes)]``. Returns ``[(clean name, mimetype, bytes)]``
        or raises a UserError listing every refused file."""
        max_bytes = self._onestop_upload_max_bytes()
        accepted, errors = [], []
        for filename, data in files:
            try:
                name, mimetype = uploads.check_file(filename, data, max_bytes)
            except uploads.UploadError as error:
                errors.append(self._onestop_upload_error_message(error))
            else:
                accepted.append((name, mimetype, data))
        if errors:
            raise UserError("\n".join(errors))
        return accepted

    def _onestop_create_attachments(self, files):
        """Store checked files on the dossier (with the mimetype the check found, never one
        the browser claimed)."""
        self.ensure_one()
        Attachment = self.env["ir.attachment"].sudo()
        return Attachment.create(
            [
                {
                    "name": name,
                    "raw": data,
                    "mimetype": mimetype,
                    "res_model": self._name,
                    "res_id": self.id,
                    "public": False,
                }
                for name, mimetype, data in files
            ]
        )

    def _onestop_other_documents_line(self):
        """The checklist line of the files sent online beyond the required documents
        (created the first time)."""
        self.ensure_one()
        line = self.document_line_ids.filtered("portal_other")[:1]
        if not line:
            line = (
                self.env["onestop.dossier.document"]
                .sudo()
                .create(
                    {
                        "dossier_id": self.id,
                        "sequence": max(self.document_line_ids.mapped("sequence") or [0]) + 10,
                        "name": self.env._("Other documents sent online"),
                        "mandatory": False,
                        "originals": 0,
                        "copies": 0,
                        "portal_other": True,
                    }
                )
            )
        return line

    def _onestop_attach_to_lines(self, files_by_line):
        """``files_by_line``: ``{document line: [(name, mimetype, bytes)]}``; an empty line
        stands for the files beyond the required documents. Returns the attachments
        created."""
        self.ensure_one()
        created = self.env["ir.attachment"]
        for line, files in files_by_line.items():
            if not files:
                continue
            line = line or self._onestop_other_documents_line()
            attachments = self._onestop_create_attachments(files)
            created |= attachments
            line.sudo().write(
                {
                    "attachment_ids": [Command.link(a.id) for a in attachments],
                    "is_submitted": True,
                }
            )
        return created

    def _onestop_portal_attachments(self):
        """The files a citizen may download from the dossier's page: the documents handed in
        and, once returned, the result. Never the files of the officers' notes."""
        self.ensure_one()
        dossier = self.sudo()
        files = dossier.document_line_ids.attachment_ids
        if dossier.state == "returned":
            files |= dossier.result_attachment_ids
        return files

    # ------------------------------------------------------------------ portal: supplement
    def _onestop_portal_supplement(self, files_by_line, author):
        """The applicant hands in what was asked, from the portal. The caller has checked
        the access (``_document_check_access``) and the files."""
        self.ensure_one()
        dossier = self.sudo()
        if not dossier.applicant_action_required:
            raise UserError(
                self.env._(
                    "The dossier %(dossier)s is not waiting for documents.",
                    dossier=dossier.display_name,
                )
            )
        if not any(files_by_line.values()):
            raise UserError(self.env._("Choose at least one file to send."))
        attachments = dossier._onestop_attach_to_lines(files_by_line)
        if dossier.state == "waiting_supplement":
            dossier._onestop_supplement_received(attachments=attachments, applicant=author)
        else:
            dossier.write({"intake_request_pending": False})
            dossier.message_post(
                body=self.env._(
                    "The applicant sent the documents asked before acceptance: the dossier "
                    "can be checked again."
                ),
                attachment_ids=attachments.ids,
                author_id=author.id,
                message_type="comment",
                subtype_xmlid="mail.mt_note",
            )
        return attachments

    # ------------------------------------------------------------------ portal: submission
    @api.model
    def _onestop_portal_submit(self, procedure, partner, values, files_by_document, key):
        """Create the online dossier of a portal form (a draft that the desk accepts with
        ``action_receive``). ``files_by_document``: ``{procedure document: [(name, mimetype,
        bytes)]}``, checked already; ``values["provided_documents"]``: the procedure's
        documents another addon provides otherwise (they need no upload); ``key``: the form's
        random key (the same key gives the same dossier). Returns ``(dossier, created)``."""
        Dossier = self.sudo()
        existing = Dossier.with_context(active_test=False).search(
            [("portal_submission_key", "=", key)], limit=1
        )
        if existing:
            if existing.partner_id != partner:
                raise ValidationError(self.env._("This form has expired: open it again."))
            return existing, False
        if not procedure._onestop_is_online():
            raise UserError(
                self.env._(
                    "The procedure %(procedure)s cannot be submitted online.",
                    procedure=procedure.name,
                )
            )
        department = values["department"]
        if department not in procedure.receiving_department_ids:
            raise UserError(self.env._("Choose one of the receiving units of the procedure."))
        provided = values.get("provided_documents") or ()
        missing = [
            document.name
            for document in procedure.document_ids
            if document.mandatory
            and document not in provided
            and not files_by_document.get(document)
        ]
        if missing:
            raise UserError(
                self.env._(
                    "Attach the mandatory documents:\n%(documents)s",
                    documents="\n".join("- %s" % name for name in missing),
                )
            )
        return_method = values.get("return_method") or "desk"
        if return_method == "online" and procedure.online_level != "full":
            return_method = "desk"
        dossier = Dossier.create(
            {
                "procedure_id": procedure.id,
                "partner_id": partner.id,
                "channel": "online",
                "department_id": department.id,
                "user_id": False,
                "return_method": return_method,
                "return_address": values.get("return_address") or False,
                "portal_submission_key": key,
                "submitted_date": fields.Datetime.now(),
            }
        )
        by_line = {}
        for line in dossier.document_line_ids:
            files = files_by_document.get(line.procedure_document_id)
            if files:
                by_line[line] = files
        if files_by_document.get(False):
            by_line[self.env["onestop.dossier.document"]] = files_by_document[False]
        attachments = dossier._onestop_attach_to_lines(by_line)
        dossier.message_post(
            body=self.env._(
                "Dossier submitted online by the applicant; the desk checks it before "
                "accepting it.%(note)s",
                note=("\n" + values["note"]) if values.get("note") else "",
            ),
            attachment_ids=attachments.ids,
            author_id=partner.id,
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        return dossier, True

    # ------------------------------------------------------------------ portal: rating
    def _onestop_rate(self, values, channel):
        """Record the applicant's rating (once, after the result is returned)."""
        self.ensure_one()
        dossier = self.sudo()
        if not dossier.can_rate:
            if dossier.rating_ids:
                raise UserError(self.env._("You have already rated this dossier. Thank you."))
            raise UserError(
                self.env._("The service is rated once the result has been returned to you.")
            )
        levels = dict(LEVELS)
        overall = values.get("overall")
        if overall not in levels:
            raise UserError(self.env._("Choose your overall satisfaction."))
        vals = {"dossier_id": dossier.id, "overall": overall, "channel": channel}
        for criterion in ("on_time", "attitude"):
            level = values.get(criterion)
            if level:
                if level not in levels:
                    raise UserError(self.env._("Choose one of the proposed answers."))
                vals[criterion] = level
        visits = values.get("visits")
        if visits not in (None, ""):
            try:
                visits = int(visits)
            except (TypeError, ValueError):
                visits = -1
            if not 0 <= visits <= 50:
                raise UserError(
                    self.env._("The number of visits is a whole number between 0 and 50.")
                )
            vals["visits"] = visits
        comment = (values.get("comment") or "").strip()
        if comment:
            vals["comment"] = comment[:2000]
        return self.env["onestop.dossier.rating"].sudo().create(vals)
